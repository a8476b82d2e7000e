package dev.emulsion.optics;

import dev.emulsion.chain.StripScheduler;

/**
 * Gaussian blurs of one float plane, shared by the optics stages and open to any stage that needs a wide,
 * cheap, deterministic blur.
 *
 * <p>Contract of every method:
 * <ul>
 *   <li>Separable: a pass over rows, then a pass over columns (for the short FIR kernels fused into one
 *       pass per band of rows, the row-filtered lines held in a ring); bands run in parallel on the given
 *       {@link StripScheduler}, each work item writing only its own pixels, so the result is bit for bit the
 *       same at any thread count.</li>
 *   <li>Borders are clamped (the edge pixel repeats), so a flat plane stays exactly flat and the kernel's
 *       weights always sum to one.</li>
 *   <li>From {@link #SMALL_SIGMA} up, the variance of the impulse response equals {@code sigma²} (to within
 *       about 1 % in the interior; 2 % through the pyramid):
 *       a Gaussian of standard deviation {@code sigma} is matched in its second moment, which is what fixes
 *       the size of a glow, a blur or an MTF roll-off.</li>
 *   <li>Cost per pixel does not grow with {@code sigma} beyond a small constant: below
 *       {@link #FIR_LIMIT} pixels a sampled Gaussian kernel (O(σ) taps, at most 25; below
 *       {@link #SMALL_SIGMA} a 5-tap kernel matching the Gaussian's MTF instead); above it four
 *       extended box filters (Gwosdek, Grewenig, Bruhn and Weickert, "Theoretical foundations of Gaussian
 *       convolution by extended box filtering", SSVM 2011), whose running sums cost O(1) per pixel for any
 *       radius.</li>
 *   <li>{@code src} is never written unless it is also {@code dst}; {@code src == dst} is allowed.</li>
 * </ul>
 *
 * <p>{@link #gaussianFast} adds a pyramid for wide, smooth blurs (glows): it box-averages the plane by an
 * integer factor, blurs the small plane and interpolates back bilinearly, with the blur reduced so the total
 * variance still equals {@code sigma²}. Its cost falls as {@code sigma} grows.
 */
public final class Blur {
    /** Below this sigma (pixels) a sampled Gaussian kernel is used; above it the extended box cascade. */
    public static final double FIR_LIMIT = 3.0;
    /** {@link #gaussianFast} keeps at least this many low-resolution pixels of sigma, so its result is smooth. */
    public static final double PYRAMID_MIN_SIGMA = 2.5;
    private static final int BAND = 64;
    /**
     * Extended boxes per axis. Their cascade reaches about sqrt(3·PASSES) sigma: with four, the part of a
     * Gaussian's light it leaves out (beyond 3.5 sigma) is 0.2 % in 2-D, so halos keep their outer glow.
     */
    static final int PASSES = 4;

    private Blur() {
    }

    /**
     * Blurs a plane with a Gaussian of standard deviation {@code sigma} pixels.
     *
     * @param src   source plane, {@code w * h}, row-major
     * @param dst   destination plane of the same size (may be {@code src})
     * @param w     width
     * @param h     height
     * @param sigma standard deviation in pixels, at least 0 (0 copies)
     * @param sch   scheduler for the parallel passes
     */
    public static void gaussian(float[] src, float[] dst, int w, int h, double sigma, StripScheduler sch) {
        checkArgs(src, dst, w, h, sigma);
        if (sigma < 1e-3) {
            if (src != dst) {
                System.arraycopy(src, 0, dst, 0, w * h);
            }
            return;
        }
        if (sigma < FIR_LIMIT) {
            firFused(src == dst ? src.clone() : src, dst, w, h, kernel(sigma), sch);
        } else {
            Box box = new Box(sigma * sigma / PASSES);
            float[] mid = new float[w * h];
            boxRows(src, mid, w, h, box, sch);
            boxColumns(mid, dst, w, h, box, sch);
        }
    }

    /**
     * Convolves a plane with a short symmetric kernel along rows and then columns (the fused pass of the
     * sampled kernels), for a stage that chooses its own taps.
     *
     * @param k normalized symmetric kernel of odd length, centre at {@code k.length / 2}
     */
    static void separable(float[] src, float[] dst, int w, int h, float[] k, StripScheduler sch) {
        checkArgs(src, dst, w, h, 0);
        firFused(src == dst ? src.clone() : src, dst, w, h, k, sch);
    }

