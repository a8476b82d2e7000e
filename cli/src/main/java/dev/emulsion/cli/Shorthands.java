package dev.emulsion.cli;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one table that maps the convenience flags of {@code emulsion apply} onto {@code --set stage.param=value}
 * overrides. The depth-blur and lut stages are owned by their families; if a parameter is renamed there, this
 * table is the only place to change. A flag whose stage is not in the build is a usage error (exit 2).
 */
final class Shorthands {
    private Shorthands() {
    }

    /**
     * One flag: the option as typed, the {@code stage.param} key(s) it sets, and how the typed text becomes
     * the parameters' values (for example {@code 85mm} → {@code 85}; {@code 0.5,0.4} → two values).
     */
    static final class Entry {
        final String option;
        final List<String> keys;
        final Function<String, List<String>> convert;

        Entry(String option, String key, UnaryOperator<String> convert) {
            this(option, List.of(key), s -> List.of(convert.apply(s)));
        }

        Entry(String option, List<String> keys, Function<String, List<String>> convert) {
            this.option = option;
            this.keys = keys;
            this.convert = convert;
        }

        /** @return the first key (the only one for most flags) */
        String key() {
            return keys.get(0);
        }

        /** @return the stage part of the keys */
        String stage() {
            return keys.get(0).substring(0, keys.get(0).indexOf('.'));
        }
    }

    /** Value of {@code --depth} (a per-input depth map is paired by {@link Inputs#depthFor}). */
    static final Entry DEPTH = new Entry("--depth", "depth-blur.depth", s -> s);

    /** Every shorthand. Units: distances in metres, focal length in mm, focus point as fractions x,y of the frame. */
    static final List<Entry> TABLE = List.of(
            DEPTH,
            new Entry("--depth-kind", "depth-blur.kind", s -> s.trim().toLowerCase(Locale.ROOT)),
            new Entry("--focus", List.of("depth-blur.focus-x", "depth-blur.focus-y"), Shorthands::point),
            new Entry("--focus-distance", "depth-blur.focus-distance", s -> length(s, "m", 1.0)),
            new Entry("--aperture", "depth-blur.f-number", Shorthands::fNumber),
            new Entry("--focal-length", "depth-blur.focal-length", s -> length(s, "mm", 1000.0)),
            new Entry("--blades", "depth-blur.blades", String::trim),
            new Entry("--lut", "lut.file", s -> s));

    /** @return the entry for an option name */
    static Entry of(String option) {
        for (Entry e : TABLE) {
            if (e.option.equals(option)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no shorthand " + option);
    }

    /** "0.5, 0.4" → ["0.5", "0.4"]; both must be numbers. */
    static List<String> point(String s) {
        String[] parts = s.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + s + "' is not a point: allowed is X,Y as fractions of the frame, e.g. 0.5,0.4");
        }
        try {
            double x = Double.parseDouble(parts[0].trim());
            double y = Double.parseDouble(parts[1].trim());
            return List.of(Double.toString(x), Double.toString(y));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a point: allowed is X,Y as fractions of the frame, e.g. 0.5,0.4");
        }
    }

    /** "f/1.8", "f1.8", "1.8" → "1.8". */
    static String fNumber(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("f/")) {
            t = t.substring(2);
        } else if (t.startsWith("f")) {
            t = t.substring(1);
        }
        try {
            return Double.toString(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not an f-number: allowed is a number such as 1.8 or f/1.8");
        }
    }

    /**
     * Parses a length with an optional unit (mm, cm, m, ft, in) and returns it in {@code unit}.
     *
     * @param perMetre how many of {@code unit} make one metre (1 for m, 1000 for mm)
     */
    static String length(String s, String unit, double perMetre) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        double factor; // metres per typed unit
        String num;
        if (t.endsWith("mm")) {
            factor = 0.001;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("cm")) {
            factor = 0.01;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("ft")) {
            factor = 0.3048;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("in")) {
            factor = 0.0254;
            num = t.substring(0, t.length() - 2);
        } else if (t.endsWith("m")) {
            factor = 1.0;
            num = t.substring(0, t.length() - 1);
        } else {
            factor = 1.0 / perMetre; // a bare number is in the parameter's own unit
            num = t;
        }
        try {
            double v = Double.parseDouble(num.trim()) * factor * perMetre;
            return Double.toString(Math.round(v * 1e6) / 1e6);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a length: allowed is a number with a unit such as 2.5m, 250cm or 85mm (bare numbers are in " + unit + ")");
        }
    }
}
