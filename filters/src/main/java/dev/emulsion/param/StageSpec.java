package dev.emulsion.param;

import dev.emulsion.chain.Stage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The declaration of one kind of stage: its name, a one-line description, its place in the physical
 * pipeline ({@link #rank()}), its parameters, and a factory that builds the stage from validated values.
 * Each stage class declares exactly one {@code StageSpec} (conventionally {@code public static final SPEC})
 * and its constructor validates through it, so the Java API, preset files, the CLI's {@code --set} and the
 * generated docs share one declaration. Immutable.
 */
public final class StageSpec {
    private final String name;
    private final String doc;
    private final int rank;
    private final List<Param> params;
    private final Map<String, Param> byName;
    private final Function<ParamValues, ? extends Stage> factory;

    private StageSpec(Builder b) {
        this.name = b.name;
        this.doc = b.doc;
        this.rank = b.rank;
        this.params = List.copyOf(b.params);
        Map<String, Param> m = new LinkedHashMap<>();
        for (Param p : params) {
            if (m.put(p.name(), p) != null) {
                throw new IllegalArgumentException("stage " + name + " declares parameter " + p.name() + " twice");
            }
        }
        this.byName = m;
        this.factory = Objects.requireNonNull(b.factory, "factory");
    }

    /**
     * Starts a declaration.
     *
     * @param name kebab-case stage name, unique across the library (the preset table name)
     * @param rank the stage's place in the physical pipeline; see {@link PipelineOrder}
     * @param doc  one-line description
     */
    public static Builder builder(String name, int rank, String doc) {
        return new Builder(name, rank, doc);
    }

    /** @return the kebab-case stage name */
    public String name() {
        return name;
    }

    /** @return the one-line description */
    public String doc() {
        return doc;
    }

    /** @return the pipeline rank: stages built from a preset run in ascending rank */
    public int rank() {
        return rank;
    }

    /** @return the declared parameters in declaration order */
    public List<Param> params() {
        return params;
    }

    /**
     * @return the named parameter
     * @throws IllegalArgumentException if this stage has no such parameter, listing the ones it has
     */
    public Param param(String paramName) {
        Param p = byName.get(paramName);
        if (p == null) {
            throw new IllegalArgumentException("stage '" + name + "' has no parameter '" + paramName
                    + "': its parameters are " + String.join(", ", byName.keySet()));
        }
        return p;
    }

    /**
     * Validates one value for this stage, for a constructor's argument checks.
     *
     * @return the canonical value
     * @throws IllegalArgumentException naming {@code stage.param}, the value and the allowed range
     */
    public Object check(String paramName, Object value) {
        Param p = param(paramName);
        try {
            return p.validate(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "." + e.getMessage().replaceFirst("^parameter '([^']*)'", "$1"), e);
        }
    }

    /** Validates a real value and returns it. */
    public double checkReal(String paramName, double value) {
        return (Double) check(paramName, value);
    }

    /** Validates an integer value and returns it. */
    public int checkInt(String paramName, int value) {
        return (Integer) check(paramName, value);
    }

    /** Validates a list of reals and returns a copy. */
    public double[] checkReals(String paramName, double[] value) {
        return (double[]) check(paramName, value);
    }

    /** Validates a choice and returns its canonical (lower-case) form. */
    public String checkChoice(String paramName, String value) {
        return (String) check(paramName, value);
    }

    /** @return the values with every parameter at its default */
    public ParamValues defaults() {
        return values(Map.of());
    }

    /**
     * Validates raw values (from Java, TOML or the command line) and fills in defaults.
     *
     * @throws IllegalArgumentException for an unknown parameter or a value out of range
     */
    public ParamValues values(Map<String, ?> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            param(key);
        }
        for (Param p : params) {
            Object v = raw.get(p.name());
            if (v != null) {
                out.put(p.name(), check(p.name(), v));
            } else if (p.defaultValue() != null) {
                out.put(p.name(), p.defaultValue());
            }
        }
        return new ParamValues(this, out);
    }

    /** Builds the stage from validated values. */
    public Stage create(ParamValues values) {
        if (values.spec() != this) {
            throw new IllegalArgumentException("values of stage " + values.spec().name() + " given to " + name);
        }
        return factory.apply(values);
    }

    /** Builds the stage from raw values; see {@link #values(Map)}. */
    public Stage create(Map<String, ?> raw) {
        return create(values(raw));
    }

    @Override
    public String toString() {
        return "StageSpec[" + name + "]";
    }

    /** Collects a declaration; {@link #build()} checks it. */
    public static final class Builder {
        private final String name;
        private final int rank;
        private final String doc;
        private final List<Param> params = new ArrayList<>();
        private Function<ParamValues, ? extends Stage> factory;

        private Builder(String name, int rank, String doc) {
            if (!name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("stage name '" + name + "' must be lower-case kebab-case");
            }
            this.name = name;
            this.rank = rank;
            this.doc = Objects.requireNonNull(doc, "doc");
        }

        /** Adds a parameter. */
        public Builder param(Param p) {
            params.add(p);
            return this;
        }

        /** Sets how to build the stage from validated values. */
        public Builder factory(Function<ParamValues, ? extends Stage> f) {
            this.factory = f;
            return this;
        }

        /** @return the declaration */
        public StageSpec build() {
            return new StageSpec(this);
        }
    }
}