    /**
     * The integer factor {@link #gaussianFast} reduces a plane by for this sigma: 1 (no pyramid) up to
     * {@code 2 * PYRAMID_MIN_SIGMA}, then {@code floor(sigma / PYRAMID_MIN_SIGMA)}.
     */
    public static int pyramidFactor(double sigma) {
        return pyramidFactor(sigma, PYRAMID_MIN_SIGMA);
    }

    /**
     * The pyramid factor that keeps at least {@code minLowSigma} low-resolution pixels of sigma:
     * {@code max(1, floor(sigma / minLowSigma))}. Glows, which are added at a small strength onto their
     * source, stay smooth down to about 1.5.
     */
    public static int pyramidFactor(double sigma, double minLowSigma) {
        if (sigma < 2 * minLowSigma) {
            return 1;
        }
        return (int) Math.floor(sigma / minLowSigma);
    }

    /**
     * The blur a low-resolution plane from {@link #downsample} needs so that down-sampling by {@code factor},
     * this blur and {@link #upsample} together have variance {@code sigma²}.
     *
     * @return sigma in low-resolution pixels
     */
    public static double pyramidSigma(double sigma, int factor) {
        if (factor == 1) {
            return sigma;
        }
        // box average of f pixels: (f²-1)/12; linear interpolation by f: about (f²+2)/6 (tent of half-width f
        // sampled at the full-resolution grid, averaged over phases)
        double f2 = (double) factor * factor;
        double added = (f2 - 1) / 12.0 + (f2 + 2) / 6.0 - 0.25;
        return Math.sqrt(Math.max(0.0, sigma * sigma - added)) / factor;
    }

    /**
     * A wide Gaussian through a pyramid: down-sample by {@link #pyramidFactor}, blur, interpolate back. Same
     * variance as {@link #gaussian}; smooth (no blocks) because the low-resolution blur is at least
     * {@link #PYRAMID_MIN_SIGMA} low-resolution pixels; the plane's total is kept to within rounding in the
     * interior. Intended for glows and halos, not for blurs whose fine shape matters near the centre.
     */
    public static void gaussianFast(float[] src, float[] dst, int w, int h, double sigma, StripScheduler sch) {
        checkArgs(src, dst, w, h, sigma);
        int f = pyramidFactor(sigma);
        if (f == 1) {
            gaussian(src, dst, w, h, sigma, sch);
            return;
        }
        int lw = lowSize(w, f);
        int lh = lowSize(h, f);
        float[] low = downsample(src, w, h, f, sch);
        gaussian(low, low, lw, lh, pyramidSigma(sigma, f), sch);
        upsample(low, f, dst, w, h, sch);
    }

    /** @return the low-resolution size of {@code n} pixels reduced by {@code factor} (rounded up) */
    public static int lowSize(int n, int factor) {
        return (n + factor - 1) / factor;
    }

    /** Produces one full-resolution row of a plane on demand (so a plane need not be stored). */
    @FunctionalInterface
    public interface RowSource {
        /** Writes row {@code y} into {@code row[0..width)}. Called concurrently for different rows. */
        void fill(int y, float[] row);
    }

    /**
     * Box-averages {@code factor × factor} blocks (partial blocks at the right and bottom edges average the
     * pixels they hold).
     *
     * @return a new plane of {@code lowSize(w, f) × lowSize(h, f)}
     */
    public static float[] downsample(float[] src, int w, int h, int factor, StripScheduler sch) {
        return downsample((y, row) -> System.arraycopy(src, y * w, row, 0, w), w, h, factor, sch);
    }

