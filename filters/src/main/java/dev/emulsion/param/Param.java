package dev.emulsion.param;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One declared stage parameter: name, unit, range, default and a one-line description. It is the single
 * source of truth that validates the Java API, parses preset files, drives the CLI's {@code --set} and
 * produces the parameter reference. Immutable.
 */
public final class Param {
    private final String name;
    private final ParamType type;
    private final String unit;
    private final double min;
    private final double max;
    private final Object defaultValue;
    private final List<String> choices;
    private final int length;
    private final String doc;
    private final boolean path;

    private Param(String name, ParamType type, String unit, double min, double max, Object defaultValue,
                  List<String> choices, int length, String doc) {
        this(name, type, unit, min, max, defaultValue, choices, length, doc, false);
    }

    private Param(String name, ParamType type, String unit, double min, double max, Object defaultValue,
                  List<String> choices, int length, String doc, boolean path) {
        this.path = path;
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("parameter name '" + name + "' must be lower-case kebab-case");
        }
        this.name = name;
        this.type = type;
        this.unit = unit == null ? "" : unit;
        this.min = min;
        this.max = max;
        this.choices = choices;
        this.length = length;
        this.doc = Objects.requireNonNull(doc, "doc");
        this.defaultValue = defaultValue == null ? null : validate(defaultValue);
    }

    /** Declares a real-valued parameter. */
    public static Param real(String name, String unit, double min, double max, double def, String doc) {
        return new Param(name, ParamType.REAL, unit, min, max, def, null, 1, doc);
    }

    /** Declares an integer parameter. */
    public static Param integer(String name, String unit, int min, int max, int def, String doc) {
        return new Param(name, ParamType.INTEGER, unit, min, max, def, null, 1, doc);
    }

    /** Declares a boolean parameter. */
    public static Param bool(String name, boolean def, String doc) {
        return new Param(name, ParamType.BOOLEAN, "", 0, 1, def, null, 1, doc);
    }

    /** Declares a choice among lower-case words; the default must be one of them. */
    public static Param choice(String name, List<String> choices, String def, String doc) {
        return new Param(name, ParamType.CHOICE, "", 0, 0, def, List.copyOf(choices), 1, doc);
    }

    /** Declares a fixed-length list of reals, each in [min, max]. */
    public static Param reals(String name, String unit, double min, double max, double[] def, String doc) {
        return new Param(name, ParamType.REALS, unit, min, max, def.clone(), null, def.length, doc);
    }

    /** Declares a text parameter (such as a path) with no default: it is absent unless given. */
    public static Param text(String name, String doc) {
        return new Param(name, ParamType.TEXT, "", 0, 0, null, null, 1, doc);
    }

    /**
     * Declares a file path parameter (TEXT with no default). A preset file may give it relative to the
     * preset's own folder; the loader resolves it.
     */
    public static Param path(String name, String doc) {
        return new Param(name, ParamType.TEXT, "", 0, 0, null, null, 1, doc, true);
    }

    /** @return whether this TEXT parameter names a file (resolved relative to a preset file's folder) */
    public boolean isPath() {
        return path;
    }

    /** @return the kebab-case name, unique within its stage */
    public String name() {
        return name;
    }

    /** @return the value type */
    public ParamType type() {
        return type;
    }

    /** @return the unit ("EV", "µm", "K", ...) or "" when unitless */
    public String unit() {
        return unit;
    }

    /** @return the smallest allowed value (numeric types) */
    public double min() {
        return min;
    }

    /** @return the largest allowed value (numeric types) */
    public double max() {
        return max;
    }

    /** @return the allowed words of a CHOICE parameter, else an empty list */
    public List<String> choices() {
        return choices == null ? List.of() : choices;
    }

    /** @return the number of values of a REALS parameter, else 1 */
    public int length() {
        return length;
    }

    /** @return the one-line description */
    public String doc() {
        return doc;
    }

    /**
     * @return the default in its canonical Java type ({@code Double}, {@code Integer}, {@code Boolean},
     *     {@code String}, a copy of {@code double[]}), or {@code null} for a TEXT parameter
     */
    public Object defaultValue() {
        return defaultValue instanceof double[] ? ((double[]) defaultValue).clone() : defaultValue;
    }

    /** @return a human-readable statement of what values are allowed, used in every error message */
    public String allowed() {
        switch (type) {
            case REAL:
                return "a number from " + fmt(min) + " to " + fmt(max) + unitSuffix();
            case INTEGER:
                return "an integer from " + (long) min + " to " + (long) max + unitSuffix();
            case BOOLEAN:
                return "true or false";
            case CHOICE:
                return "one of " + String.join(", ", choices);
            case REALS:
                return length + " numbers, each from " + fmt(min) + " to " + fmt(max) + unitSuffix();
            case TEXT:
            default:
                return "a non-empty text";
        }
    }

    private String unitSuffix() {
        return unit.isEmpty() ? "" : " " + unit;
    }

    /** Formats a number without a trailing ".0". */
    public static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /**
     * Checks a value and converts it to the canonical Java type.
     *
     * @param value a {@code Number}, {@code Boolean}, {@code String}, {@code double[]}, {@code float[]} or a
     *              {@code List} of numbers, as a Java caller, a preset file or the CLI supplies it
     * @return the canonical value
     * @throws IllegalArgumentException naming this parameter, the value and what is allowed
     */
    public Object validate(Object value) {
        if (value == null) {
            throw bad("nothing");
        }
        switch (type) {
            case REAL: {
                double d = toDouble(value);
                if (!(d >= min && d <= max)) {
                    throw bad(value);
                }
                return d;
            }
            case INTEGER: {
                double d = toDouble(value);
                if (d != Math.rint(d) || !(d >= min && d <= max)) {
                    throw bad(value);
                }
                return (int) d;
            }
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                if (value instanceof String) {
                    String s = ((String) value).trim().toLowerCase(Locale.ROOT);
                    if (s.equals("true") || s.equals("false")) {
                        return Boolean.valueOf(s);
                    }
                }
                throw bad(value);
            case CHOICE: {
                if (value instanceof String) {
                    String s = ((String) value).trim().toLowerCase(Locale.ROOT);
                    if (choices.contains(s)) {
                        return s;
                    }
                }
                throw bad(value);
            }
            case REALS: {
                double[] v = toDoubles(value);
                if (v == null || v.length != length) {
                    throw bad(describe(value));
                }
                for (double d : v) {
                    if (!(d >= min && d <= max)) {
                        throw bad(describe(value));
                    }
                }
                return v;
            }
            case TEXT:
            default:
                if (value instanceof String && !((String) value).isBlank()) {
                    return value;
                }
                throw bad(value);
        }
    }

    private double toDouble(Object value) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            try {
                return Double.parseDouble(((String) value).trim());
            } catch (NumberFormatException e) {
                throw bad(value);
            }
        }
        throw bad(value);
    }

    private double[] toDoubles(Object value) {
        if (value instanceof double[]) {
            return ((double[]) value).clone();
        }
        if (value instanceof float[]) {
            float[] f = (float[]) value;
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        if (value instanceof Number) {
            return new double[] {((Number) value).doubleValue()};
        }
        List<?> list;
        if (value instanceof List) {
            list = (List<?>) value;
        } else if (value instanceof String) {
            String s = ((String) value).trim();
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            list = new ArrayList<>(Arrays.asList(s.split("\\s*,\\s*")));
        } else {
            return null;
        }
        double[] d = new double[list.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = toDouble(list.get(i));
        }
        return d;
    }

    private static String describe(Object value) {
        if (value instanceof double[]) {
            return Arrays.toString((double[]) value);
        }
        if (value instanceof float[]) {
            return Arrays.toString((float[]) value);
        }
        return String.valueOf(value);
    }

    private IllegalArgumentException bad(Object value) {
        return new IllegalArgumentException(
                "parameter '" + name + "' = " + describe(value) + " is out of range: allowed is " + allowed());
    }

    @Override
    public String toString() {
        return name + " (" + type + ", " + allowed() + ")";
    }
}
