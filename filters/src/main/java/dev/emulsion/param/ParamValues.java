package dev.emulsion.param;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete, validated set of values for one stage's parameters: every declared parameter has a value
 * (its default unless given), except TEXT parameters, which may be absent. Immutable.
 */
public final class ParamValues {
    private final StageSpec spec;
    private final Map<String, Object> values;

    ParamValues(StageSpec spec, Map<String, Object> values) {
        this.spec = spec;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** @return the stage these values belong to */
    public StageSpec spec() {
        return spec;
    }

    /** @return the values by parameter name, in declaration order (arrays are live: do not change them) */
    public Map<String, Object> asMap() {
        return values;
    }

    /** @return the REAL parameter's value */
    public double real(String name) {
        return (Double) get(name);
    }

    /** @return the INTEGER parameter's value */
    public int integer(String name) {
        return (Integer) get(name);
    }

    /** @return the BOOLEAN parameter's value */
    public boolean bool(String name) {
        return (Boolean) get(name);
    }

    /** @return the CHOICE parameter's value */
    public String choice(String name) {
        return (String) get(name);
    }

    /** @return a copy of the REALS parameter's value */
    public double[] reals(String name) {
        return ((double[]) get(name)).clone();
    }

    /** @return the TEXT parameter's value, or {@code null} when absent */
    public String text(String name) {
        spec.param(name);
        return (String) values.get(name);
    }

    private Object get(String name) {
        spec.param(name);
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException(spec.name() + "." + name + " has no value");
        }
        return v;
    }

    /**
     * Returns these values with some replaced.
     *
     * @param overrides parameter name to raw value (validated as by {@link StageSpec#values(Map)})
     * @return a new validated set
     * @throws IllegalArgumentException for an unknown parameter or a value out of range
     */
    public ParamValues with(Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return spec.values(merged);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(spec.name()).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            Object v = e.getValue();
            sb.append(e.getKey()).append('=')
                    .append(v instanceof double[] ? java.util.Arrays.toString((double[]) v) : v);
        }
        return sb.append('}').toString();
    }
}