    /** As {@link #downsample(float[], int, int, int, StripScheduler)}, reading rows from a source. */
    public static float[] downsample(RowSource src, int w, int h, int factor, StripScheduler sch) {
        int lw = lowSize(w, factor);
        int lh = lowSize(h, factor);
        float[] low = new float[lw * lh];
        sch.forRanges(lh, 8, (ly0, ly1) -> {
            float[] acc = new float[w];
            float[] row = new float[w];
            for (int ly = ly0; ly < ly1; ly++) {
                int y0 = ly * factor;
                int y1 = Math.min(h, y0 + factor);
                // sum the block's rows along x first (a loop C2 vectorises), then each block of columns
                src.fill(y0, acc);
                for (int y = y0 + 1; y < y1; y++) {
                    src.fill(y, row);
                    for (int x = 0; x < w; x++) {
                        acc[x] += row[x];
                    }
                }
                int rows = y1 - y0;
                int o = ly * lw;
                for (int lx = 0, x = 0; lx < lw; lx++) {
                    int x1 = Math.min(w, x + factor);
                    int cols = x1 - x;
                    double sum = 0;
                    for (; x < x1; x++) {
                        sum += acc[x];
                    }
                    low[o + lx] = (float) (sum / (rows * cols));
                }
            }
        });
        return low;
    }

    /**
     * Bilinear interpolation of a plane made by {@link #downsample} back to {@code w × h}: low-resolution
     * pixel {@code j} sits at the centre of the block it averaged.
     */
    public static void upsample(float[] low, int factor, float[] dst, int w, int h, StripScheduler sch) {
        Upsampler up = new Upsampler(w, h, factor);
        sch.forRanges(h, 16, (y0, y1) -> {
            float[] scratch = up.scratch();
            float[] row = new float[w];
            for (int y = y0; y < y1; y++) {
                up.row(low, y, scratch, row);
                System.arraycopy(row, 0, dst, y * w, w);
            }
        });
    }

    /**
     * Row-by-row bilinear up-sampling of a plane made by {@link #downsample}, so a caller can combine the
     * interpolated row with others without storing a full-resolution plane. Immutable; thread-safe.
     */
    public static final class Upsampler {
        private final int w;
        private final int lw;
        private final int[] xi0;
        private final int[] xi1;
        private final float[] xt;
        private final int[] yi0;
        private final int[] yi1;
        private final float[] yt;

        /** Prepares the interpolation from {@code lowSize(w, factor) × lowSize(h, factor)} to {@code w × h}. */
        public Upsampler(int w, int h, int factor) {
            this.w = w;
            this.lw = lowSize(w, factor);
            int lh = lowSize(h, factor);
            xi0 = new int[w];
            xi1 = new int[w];
            xt = new float[w];
            axis(w, lw, factor, xi0, xi1, xt);
            yi0 = new int[h];
            yi1 = new int[h];
            yt = new float[h];
            axis(h, lh, factor, yi0, yi1, yt);
        }

        /** @return a scratch line for {@link #row} (one per thread) */
        public float[] scratch() {
            return new float[lw];
        }

        /** Writes full-resolution row {@code y} of the interpolated plane into {@code out[0..w)}. */
        public void row(float[] low, int y, float[] scratch, float[] out) {
            int a = yi0[y] * lw;
            int b = yi1[y] * lw;
            float t = yt[y];
            float u = 1f - t;
            for (int lx = 0; lx < lw; lx++) {
                scratch[lx] = u * low[a + lx] + t * low[b + lx];
            }
            for (int x = 0; x < w; x++) {
                float s = xt[x];
                out[x] = (1f - s) * scratch[xi0[x]] + s * scratch[xi1[x]];
            }
        }

        /**
         * A per-thread reader of one low-resolution plane for rows visited in ascending order: each
         * low-resolution row is widened to full width once (the gather) and kept while it is needed, so a
         * full-resolution row costs one blend of two lines, a loop C2 vectorises.
         *
         * @param low the plane made by {@link #downsample}
         */
        public Cursor cursor(float[] low) {
            return new Cursor(low);
        }

        /** See {@link #cursor}. Not thread-safe: one per thread. */
        public final class Cursor {
            private final float[] low;
            private float[] a = new float[w];
            private float[] b = new float[w];
            private int ia = -1;
            private int ib = -1;
            private float weight;

            private Cursor(float[] low) {
                this.low = low;
            }

            /** Writes full-resolution row {@code y} of the interpolated plane into {@code out[0..w)}. */
            public void row(int y, float[] out) {
                seek(y);
                float t = yt[y];
                float u = 1f - t;
                float[] p = a;
                float[] q = b;
                for (int x = 0; x < w; x++) {
                    out[x] = u * p[x] + t * q[x];
                }
            }

