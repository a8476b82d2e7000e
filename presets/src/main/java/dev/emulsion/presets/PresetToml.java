package dev.emulsion.presets;

import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;

import java.util.Map;

/** Writes a resolved {@link Preset} as a TOML document in the current schema. */
final class PresetToml {
    private PresetToml() {
    }

    static String write(Preset p) {
        StringBuilder sb = new StringBuilder();
        sb.append("# effective preset: inheritance resolved, every parameter shown\n");
        sb.append("schema = ").append(PresetLibrary.SCHEMA_VERSION).append('\n');
        sb.append("name = ").append(quote(p.name())).append('\n');
        sb.append("title = ").append(quote(p.title())).append('\n');
        if (!p.type().isEmpty()) {
            sb.append("type = ").append(quote(p.type())).append('\n');
        }
        if (p.iso() > 0) {
            sb.append("iso = ").append(p.iso()).append('\n');
        }
        if (!p.look().isEmpty()) {
            sb.append("look = ").append(quote(p.look())).append('\n');
        }
        sb.append("strength = ").append(Param.fmt(p.strength())).append('\n');
        p.format().ifPresent(f -> sb.append("format = ").append(quote(f.id())).append('\n'));
        for (ParamValues v : p.stages().values()) {
            sb.append("\n[stages.").append(v.spec().name()).append("]\n");
            for (Map.Entry<String, Object> e : v.asMap().entrySet()) {
                sb.append(e.getKey()).append(" = ").append(value(e.getValue())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String value(Object v) {
        if (v instanceof double[]) {
            StringBuilder sb = new StringBuilder("[");
            double[] d = (double[]) v;
            for (int i = 0; i < d.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(number((Double) d[i]));
            }
            return sb.append(']').toString();
        }
        if (v instanceof String) {
            return quote((String) v);
        }
        if (v instanceof Double) {
            return number((Double) v);
        }
        return String.valueOf(v);
    }

    private static String number(Double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s : s.replace("E", "e");
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                default: sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
