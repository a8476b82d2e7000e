package dev.emulsion.param;

import java.util.List;

/**
 * Generates the parameter reference (Markdown) from the stage declarations, so the docs, presets and the
 * CLI never drift apart. {@code docs/PARAMETERS.md} is this output; a test keeps it current.
 */
public final class ParamReference {
    private ParamReference() {
    }

    /** @return the Markdown reference of every registered stage, in pipeline order */
    public static String markdown() {
        return markdown(StageRegistry.all());
    }

    /** @return the Markdown reference of the given stages */
    public static String markdown(List<StageSpec> specs) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Stage parameter reference\n\n");
        sb.append("Generated from the stage declarations (`ParamReference.markdown()`); do not edit by hand. ")
                .append("Regenerate with `mvn -q -pl filters test -Dtest=ParamReferenceTest -Demulsion.docs=true`.\n\n")
                .append("Each stage is a `[stages.NAME]` table in a preset file and a `--set NAME.PARAM=VALUE` ")
                .append("on the command line. Stages run in the order listed (pipeline rank).\n");
        for (StageSpec s : specs) {
            sb.append("\n## ").append(s.name()).append("\n\n").append(s.doc()).append(" (rank ")
                    .append(s.rank()).append(")\n\n");
            if (s.params().isEmpty()) {
                sb.append("No parameters.\n");
                continue;
            }
            sb.append("| parameter | type | unit | allowed | default | description |\n");
            sb.append("|---|---|---|---|---|---|\n");
            for (Param p : s.params()) {
                sb.append("| `").append(p.name()).append("` | ").append(p.type().name().toLowerCase(java.util.Locale.ROOT))
                        .append(" | ").append(p.unit()).append(" | ").append(p.allowed().replace("|", "\\|"))
                        .append(" | ").append(defaultText(p)).append(" | ").append(p.doc().replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String defaultText(Param p) {
        Object d = p.defaultValue();
        if (d == null) {
            return "—";
        }
        if (d instanceof double[]) {
            StringBuilder sb = new StringBuilder();
            for (double v : (double[]) d) {
                sb.append(sb.length() == 0 ? "" : ", ").append(Param.fmt(v));
            }
            return sb.toString();
        }
        if (d instanceof Double) {
            return Param.fmt((Double) d);
        }
        return String.valueOf(d);
    }
}