            /**
             * Readies row {@code y}: it is {@code (1 − lowerWeight()) · upper() + lowerWeight() · lower()}, for a
             * caller that blends the two lines into its own loop.
             */
            public void seek(int y) {
                int j0 = yi0[y];
                int j1 = yi1[y];
                if (ia != j0) {
                    if (ib == j0) {
                        float[] s = a;
                        a = b;
                        b = s;
                        ia = ib;
                        ib = -1;
                    } else {
                        widen(j0, a);
                        ia = j0;
                    }
                }
                if (ib != j1) {
                    widen(j1, b);
                    ib = j1;
                }
                weight = yt[y];
            }

            /** @return the widened low-resolution row above the row of the last {@link #seek} */
            public float[] upper() {
                return a;
            }

            /** @return the widened low-resolution row below it */
            public float[] lower() {
                return b;
            }

            /** @return the weight of {@link #lower()} */
            public float lowerWeight() {
                return weight;
            }

            private void widen(int ly, float[] line) {
                int o = ly * lw;
                if (lw == w) {
                    // factor 1: the row itself
                    System.arraycopy(low, o, line, 0, w);
                    return;
                }
                for (int x = 0; x < w; x++) {
                    float s = xt[x];
                    line[x] = (1f - s) * low[o + xi0[x]] + s * low[o + xi1[x]];
                }
            }
        }
    }

    private static void axis(int n, int ln, int f, int[] i0, int[] i1, float[] t) {
        double half = (f - 1) / 2.0;
        for (int x = 0; x < n; x++) {
            double u = (x - half) / f;
            int j = (int) Math.floor(u);
            double frac = u - j;
            int j0 = Math.max(0, Math.min(ln - 1, j));
            int j1 = Math.max(0, Math.min(ln - 1, j + 1));
            i0[x] = j0;
            i1[x] = j1;
            t[x] = (float) (j0 == j1 ? 0.0 : frac);
        }
    }

    // ------------------------------------------------------------------------------------- sampled kernel

    /** Below this sigma (pixels) the kernel matches the Gaussian's MTF rather than its sampled values. */
    public static final double SMALL_SIGMA = 1.0;

