package dev.emulsion.depth;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Depth-based lens blur: what a real lens does to a scene that is sharp from front to back. The in-focus
 * plane stays sharp; blur grows with |1/z − 1/z_f| (the thin-lens circle of confusion); out-of-focus
 * foregrounds spread over what lies behind them, sharp foregrounds never leak into a blurred background,
 * and bright points become bokeh in the shape of the aperture. Computed in linear light by layered
 * compositing (see {@code docs/depth.md}).
 *
 * <p>The depth comes from a {@link DepthMap} given to {@link #DepthBlur(DepthMap, ParamValues)} or the
 * {@link Builder}, or, through the declared parameters ({@link #SPEC}, for presets and the CLI's
 * {@code --set}), from the file named by {@code depth}, the image's alpha channel or a synthetic depth.
 * Output alpha is the input alpha, unchanged. Immutable and thread-safe.
 */
public final class DepthBlur implements Stage {
    private static final List<String> SOURCES = List.of("map", "alpha", "ground-plane", "radial", "tilt-shift");

    /** The declaration: {@code depth-blur.*}. */
    public static final StageSpec SPEC = StageSpec.builder("depth-blur", PipelineOrder.LENS + 30,
                    "Depth-of-field lens blur from a depth map, with occlusion and aperture-shaped bokeh")
            .param(Param.text("depth", "depth map image file (8/16-bit gray PNG; any size of the same aspect)"))
            .param(Param.choice("source", SOURCES, "map",
                    "where depth comes from: the depth map, the alpha channel as subject mask, or synthetic"))
            .param(Param.choice("kind", List.of("inverse", "metric"), "inverse",
                    "depth map values: normalized inverse depth (near = bright) or metric distance"))
            .param(Param.choice("unit", List.of("mm", "cm", "m"), "mm", "distance of one code step of a metric map"))
            .param(Param.real("near-distance", "m", 0, 100000, 0,
                    "distance of the brightest inverse-depth value (0 = unknown: relative depth)"))
            .param(Param.real("far-distance", "m", 0, 1000000, 0,
                    "distance of the darkest inverse-depth value (0 = unknown: relative depth)"))
            .param(Param.real("focus-x", "", 0, 1, 0.5, "focus point, fraction of the width"))
            .param(Param.real("focus-y", "", 0, 1, 0.5, "focus point, fraction of the height"))
            .param(Param.real("focus-distance", "m", 0, 100000, 0,
                    "focus distance (0 = focus on the depth at the focus point)"))
            .param(Param.real("focal-length", "mm", 4, 2000, 50, "lens focal length (metric depth)"))
            .param(Param.real("f-number", "", 0.7, 64, 2, "aperture f-number (metric depth)"))
            .param(Param.real("max-blur", "µm", 0, 10000, 250,
                    "relative depth: blur radius on film across the full inverse-depth range"))
            .param(Param.real("max-blur-width", "%", 0, 10, 0,
                    "relative depth: the same as a percentage of the image width (0 = use max-blur)"))
            .param(Param.integer("blades", "", 0, 16, 0, "aperture blades: 0 for a circle, else 3 to 16"))
            .param(Param.real("rotation", "°", 0, 360, 0, "rotation of the aperture polygon"))
            .param(Param.real("curvature", "", 0, 1, 0, "blade curvature: 0 straight, 1 a circle"))
            .param(Param.real("highlight-threshold", "", 0.05, 1, 0.95,
                    "linear level of the brightest channel above which blurred light is boosted (near clipping)"))
            .param(Param.real("highlight-gain", "", 0, 50, 2,
                    "extra light given to blurred highlights at 1.0 (so 8-bit highlights bloom into bokeh)"))
            .param(Param.real("background-distance", "m", 0.01, 1000000, 10,
                    "alpha source: distance of transparent pixels (opaque ones are in focus)"))
            .param(Param.real("horizon", "", 0, 0.99, 0.4, "ground-plane source: horizon height from the top"))
            .param(Param.real("band-width", "", 0, 1, 0.15,
                    "tilt-shift source: width of the sharp band, fraction of the height"))
            .param(Param.real("band-angle", "°", -90, 90, 0, "tilt-shift source: angle of the band"))
            .factory(DepthBlur::new)
            .build();

    /** The alpha source's focus distance when none is given. */
    private static final double DEFAULT_SUBJECT_DISTANCE_M = 2.0;

    private final ParamValues params;
    private final DepthMap map;         // null for the alpha source
    private final String source;
    private final boolean metric;       // whether the thin-lens formula applies
    private final double nearQ;         // 1/m, inverse maps with known distances
    private final double farQ;
    private final Aperture aperture;
    private final LayeredBlur engine;

    /**
     * Builds the stage from declared values; with {@code source = map} the map is read from the file named
     * by {@code depth}.
     *
     * @throws IllegalArgumentException naming the parameter or the file for a bad value, a missing or
     *                                  unreadable file, or inconsistent settings
     */
    public DepthBlur(ParamValues values) {
        this(null, values);
    }

    /**
     * Builds the stage with a depth map object (the {@code depth}, {@code kind} and {@code unit} values
     * are then ignored; the map's own kind rules).
     *
     * @param depth  the depth map, or {@code null} to take it from the values
     * @param values validated values of {@link #SPEC}
     * @throws IllegalArgumentException for inconsistent settings
     */
    public DepthBlur(DepthMap depth, ParamValues values) {
        if (values.spec() != SPEC) {
            throw new IllegalArgumentException("values of stage " + values.spec().name() + " given to depth-blur");
        }
        this.params = values;
        this.source = values.choice("source");
        this.aperture = new Aperture(values.integer("blades"), values.real("rotation"), values.real("curvature"));
        double near = values.real("near-distance");
        double far = values.real("far-distance");
        if (depth != null) {
            this.map = depth;
        } else {
            this.map = mapFromValues(values);
        }
        if (source.equals("alpha") && depth == null) {
            this.metric = true;
        } else {
            boolean known = near > 0 || far > 0;
            if (known && map.kind() == DepthMap.Kind.INVERSE) {
                if (!(near > 0 && far > near)) {
                    throw new IllegalArgumentException("depth-blur.near-distance = " + Param.fmt(near)
                            + " and far-distance = " + Param.fmt(far)
                            + " must both be given, with near-distance < far-distance");
                }
            }
            this.metric = map.kind() == DepthMap.Kind.METRIC || known;
        }
        this.nearQ = near > 0 ? 1 / near : 0;
        this.farQ = far > 0 ? 1 / far : 0;
        if (!metric && values.real("focus-distance") > 0) {
            throw new IllegalArgumentException("depth-blur.focus-distance = " + Param.fmt(values.real("focus-distance"))
                    + " needs metric depth: a metric map, or near-distance and far-distance for an inverse map;"
                    + " with relative depth focus on a point (focus-x, focus-y)");
        }
        this.engine = new LayeredBlur(aperture);
    }

    private static DepthMap mapFromValues(ParamValues v) {
        String src = v.choice("source");
        switch (src) {
            case "alpha":
                return null;
            case "ground-plane":
                return DepthMap.groundPlane(v.real("horizon"));
            case "radial":
                return DepthMap.radial(v.real("focus-x"), v.real("focus-y"));
            case "tilt-shift":
                return DepthMap.tiltShift(v.real("focus-x"), v.real("focus-y"), v.real("band-angle"),
                        v.real("band-width"));
            case "map":
            default: {
                String path = v.text("depth");
                if (path == null) {
                    throw new IllegalArgumentException("depth-blur.depth: no depth map given; set depth-blur.depth"
                            + "=FILE or choose depth-blur.source=alpha, ground-plane, radial or tilt-shift");
                }
                DepthMap.Kind kind = v.choice("kind").equals("metric") ? DepthMap.Kind.METRIC : DepthMap.Kind.INVERSE;
                double unit;
                switch (v.choice("unit")) {
                    case "m":
                        unit = 1;
                        break;
                    case "cm":
                        unit = 0.01;
                        break;
                    default:
                        unit = 0.001;
                }
                return DepthMap.read(Path.of(path), kind, unit);
            }
        }
    }

    /** @return a builder starting from the declared defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the depth map, or {@code null} when the image's alpha is the depth source */
    public DepthMap depthMap() {
        return map;
    }

    /** @return the aperture shape */
    public Aperture aperture() {
        return aperture;
    }

    @Override
    public StageSpec spec() {
        return SPEC;
    }

    @Override
    public ParamValues params() {
        return params;
    }

    @Override
    public FloatImage apply(FloatImage input, RenderContext ctx) {
        float[] coc = cocRadii(input, ctx);
        return engine.render(input, coc, (float) params.real("highlight-threshold"),
                (float) params.real("highlight-gain"), ctx.scheduler());
    }

    /**
     * The signed circle-of-confusion radius of every pixel in pixels: positive behind the focal plane,
     * negative in front, clamped to ±256 px. Exposed for tests and tools.
     *
     * @throws IllegalArgumentException when a depth map's aspect ratio differs from the image's, or the
     *                                  alpha source is used on an image without alpha
     */
    public float[] cocRadii(FloatImage input, RenderContext ctx) {
        int w = input.width();
        int h = input.height();
        float[] v;
        if (map == null) {
            if (!input.hasAlpha()) {
                throw new IllegalArgumentException("depth-blur.source = alpha needs an image with an alpha channel");
            }
            double zf = params.real("focus-distance") > 0 ? params.real("focus-distance") : DEFAULT_SUBJECT_DISTANCE_M;
            float qf = (float) (1 / zf);
            float qb = (float) (1 / params.real("background-distance"));
            float[] a = input.alpha();
            v = new float[w * h];
            for (int i = 0; i < v.length; i++) {
                float al = Math.max(0f, Math.min(1f, a[i]));
                v[i] = al * qf + (1 - al) * qb;
            }
        } else {
            v = map.resample(w, h);
            if (map.kind() == DepthMap.Kind.INVERSE && metric) {
                float a = (float) farQ;
                float b = (float) (nearQ - farQ);
                for (int i = 0; i < v.length; i++) {
                    v[i] = a + b * v[i];
                }
            }
        }
        // v is now normalized inverse depth (relative) or 1/z in 1/m (metric); the radius is affine in v.
        double vf;
        if (map == null) {
            double zf = params.real("focus-distance") > 0 ? params.real("focus-distance") : DEFAULT_SUBJECT_DISTANCE_M;
            vf = 1 / zf;
        } else if (params.real("focus-distance") > 0) {
            vf = 1 / params.real("focus-distance");
        } else {
            vf = medianAt(v, w, h, params.real("focus-x"), params.real("focus-y"));
        }
        double scale; // px per unit of (vf − v)
        double pitch = ctx.pixelPitchMicrons(w, h);
        if (metric) {
            double f = params.real("focal-length");
            double n = params.real("f-number");
            double qfmm = vf / 1000.0;
            if (qfmm * f >= 0.999) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "depth-blur: the focus distance %.3f m is not beyond the focal length %s mm",
                        1 / vf, Param.fmt(f)));
            }
            // Thin lens: CoC diameter c = f²/N · (1/z_f − 1/z) / (1 − f/z_f), lengths in mm.
            double diamPerQmm = f * f / n / (1 - f * qfmm);
            scale = diamPerQmm / 1000.0 * 1000.0 / 2.0 / pitch; // per (1/m): 1/m = 1/1000 mm⁻¹; mm→µm ×1000
        } else {
            double maxPx = params.real("max-blur-width") > 0
                    ? w * params.real("max-blur-width") / 100.0
                    : params.real("max-blur") / pitch;
            scale = maxPx;
        }
        float fvf = (float) vf;
        float fs = (float) scale;
        float lim = LayeredBlur.MAX_RADIUS;
        for (int i = 0; i < v.length; i++) {
            // Math.min/max rather than branches: C2 vectorizes this loop.
            v[i] = Math.max(-lim, Math.min(lim, fs * (fvf - v[i])));
        }
        return v;
    }

    /** The median depth in a small window (1 % of the long side, at least 5 px) around the focus point. */
    static double medianAt(float[] v, int w, int h, double fx, double fy) {
        int half = Math.max(2, (int) Math.round(0.005 * Math.max(w, h)));
        int cx = (int) Math.min(w - 1, Math.floor(fx * w));
        int cy = (int) Math.min(h - 1, Math.floor(fy * h));
        int xa = Math.max(0, cx - half);
        int xb = Math.min(w - 1, cx + half);
        int ya = Math.max(0, cy - half);
        int yb = Math.min(h - 1, cy + half);
        float[] win = new float[(xb - xa + 1) * (yb - ya + 1)];
        int k = 0;
        for (int y = ya; y <= yb; y++) {
            for (int x = xa; x <= xb; x++) {
                win[k++] = v[y * w + x];
            }
        }
        Arrays.sort(win);
        return win[win.length / 2];
    }

    @Override
    public String toString() {
        return "DepthBlur[" + (map == null ? "alpha" : map.origin()) + ", " + params + "]";
    }

    /**
     * A typed front for the declared parameters: every setter stores the value under its declared name and
     * {@link #build()} validates them all through {@link #SPEC}.
     */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();
        private DepthMap depth;

        private Builder() {
        }

        /** Uses this depth map (source = map). */
        public Builder depth(DepthMap map) {
            this.depth = map;
            values.put("source", "map");
            return this;
        }

        /** Uses the image's alpha as a subject mask, the background at {@code metres}. */
        public Builder alphaMask(double backgroundMetres) {
            this.depth = null;
            values.put("source", "alpha");
            values.put("background-distance", backgroundMetres);
            return this;
        }

        /** Focuses on the depth at a point given as fractions of width and height. */
        public Builder focusPoint(double x, double y) {
            values.put("focus-x", x);
            values.put("focus-y", y);
            values.put("focus-distance", 0.0);
            return this;
        }

        /** Focuses at a distance in metres (metric depth). */
        public Builder focusDistance(double metres) {
            values.put("focus-distance", metres);
            return this;
        }

        /** Sets the distances of the brightest and darkest values of an inverse map, making it metric. */
        public Builder distances(double nearMetres, double farMetres) {
            values.put("near-distance", nearMetres);
            values.put("far-distance", farMetres);
            return this;
        }

        /** Sets the focal length in mm. */
        public Builder focalLength(double mm) {
            values.put("focal-length", mm);
            return this;
        }

        /** Sets the f-number. */
        public Builder fNumber(double n) {
            values.put("f-number", n);
            return this;
        }

        /** Relative depth: blur radius in µm on film across the full inverse-depth range. */
        public Builder maxBlurMicrons(double um) {
            values.put("max-blur", um);
            values.put("max-blur-width", 0.0);
            return this;
        }

        /** Relative depth: blur radius in % of the image width across the full inverse-depth range. */
        public Builder maxBlurPercentOfWidth(double percent) {
            values.put("max-blur-width", percent);
            return this;
        }

        /** Sets the aperture: 0 blades for a circle, rotation in degrees, curvature 0–1. */
        public Builder aperture(int blades, double rotationDeg, double curvature) {
            values.put("blades", blades);
            values.put("rotation", rotationDeg);
            values.put("curvature", curvature);
            return this;
        }

        /** Sets the highlight boost: threshold (linear luminance) and gain (0 = off). */
        public Builder highlights(double threshold, double gain) {
            values.put("highlight-threshold", threshold);
            values.put("highlight-gain", gain);
            return this;
        }

        /** Sets any declared parameter by name (for the synthetic sources' settings). */
        public Builder set(String name, Object value) {
            values.put(name, value);
            return this;
        }

        /**
         * @return the stage
         * @throws IllegalArgumentException naming the parameter for a value out of range
         */
        public DepthBlur build() {
            return new DepthBlur(depth, SPEC.values(values));
        }
    }
}
