package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Halation: light that crosses the emulsion, reflects off the back of the film base and re-exposes the
 * emulsion from behind, leaving a warm (mostly red) glow around bright lights. Applied to linear scene light
 * before the film curve.
 *
 * <p>Per channel c, with strength a_c (the anti-halation classes of the film-stock notes: strong
 * 0.015/0.005/0, weak 0.08/0.02/0, none (CineStill 800T) 0.30/0.10/0.015) and spread σ_c = {@code spread} ×
 * {@code channel-spread[c]} µm on film, the halating light H is blurred by the multi-bounce kernel
 * {@code K = Σ_{k=1..n} w_k G(σ_c √k)}, {@code w_k ∝ 0.5^(k−1)} (Σ w_k = 1), and
 * <pre>  E'_c = E_c + a_c/(1 + a_c) · (K ∗ S_c − H_c)</pre>
 * where {@code H_c = E_c · t(m)} is the light above the threshold (t rises smoothly from 0 at
 * {@code threshold} to 1 at max(1, threshold + 0.1) of the brightest channel m) and {@code S_c = H_c ·
 * (1 + boost · u(m))} is the same light with the highlight boost ({@code u} rises from 0 at 0.9 to 1 at 1.0).
 * For a bright light (t = 1, no boost) this is exactly {@code (E + a·K∗E)/(1 + a)}.
 *
 * <p><b>Energy.</b> Without boost, K has unit sum, so each channel's total is kept exactly (up to the
 * clamped image border): light is only moved. With the boost, the output gains
 * {@code a/(1+a) · Σ (S − H)} — the light an 8-bit clip threw away, estimated by the boost, comes back as
 * glow only; the clipped pixels themselves are not brightened. Pixels below the threshold are left exactly
 * as they were, so an image without highlights is unchanged.
 *
 * <p>Cost: two passes over the full image (make the halating light of all channels, box-average it by
 * the pyramid factor of the narrowest glow and write the output without its glow; interpolate the glow back
 * and add it to the active planes); the multi-bounce blurs
 * run at the reduced size, so the cost does not grow with the spread. Where no pyramid is used (the narrowest
 * glow under {@code 2 × GLOW_MIN_SIGMA} pixels) and every channel's whole glow is under 3 pixels RMS
 * ({@link Blur#FIR_LIMIT}), K is replaced by one Gaussian of the same variance {@code σ_c² Σ w_k k}: the same
 * energy and RMS radius, the multi-bounce tail then being only a pixel or two long; it is computed in one
 * fused pass with no full-resolution intermediate plane. Between the two (some glow too wide for that
 * pass, the narrowest at least {@code HALF_MIN_SIGMA} pixels: 50-65 µm on a 1-3 MP image) a factor of 2 is
 * used; the exact cascade at full resolution runs only for extreme channel spreads. Both passes work on row
 * copies so that C2 vectorises every loop.
 */
public final class Halation implements Stage {
    /** The declaration. */
    public static final StageSpec SPEC = StageSpec.builder("halation", PipelineOrder.LIGHT,
                    "Halation: red-orange glow of light reflected from the film base, energy-conserving")
            .param(Param.real("spread", "µm", 5, 400, 65,
                    "sigma of the first bounce on film (65 still base, 50 cine base)"))
            .param(Param.reals("channel-spread", "", 0.1, 2, new double[] {1.0, 0.8, 0.6},
                    "per-channel R, G, B factor on spread: red spreads furthest"))
            .param(Param.reals("strength", "", 0, 1, new double[] {0.08, 0.02, 0.0},
                    "per-channel R, G, B strength a (weak anti-halation; none 0.30/0.10/0.015, strong 0.015/0.005/0)"))
            .param(Param.integer("bounces", "", 1, 3, 3, "number of reflections, each sigma sqrt(k), weight 0.5^(k-1)"))
            .param(Param.real("threshold", "", 0, 8, 0.6, "linear level of the brightest channel where halation starts"))
            .param(Param.real("highlight-boost", "", 0, 32, 3,
                    "extra glow source for near-clipped (0.9 to 1.0) pixels, so 8-bit highlights glow"))
            .factory(v -> new Halation(v.real("spread"), v.reals("channel-spread"), v.reals("strength"),
                    v.integer("bounces"), v.real("threshold"), v.real("highlight-boost")))
            .build();

    /**
     * Pixels of sigma per pyramid step: the factor is {@code floor(σ_narrowest / GLOW_MIN_SIGMA)}. Glows are
     * added at a small strength onto their source (at most a/(1+a) = 0.23), and the box average and the
     * bilinear interpolation back are themselves smooth kernels carrying most of the variance, so a narrow
     * low-resolution blur shows no blocks: against the exact cascade the glow differs by at most 9 % RMS
     * ({@code HalationPyramidTest}) and 4/255 in 8-bit output at 2 and 12 MP, as much as the old factor did.
     */
    static final double GLOW_MIN_SIGMA = 0.8;
    /**
     * Below the pyramid, the narrowest first-bounce sigma (pixels) from which a factor of 2 is used when some
     * glow is too wide for the fused one-pass path: the box average and the interpolation by 2 alone add a
     * variance of 1 px², so the narrowest glow must be at least that wide for its variance to stay exact.
     */
    static final double HALF_MIN_SIGMA = 1.0;

    private final double spread;
    private final double[] channelSpread;
    private final double[] strength;
    private final int bounces;
    private final double threshold;
    private final double boost;
    private final boolean normalize;
    private final boolean exact;
    private final ParamValues params;

    /**
     * @param spread         first-bounce sigma in µm on film, 5 to 400
     * @param channelSpread  R, G, B factors on spread, 0.1 to 2
     * @param strength       R, G, B strengths, 0 to 1
     * @param bounces        1 to 3
     * @param threshold      0 to 8 (linear)
     * @param highlightBoost 0 to 32
     */
    public Halation(double spread, double[] channelSpread, double[] strength, int bounces, double threshold,
                    double highlightBoost) {
        this(spread, channelSpread, strength, bounces, threshold, highlightBoost, true, false);
    }

    /** A stock's anti-halation class with the default spread, bounces, threshold and boost. */
    public static Halation ofClass(AntiHalation cls) {
        return new Halation(65, new double[] {1.0, 0.8, 0.6}, cls.strength(), 3, 0.6, 3);
    }

    /** Test hook: {@code normalize = false} adds the glow without the 1/(1+a) and source removal (wrong). */
    Halation(double spread, double[] channelSpread, double[] strength, int bounces, double threshold,
             double highlightBoost, boolean normalize) {
        this(spread, channelSpread, strength, bounces, threshold, highlightBoost, normalize, false);
    }

    /**
     * Test hook: {@code exact = true} always runs the multi-bounce cascade at full resolution (no pyramid, no
     * one-pass shortcut), the reference the fast paths are checked against.
     */
    Halation(double spread, double[] channelSpread, double[] strength, int bounces, double threshold,
             double highlightBoost, boolean normalize, boolean exact) {
        this.exact = exact;
        this.spread = SPEC.checkReal("spread", spread);
        this.channelSpread = SPEC.checkReals("channel-spread", channelSpread);
        this.strength = SPEC.checkReals("strength", strength);
        this.bounces = SPEC.checkInt("bounces", bounces);
        this.threshold = SPEC.checkReal("threshold", threshold);
        this.boost = SPEC.checkReal("highlight-boost", highlightBoost);
        this.normalize = normalize;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spread", spread);
        m.put("channel-spread", channelSpread.clone());
        m.put("strength", strength.clone());
        m.put("bounces", bounces);
        m.put("threshold", threshold);
        m.put("highlight-boost", highlightBoost);
        this.params = SPEC.values(m);
    }

    /** The anti-halation classes of the film-stock notes (strength per R, G, B). */
    public enum AntiHalation {
        /** A strong anti-halation layer (Portra, Ektar, most modern stocks): 0.015/0.005/0. */
        STRONG(0.015, 0.005, 0),
        /** A weaker layer (Superia and consumer stocks): 0.08/0.02/0. */
        WEAK(0.08, 0.02, 0),
        /** No anti-halation backing (CineStill 800T, rem-jet removed): 0.30/0.10/0.015. */
        NONE(0.30, 0.10, 0.015);

        private final double r;
        private final double g;
        private final double b;

        AntiHalation(double r, double g, double b) {
            this.r = r;
            this.g = g;
            this.b = b;
        }

        /** @return a new {R, G, B} strength array */
        public double[] strength() {
            return new double[] {r, g, b};
        }
    }

    @Override
    public StageSpec spec() {
        return SPEC;
    }

    @Override
    public ParamValues params() {
        return params;
    }

    /** @return the first-bounce sigma of a channel in µm on film */
    public double sigmaMicrons(int channel) {
        return spread * channelSpread[channel];
    }

    /** @return the multi-bounce weights w_1..w_n (sum 1) */
    public double[] bounceWeights() {
        double[] w = new double[bounces];
        double s = 0;
        for (int k = 0; k < bounces; k++) {
            w[k] = Math.pow(0.5, k);
            s += w[k];
        }
        for (int k = 0; k < bounces; k++) {
            w[k] /= s;
        }
        return w;
    }

    @Override
    public FloatImage apply(FloatImage input, RenderContext ctx) {
        int w = input.width();
        int h = input.height();
        double pitch = ctx.pixelPitchMicrons(w, h);
        StripScheduler sch = ctx.scheduler();
        float lo = (float) threshold;
        float invRamp = (float) (1.0 / (Math.max(1.0, threshold + 0.1) - threshold));
        float bst = (float) boost;
        double[] weights = bounceWeights();
        // one pyramid factor for all channels (that of the narrowest active glow), so the full-resolution
        // work is two passes over the image whatever the number of channels
        double narrowest = Double.MAX_VALUE;
        boolean[] active = new boolean[3];
        for (int c = 0; c < 3; c++) {
            active[c] = strength[c] > 0;
            if (active[c]) {
                narrowest = Math.min(narrowest, sigmaMicrons(c) / pitch);
            }
        }
        if (narrowest == Double.MAX_VALUE) {
            return input.copy();
        }
        int f0 = exact ? 1 : Blur.pyramidFactor(narrowest, GLOW_MIN_SIGMA);
        float[] gain = new float[3];
        for (int c = 0; c < 3; c++) {
            gain[c] = (float) (normalize ? strength[c] / (1 + strength[c]) : strength[c]);
        }
        if (f0 == 1 && !exact) {
            // no pyramid: one Gaussian of the mixture's variance per channel (see the class comment)
            double var = 0;
            for (int k = 0; k < bounces; k++) {
                var += weights[k] * (k + 1);
            }
            float[][] kernels = new float[3][];
            boolean fir = true;
            for (int c = 0; c < 3; c++) {
                if (active[c]) {
                    double s = sigmaMicrons(c) / pitch * Math.sqrt(var);
                    fir &= s < Blur.FIR_LIMIT;
                    kernels[c] = Blur.kernel(s);
                }
            }
            if (fir) {
                return narrow(input, kernels, gain, lo, invRamp, bst, sch);
            }
            // between the one-pass path and the pyramid (a few pixels of glow, e.g. 65 µm at 2 MP): halving
            // the resolution already pays, and it only needs the narrowest glow to hold the pyramid's own
            // variance (1 px² at factor 2); the exact full-resolution cascade is 6-30x slower
            if (narrowest >= HALF_MIN_SIGMA) {
                f0 = 2;
            }
        }
        int f = f0;
        int lw = Blur.lowSize(w, f);
        int lh = Blur.lowSize(h, f);
        float[][] low = new float[3][];
        for (int c = 0; c < 3; c++) {
            low[c] = active[c] ? new float[lw * lh] : null;
        }
        float[] colInv = new float[lw];
        for (int lx = 0; lx < lw; lx++) {
            colInv[lx] = 1f / (Math.min(w, lx * f + f) - lx * f);
        }
        boolean remove = normalize;
        FloatImage out = input.blankLike();
        // pass 1: the halating light S = E·t(m)·(1 + boost·u(m)) of every channel, box-averaged by f, and the
        // output without its glow, E − a/(1+a)·H, written in place so that pass 2 only adds the glow to the
        // active planes (it no longer reads the input nor recomputes t). Rows are copied into lines first so
        // every loop indexes its arrays alike (see Blur: C2 then vectorises it).
        sch.forRanges(lh, 8, (ly0, ly1) -> {
            float[][] line = {new float[w], new float[w], new float[w]};
            float[] k = new float[w];
            float[] st = new float[w];
            float[] res = new float[w];
            float[][] acc = new float[3][w];
            for (int ly = ly0; ly < ly1; ly++) {
                int y0 = ly * f;
                int y1 = Math.min(h, y0 + f);
                for (int c = 0; c < 3; c++) {
                    java.util.Arrays.fill(acc[c], 0f);
                }
                for (int y = y0; y < y1; y++) {
                    readRow(input, y, line);
                    smoothT(line, st, w, lo, invRamp);
                    boostWeight(line, st, k, w, bst);
                    int base = y * w;
                    // one loop per channel: C2 (JDK 17) vectorises a loop only when it stores to one array
                    for (int c = 0; c < 3; c++) {
                        float[] e = line[c];
                        if (!active[c] || !remove) {
                            System.arraycopy(e, 0, out.plane(c), base, w);
                        }
                        if (!active[c]) {
                            continue;
                        }
                        float[] a = acc[c];
                        for (int x = 0; x < w; x++) {
                            a[x] += e[x] * k[x];
                        }
                        if (remove) {
                            float gc = gain[c];
                            for (int x = 0; x < w; x++) {
                                res[x] = e[x] - gc * e[x] * st[x];
                            }
                            System.arraycopy(res, 0, out.plane(c), base, w);
                        }
                    }
                }
                float rowInv = 1f / (y1 - y0);
                int o = ly * lw;
                for (int c = 0; c < 3; c++) {
                    if (!active[c]) {
                        continue;
                    }
                    if (f == 1) {
                        System.arraycopy(acc[c], 0, low[c], o, w);
                        continue;
                    }
                    float[] a = acc[c];
                    float[] l = low[c];
                    for (int lx = 0, x = 0; lx < lw; lx++) {
                        int x1 = Math.min(w, x + f);
                        float s = 0f;
                        for (; x < x1; x++) {
                            s += a[x];
                        }
                        l[o + lx] = s * colInv[lx] * rowInv;
                    }
                }
            }
        });
        // the multi-bounce kernel at low resolution: a cascade of blurs (variances add)
        for (int c = 0; c < 3; c++) {
            if (!active[c]) {
                continue;
            }
            double sigma = sigmaMicrons(c) / pitch;
            float[] level = low[c];
            float[] spare = new float[lw * lh];
            float[] mix = new float[lw * lh];
            double done = 0;
            for (int k = 0; k < bounces; k++) {
                double s = sigma * Math.sqrt(k + 1);
                double target = f == 1 ? s : Blur.pyramidSigma(s, f);
                double step = Math.sqrt(Math.max(0, target * target - done * done));
                // into a second plane: a blur in place would first have to copy its source
                Blur.gaussian(level, spare, lw, lh, step, sch);
                float[] blurred = spare;
                spare = level;
                level = blurred;
                done = target;
                float wk = (float) weights[k];
                float[] lv = level;
                sch.forRanges(lh, 16, (y0, y1) -> {
                    for (int i = y0 * lw, e = y1 * lw; i < e; i++) {
                        mix[i] += wk * lv[i];
                    }
                });
            }
            low[c] = mix;
        }
        // pass 2: E' = (E − a/(1+a)·H) + a/(1+a)·K∗S, the glow interpolated back row by row onto the active
        // planes pass 1 left in the output
        Blur.Upsampler up = new Blur.Upsampler(w, h, f);
        sch.forRanges(h, 16, (y0, y1) -> {
            float[] e = new float[w];
            float[] res = new float[w];
            Blur.Upsampler.Cursor[] cursor = new Blur.Upsampler.Cursor[3];
            for (int c = 0; c < 3; c++) {
                cursor[c] = active[c] ? up.cursor(low[c]) : null;
            }
            for (int y = y0; y < y1; y++) {
                int base = y * w;
                for (int c = 0; c < 3; c++) {
                    if (!active[c]) {
                        continue;
                    }
                    float[] plane = out.plane(c);
                    System.arraycopy(plane, base, e, 0, w);
                    Blur.Upsampler.Cursor cu = cursor[c];
                    cu.seek(y);
                    float[] ga = cu.upper();
                    float[] gb = cu.lower();
                    float gc = gain[c];
                    float wb = gc * cu.lowerWeight();
                    float wa = gc - wb;
                    for (int x = 0; x < w; x++) {
                        res[x] = e[x] + (wa * ga[x] + wb * gb[x]);
                    }
                    System.arraycopy(res, 0, plane, base, w);
                }
            }
        });
        return out;
    }

    /**
     * Halation without a pyramid, in one pass: per range of output rows, the halating light of the rows it
     * needs (its own and a kernel radius on each side, clamped at the edges) is made and blurred along the
     * rows into a ring of lines, and each output row is the column sum of its ring combined with the input.
     * No full-resolution intermediate plane is stored; a range recomputes its margin rows, so the result does
     * not depend on how the scheduler cuts the image.
     */
    private FloatImage narrow(FloatImage input, float[][] kernels, float[] gain, float lo, float invRamp, float bst,
                              StripScheduler sch) {
        int w = input.width();
        int h = input.height();
        int rr = 0;
        for (float[] k : kernels) {
            if (k != null) {
                rr = Math.max(rr, k.length / 2);
            }
        }
        int radius = rr;
        int n = 2 * radius + 1;
        boolean remove = normalize;
        FloatImage out = input.blankLike();
        sch.forRanges(h, Math.max(16, 4 * radius), (y0, y1) -> {
            float[][] line = {new float[w], new float[w], new float[w]};
            float[] k = new float[w];
            float[] t = new float[w];
            float[] src = new float[w];
            float[] pad = new float[w + 2 * radius];
            float[][] taps = new float[n][];
            for (int j = 0; j < n; j++) {
                taps[j] = j == 0 ? pad : new float[w];
            }
            float[][][] ring = new float[3][][];
            for (int c = 0; c < 3; c++) {
                ring[c] = kernels[c] == null ? null : new float[n][w];
            }
            float[][] lines = new float[n][];
            float[] glow = new float[w];
            float[] res = new float[w];
            for (int yy = y0 - radius; yy < y1 + radius; yy++) {
                // the halating light of row yy (clamped), blurred along the row, into its slot
                readRow(input, clamp(yy, h), line);
                smoothT(line, t, w, lo, invRamp);
                boostWeight(line, t, k, w, bst);
                int slot = (yy - y0 + radius) % n;
                for (int c = 0; c < 3; c++) {
                    if (ring[c] == null) {
                        continue;
                    }
                    float[] e = line[c];
                    for (int x = 0; x < w; x++) {
                        src[x] = e[x] * k[x];
                    }
                    Blur.firLine(src, 0, w, kernels[c], pad, taps, ring[c][slot]);
                }
                int y = yy - radius;
                if (y < y0) {
                    continue;
                }
                // output row y: every line from y - radius to y + radius is in the ring
                readRow(input, y, line);
                if (remove) {
                    smoothT(line, t, w, lo, invRamp);
                }
                int base = y * w;
                for (int c = 0; c < 3; c++) {
                    float[] e = line[c];
                    if (ring[c] == null) {
                        System.arraycopy(e, 0, out.plane(c), base, w);
                        continue;
                    }
                    float[] kc = kernels[c];
                    int r = kc.length / 2;
                    for (int j = 0; j < kc.length; j++) {
                        lines[j] = ring[c][(y + j - r - y0 + radius) % n];
                    }
                    Blur.symmetricSum(lines, kc, w, glow);
                    float gc = gain[c];
                    for (int x = 0; x < w; x++) {
                        res[x] = e[x] + gc * (glow[x] - e[x] * t[x]);
                    }
                    System.arraycopy(res, 0, out.plane(c), base, w);
                }
            }
        });
        return out;
    }

    private static int clamp(int y, int h) {
        return y < 0 ? 0 : (y >= h ? h - 1 : y);
    }

    private static void readRow(FloatImage img, int y, float[][] line) {
        int w = img.width();
        for (int c = 0; c < 3; c++) {
            System.arraycopy(img.plane(c), y * w, line[c], 0, w);
        }
    }

    /**
     * {@code st[x] = t(m)} with m the brightest channel: the threshold's smooth step of the class comment,
     * branch-free so C2 vectorises the loop (most pixels lie below the threshold and get 0). It is the whole
     * weight when there is no boost.
     */
    private static void smoothT(float[][] line, float[] st, int w, float lo, float invRamp) {
        float[] r = line[0];
        float[] g = line[1];
        float[] b = line[2];
        for (int x = 0; x < w; x++) {
            float m = Math.max(r[x], Math.max(g[x], b[x]));
            float t = Math.min(1f, Math.max(0f, (m - lo) * invRamp));
            st[x] = t * t * (3f - 2f * t);
        }
    }

    /**
     * {@code k[x] = st[x] · (1 + boost · u(m))}, the source weight of the halating light, where {@code st} holds
     * t(m) from {@link #smoothT}; a loop of its own because a loop that stores into two arrays stays scalar.
     */
    private static void boostWeight(float[][] line, float[] st, float[] k, int w, float boost) {
        float[] r = line[0];
        float[] g = line[1];
        float[] b = line[2];
        for (int x = 0; x < w; x++) {
            float m = Math.max(r[x], Math.max(g[x], b[x]));
            float u = Math.min(1f, Math.max(0f, (m - 0.9f) * 10f));
            k[x] = st[x] * (1f + boost * (u * u * (3f - 2f * u)));
        }
    }
}