    /**
     * @return a normalized kernel, centre at index radius: a sampled Gaussian of radius {@code ceil(4 sigma)}
     *     (variance sigma²); below {@link #SMALL_SIGMA}, where sampling a Gaussian loses its shape, the 5-tap
     *     kernel whose frequency response equals the Gaussian's {@code exp(−2π²σ²f²)} at f = 0, 1/4 and 1/2
     *     cycles per pixel (so an MTF roll-off of a fraction of a pixel is rendered faithfully)
     */
    static float[] kernel(double sigma) {
        if (sigma < SMALL_SIGMA) {
            double g1 = Math.exp(-2 * Math.PI * Math.PI * sigma * sigma / 16);
            double g2 = Math.exp(-2 * Math.PI * Math.PI * sigma * sigma / 4);
            double b = (1 - g2) / 4;
            double a0 = ((1 + g2) / 2 + g1) / 2;
            double c = ((1 + g2) / 2 - g1) / 4;
            return new float[] {(float) c, (float) b, (float) a0, (float) b, (float) c};
        }
        int r = Math.max(1, (int) Math.ceil(4 * sigma));
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            double v = Math.exp(-i * i / (2 * sigma * sigma));
            k[i + r] = v;
            sum += v;
        }
        float[] out = new float[k.length];
        for (int i = 0; i < k.length; i++) {
            out[i] = (float) (k[i] / sum);
        }
        return out;
    }

    /**
     * The separable FIR, rows then columns, fused per range of output rows: the row-filtered lines a range
     * needs (its own rows and {@code r} on each side, clamped at the image edges) live in a ring of
     * {@code 2r+1} lines, so each plane is read and written once and the intermediate stays in cache. A
     * range recomputes its margin lines, so the result does not depend on how the scheduler cuts the rows.
     *
     * <p>Every inner loop indexes all its arrays with the same {@code [x]}: C2 on JDK 17 does not vectorise
     * a loop whose array accesses differ by an offset (a tap's shift, a row's base; measured 4–10× slower),
     * so shifted taps are first copied into lines of their own (an {@code arraycopy}, cheap in cache) and each
     * output row is summed in a line and then copied into place. The kernels are symmetric, so mirrored taps
     * are added before the multiply; the 5-tap kernel of sub-pixel blurs (lens softness) is unrolled.
     */
    private static void firFused(float[] src, float[] dst, int w, int h, float[] k, StripScheduler sch) {
        int r = k.length / 2;
        int n = k.length;
        sch.forRanges(h, Math.max(16, 4 * r), (y0, y1) -> {
            float[] pad = new float[w + 2 * r];
            float[][] taps = new float[n][];
            for (int j = 0; j < n; j++) {
                taps[j] = j == 0 ? pad : new float[w];
            }
            float[] acc = new float[w];
            float[][] ring = new float[n][w];
            float[][] lines = new float[n][];
            // line yy (unclamped, y0 - r <= yy < y1 + r) sits in slot (yy - y0 + r) % n
            for (int yy = y0 - r; yy < y0 + r; yy++) {
                firLine(src, clamp(yy, h) * w, w, k, pad, taps, ring[yy - y0 + r]);
            }
            for (int y = y0; y < y1; y++) {
                int next = y + r;
                firLine(src, clamp(next, h) * w, w, k, pad, taps, ring[(next - y0 + r) % n]);
                for (int j = 0; j < n; j++) {
                    lines[j] = ring[(y + j - y0) % n];
                }
                symmetricSum(lines, k, w, acc);
                System.arraycopy(acc, 0, dst, y * w, w);
            }
        });
    }

    /** One row of the FIR: {@code out[x] = Σ_j k[j] · src[clamp(x + j − r)]}. */
    static void firLine(float[] src, int o, int w, float[] k, float[] pad, float[][] taps, float[] out) {
        int r = k.length / 2;
        padRow(src, o, w, r, pad);
        for (int j = 1; j < k.length; j++) {
            System.arraycopy(pad, j, taps[j], 0, w);
        }
        symmetricSum(taps, k, w, out);
    }

    /** {@code out[x] = Σ_j k[j] · lines[j][x]} for a symmetric kernel {@code k}. */
    static void symmetricSum(float[][] lines, float[] k, int w, float[] out) {
        int r = k.length / 2;
        if (k.length == 3) {
            float[] a = lines[0];
            float[] b = lines[1];
            float[] c = lines[2];
            float k0 = k[0];
            float k1 = k[1];
            for (int x = 0; x < w; x++) {
                out[x] = k1 * b[x] + k0 * (a[x] + c[x]);
            }
            return;
        }
        if (k.length == 5) {
            float[] a = lines[0];
            float[] b = lines[1];
            float[] c = lines[2];
            float[] d = lines[3];
            float[] e = lines[4];
            float k0 = k[0];
            float k1 = k[1];
            float k2 = k[2];
            for (int x = 0; x < w; x++) {
                out[x] = k2 * c[x] + k1 * (b[x] + d[x]) + k0 * (a[x] + e[x]);
            }
            return;
        }
        float[] c = lines[r];
        float kc = k[r];
        for (int x = 0; x < w; x++) {
            out[x] = kc * c[x];
        }
        for (int j = 1; j <= r; j++) {
            float[] a = lines[r - j];
            float[] b = lines[r + j];
            float kj = k[r - j];
            for (int x = 0; x < w; x++) {
                out[x] += kj * (a[x] + b[x]);
            }
        }
    }

    private static void padRow(float[] src, int o, int w, int r, float[] pad) {
        float first = src[o];
        float last = src[o + w - 1];
        for (int i = 0; i < r; i++) {
            pad[i] = first;
            pad[r + w + i] = last;
        }
        System.arraycopy(src, o, pad, r, w);
    }

    // ------------------------------------------------------------------------------------- extended boxes

    /** One extended box: {@code 2r+1} unit taps plus {@code alpha} on the taps at ±(r+1). */
    static final class Box {
        final int r;
        final float alpha;
        final float inv;

        /** @param variance the variance this one box must have */
        Box(double variance) {
            int rr = (int) Math.floor(Math.sqrt(3 * variance + 0.25) - 0.5);
            rr = Math.max(0, rr);
            while ((double) rr * (rr + 1) / 3.0 > variance && rr > 0) {
                rr--;
            }
            double base = rr * (rr + 1) / 3.0;
            double a = (2 * rr + 1) * (variance - base) / (2 * ((rr + 1.0) * (rr + 1.0) - variance));
            this.r = rr;
            this.alpha = (float) a;
            this.inv = (float) (1.0 / (2 * rr + 1 + 2 * a));
        }
    }

    private static void boxRows(float[] src, float[] dst, int w, int h, Box box, StripScheduler sch) {
        int r1 = box.r + 1;
        sch.forRanges(h, 8, (y0, y1) -> {
            float[] pad = new float[w + 2 * r1];
            float[] a = new float[w];
            float[] b = new float[w];
            for (int y = y0; y < y1; y++) {
                int o = y * w;
                padRow(src, o, w, r1, pad);
                boxLine(pad, a, w, box);
                for (int pass = 1; pass < PASSES; pass++) {
                    padRow(a, 0, w, r1, pad);
                    boxLine(pad, b, w, box);
                    float[] t = a;
                    a = b;
                    b = t;
                }
                System.arraycopy(a, 0, dst, o, w);
            }
        });
    }

    /** One extended-box pass over a padded line (pad = r+1 on each side). */
    private static void boxLine(float[] pad, float[] out, int w, Box box) {
        int r = box.r;
        int span = 2 * r + 2;
        double s = 0;
        for (int i = 1; i <= 2 * r + 1; i++) {
            s += pad[i];
        }
        float alpha = box.alpha;
        float inv = box.inv;
        for (int x = 0; x < w; x++) {
            float edge = pad[x] + pad[x + span];
            out[x] = (float) (s + alpha * edge) * inv;
            s += pad[x + span] - pad[x + 1];
        }
    }

    private static void boxColumns(float[] src, float[] dst, int w, int h, Box box, StripScheduler sch) {
        int bands = (w + BAND - 1) / BAND;
        sch.forEach(bands, band -> {
            int x0 = band * BAND;
            int bw = Math.min(w, x0 + BAND) - x0;
            float[] a = new float[bw * h];
            float[] b = new float[bw * h];
            double[] sums = new double[bw];
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, y * w + x0, a, y * bw, bw);
            }
            for (int pass = 0; pass < PASSES; pass++) {
                boxColumn(a, b, bw, h, box, sums);
                float[] t = a;
                a = b;
                b = t;
            }
            for (int y = 0; y < h; y++) {
                System.arraycopy(a, y * bw, dst, y * w + x0, bw);
            }
        });
    }

    /** One extended-box pass down the columns of a band stored as {@code h} rows of {@code bw}. */
    private static void boxColumn(float[] in, float[] out, int bw, int h, Box box, double[] s) {
        int r = box.r;
        float alpha = box.alpha;
        float inv = box.inv;
        java.util.Arrays.fill(s, 0.0);
        for (int j = -r; j <= r; j++) {
            int o = clamp(j, h) * bw;
            for (int i = 0; i < bw; i++) {
                s[i] += in[o + i];
            }
        }
        for (int y = 0; y < h; y++) {
            int lo = clamp(y - r - 1, h) * bw;
            int hi = clamp(y + r + 1, h) * bw;
            int drop = clamp(y - r, h) * bw;
            int o = y * bw;
            for (int i = 0; i < bw; i++) {
                float add = in[hi + i];
                out[o + i] = (float) (s[i] + alpha * (in[lo + i] + add)) * inv;
                s[i] += add - in[drop + i];
            }
        }
    }

    private static int clamp(int y, int h) {
        return y < 0 ? 0 : (y >= h ? h - 1 : y);
    }

    private static void checkArgs(float[] src, float[] dst, int w, int h, double sigma) {
        if (w < 1 || h < 1 || src.length < w * h || dst.length < w * h) {
            throw new IllegalArgumentException("planes do not hold " + w + "x" + h + " pixels");
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma = " + sigma + " is out of range: allowed is 0 or more pixels");
        }
    }
}
