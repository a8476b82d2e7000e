package dev.emulsion.jmh;

import dev.emulsion.chain.PointStage;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.param.StageRegistry;
import dev.emulsion.param.StageSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds stages for benchmarks from short text, so a stage list can be a JMH {@code @Param} and be changed on
 * the command line ({@code -p points=exposure(ev=0.5)+grain}) without recompiling.
 *
 * <p>Syntax: stages separated by {@code +}; each is a registered stage name, optionally followed by
 * parameters in parentheses separated by {@code ;} ({@code tone(black-lift=0.02;highlight-knee=0.8)}).
 * Parameters left out take their declared defaults. Commas are not used because JMH splits {@code -p}
 * values on them.
 */
public final class BenchStages {
    /** The foundation's point stages with non-identity settings, so every kernel really works. */
    public static final String FOUNDATION =
            "exposure(ev=0.3)+white-balance(temperature=5200;tint=8)+tone(black-lift=0.02;highlight-knee=0.8)";

    /** Neighbourhood stages tried, in this order, by {@link #neighbourhood(String)} for {@code "auto"}. */
    private static final List<String> NEIGHBOURHOOD_PREFERENCE =
            List.of("halation", "bloom", "lens-softness", "depth-blur", "chromatic-aberration");

    private BenchStages() {
    }

    /**
     * Parses a stage list.
     *
     * @param text {@code "foundation"} (see {@link #FOUNDATION}) or a {@code +}-separated list as above
     * @return the stages in order
     * @throws IllegalArgumentException for unknown stages or parameters, or values out of range
     */
    public static List<Stage> parse(String text) {
        String t = text.trim();
        if (t.equals("foundation")) {
            t = FOUNDATION;
        }
        List<Stage> out = new ArrayList<>();
        for (String item : t.split("\\+")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            String name = s;
            Map<String, Object> raw = new LinkedHashMap<>();
            int open = s.indexOf('(');
            if (open >= 0) {
                if (!s.endsWith(")")) {
                    throw new IllegalArgumentException("stage '" + s + "' lacks its closing parenthesis");
                }
                name = s.substring(0, open).trim();
                for (String kv : s.substring(open + 1, s.length() - 1).split(";")) {
                    if (kv.isBlank()) {
                        continue;
                    }
                    int eq = kv.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException("parameter '" + kv + "' of stage " + name
                                + " is not key=value");
                    }
                    raw.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                }
            }
            out.add(StageRegistry.get(name).create(raw));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("stage list '" + text + "' is empty");
        }
        return out;
    }

    /**
     * Picks one neighbourhood (non-point) stage.
     *
     * @param text {@code "auto"} for the first registered one of halation, bloom, lens-softness, depth-blur,
     *             chromatic-aberration (then any other registered non-point stage), or a one-stage list for
     *             {@link #parse(String)}
     * @return the stage
     * @throws IllegalStateException if {@code "auto"} finds no neighbourhood stage in the registry
     */
    public static Stage neighbourhood(String text) {
        if (!text.trim().equals("auto")) {
            List<Stage> list = parse(text);
            if (list.size() != 1) {
                throw new IllegalArgumentException("neighbourhood = " + text + " must name exactly one stage");
            }
            return list.get(0);
        }
        List<String> names = new ArrayList<>(NEIGHBOURHOOD_PREFERENCE);
        for (StageSpec spec : StageRegistry.all()) {
            names.add(spec.name());
        }
        for (String name : names) {
            if (!StageRegistry.contains(name)) {
                continue;
            }
            try {
                Stage s = StageRegistry.get(name).create(Map.of());
                if (!(s instanceof PointStage)) {
                    return s;
                }
            } catch (IllegalArgumentException e) {
                // a stage that needs a parameter (e.g. a file) cannot be made from defaults: try the next
            }
        }
        throw new IllegalStateException("no neighbourhood stage is registered yet (looked for "
                + NEIGHBOURHOOD_PREFERENCE + " and any non-point stage); pass -p neighbourhood=NAME");
    }

    /** @return a label such as {@code exposure+white-balance+tone} for logs */
    public static String names(List<Stage> stages) {
        StringBuilder b = new StringBuilder();
        for (Stage s : stages) {
            if (b.length() > 0) {
                b.append('+');
            }
            b.append(s.spec().name());
        }
        return b.toString();
    }

    /** @return the context benchmarks use (see {@link BenchImages#context(String)}) */
    static RenderContext context(String threads) {
        return BenchImages.context(threads);
    }
}
