package dev.emulsion.presets;

import dev.emulsion.chain.FilmFormat;
import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.Mix;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.StageRegistry;
import dev.emulsion.param.StageSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, validated film look: metadata (name, title, type, ISO, look), a global strength, an optional film
 * format, and validated parameter values for each of its stages. Inheritance is already resolved.
 * Immutable; {@link #toChain()} builds the filter chain, with stages in pipeline order.
 */
public final class Preset {
    private final String name;
    private final String title;
    private final String type;
    private final int iso;
    private final String look;
    private final String origin;
    private final double strength;
    private final FilmFormat format;
    private final Map<String, ParamValues> stages;

    Preset(String name, String title, String type, int iso, String look, String origin, double strength,
           FilmFormat format, Map<String, ParamValues> stages) {
        this.name = Objects.requireNonNull(name, "name");
        this.title = title == null ? name : title;
        this.type = type == null ? "" : type;
        this.iso = iso;
        this.look = look == null ? "" : look;
        this.origin = origin;
        this.strength = strength;
        this.format = format;
        List<ParamValues> sorted = new ArrayList<>(stages.values());
        sorted.sort(Comparator.comparingInt((ParamValues v) -> v.spec().rank()).thenComparing(v -> v.spec().name()));
        Map<String, ParamValues> m = new LinkedHashMap<>();
        for (ParamValues v : sorted) {
            m.put(v.spec().name(), v);
        }
        this.stages = Collections.unmodifiableMap(m);
    }

    /** @return the preset's name (file name without .toml) */
    public String name() {
        return name;
    }

    /** @return the human title, e.g. "Kodak Portra 400" */
    public String title() {
        return title;
    }

    /** @return the kind of film, e.g. "colour negative" or "black-and-white negative" */
    public String type() {
        return type;
    }

    /** @return the box speed, or 0 if not stated */
    public int iso() {
        return iso;
    }

    /** @return a one-line description of the look */
    public String look() {
        return look;
    }

    /** @return where the preset came from: "bundled", a user folder path or an explicit file path */
    public String origin() {
        return origin;
    }

    /** @return the global strength, 0 (no effect) to 1 (full look) */
    public double strength() {
        return strength;
    }

    /** @return the film format the preset asks for, if any */
    public Optional<FilmFormat> format() {
        return Optional.ofNullable(format);
    }

    /** @return validated values per stage name, in pipeline order */
    public Map<String, ParamValues> stages() {
        return stages;
    }

    /**
     * Returns this preset with one parameter changed, as the CLI's {@code --set stage.param=value} does. A
     * stage the preset does not use is added with its defaults and the given value; {@code stage.enabled=false}
     * removes a stage.
     *
     * @param key   {@code stage.param}
     * @param value the raw value (text as typed on a command line, or a Java value)
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public Preset with(String key, Object value) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            throw new IllegalArgumentException("'" + key + "' is not of the form stage.parameter");
        }
        String stage = key.substring(0, dot);
        String param = key.substring(dot + 1);
        StageSpec spec = StageRegistry.get(stage);
        Map<String, ParamValues> m = new LinkedHashMap<>(stages);
        if (param.equals("enabled")) {
            Object enabled = Param.bool("enabled", true, "").validate(value);
            if (!((Boolean) enabled)) {
                m.remove(stage);
            } else {
                m.putIfAbsent(stage, spec.defaults());
            }
        } else {
            ParamValues current = m.getOrDefault(stage, spec.defaults());
            m.put(stage, current.with(Map.of(param, value)));
        }
        return new Preset(name, title, type, iso, look, origin, strength, format, m);
    }

    /**
     * @param newStrength 0 to 1
     * @return this preset with another global strength
     */
    public Preset withStrength(double newStrength) {
        if (!(newStrength >= 0 && newStrength <= 1)) {
            throw new IllegalArgumentException("strength = " + newStrength + " is out of range: allowed is a number from 0 to 1");
        }
        return new Preset(name, title, type, iso, look, origin, newStrength, format, stages);
    }

    /** @return the stages this preset runs, built and in pipeline order (without the strength blend) */
    public List<Stage> buildStages() {
        List<Stage> out = new ArrayList<>();
        for (ParamValues v : stages.values()) {
            out.add(v.spec().create(v));
        }
        return out;
    }

    /**
     * Builds the filter chain: the stages in pipeline order, blended with the original by {@link #strength()}
     * when it is below 1; with the preset's film format, if it names one.
     *
     * @param ctx the render context (seed, scheduler); the preset's format replaces the context's when set
     */
    public FilterChain toChain(RenderContext ctx) {
        RenderContext c = format != null ? ctx.withFormat(format) : ctx;
        FilterChain look = FilterChain.builder().addAll(buildStages()).context(c).build();
        if (strength >= 1.0) {
            return look;
        }
        return FilterChain.builder().add(new Mix(look, strength)).context(c).build();
    }

    /** @return {@link #toChain(RenderContext)} with the default context */
    public FilterChain toChain() {
        return toChain(RenderContext.defaults());
    }

    /** @return the effective preset as a TOML document (inheritance resolved), as {@code presets show} prints */
    public String toToml() {
        return PresetToml.write(this);
    }

    @Override
    public String toString() {
        return "Preset[" + name + ", " + stages.keySet() + "]";
    }
}
