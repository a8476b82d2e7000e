package dev.emulsion.jmh;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.SrgbTransfer;

import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.awt.image.DataBufferInt;
import java.util.function.Supplier;

/**
 * Synthetic benchmark images, the same in every benchmark class so rows of one run are comparable.
 *
 * <p>The picture is procedural, deterministic (a fixed seed; no fixture files, so the suite runs anywhere) and
 * laid out in fractions of the frame, so a 2 MP and a 24 MP image show the same scene: a sky-to-ground
 * gradient, soft and hard-edged discs of several colours (edges for blurs and halation), a few specular
 * highlights far above 1.0 (what halation and bloom react to), mid-frequency stripes and fine per-pixel
 * texture (so nothing is flat enough for a stage or the JIT to short-cut). Values are linear light, scene
 * referred, mostly in [0, 1] with highlights up to 8.
 *
 * <p>Sizes are 3:2 landscape: {@code mp} megapixels gives {@link #width(double)} ×
 * {@link #height(double)}, exactly 6000 × 4000 at 24 MP.
 */
public final class BenchImages {
    /** Seed of the fine texture; fixed so every run measures the same pixels. */
    private static final long TEXTURE_SEED = 0x5EED_1E55_0F11_7A7EL;

    private BenchImages() {
    }

    /**
     * @param mp megapixels (may be fractional, e.g. 0.25 for tests)
     * @return the width of a 3:2 image of about {@code mp} megapixels
     * @throws IllegalArgumentException if {@code mp} is not positive or too large for one plane
     */
    public static int width(double mp) {
        if (!(mp > 0) || mp > 1400) {
            throw new IllegalArgumentException("mp = " + mp + " is out of range: allowed is above 0 up to 1400");
        }
        return (int) Math.max(3, Math.round(Math.sqrt(mp * 1e6 * 1.5)));
    }

    /** @return the height of a 3:2 image of about {@code mp} megapixels (see {@link #width(double)}) */
    public static int height(double mp) {
        return (int) Math.max(2, Math.round(width(mp) / 1.5));
    }

    /** @return the exact pixel count of the benchmark image of {@code mp} megapixels, in megapixels */
    public static double actualMegapixels(double mp) {
        return (double) width(mp) * height(mp) / 1e6;
    }

    /**
     * Parses a benchmark's {@code mp} parameter.
     *
     * @param mp text such as {@code "24"} or {@code "0.5"}
     * @return the value
     * @throws IllegalArgumentException if it is not a positive number
     */
    public static double parseMegapixels(String mp) {
        try {
            double v = Double.parseDouble(mp.trim());
            width(v);
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mp = " + mp + " is not a number of megapixels", e);
        }
    }

    /**
     * Parses a benchmark's {@code threads} parameter.
     *
     * @param threads text such as {@code "2"}
     * @return a scheduler with that many threads taking part (the caller included)
     */
    public static StripScheduler scheduler(String threads) {
        return StripScheduler.ofThreads(Integer.parseInt(threads.trim()));
    }

    /**
     * The render context benchmarks use: explicit seed (so the seed hash of the input is not timed), 35 mm,
     * and the given thread count.
     */
    public static RenderContext context(String threads) {
        return RenderContext.defaults().withSeed(42).withScheduler(scheduler(threads));
    }

    /**
     * Builds the benchmark scene.
     *
     * @param mp megapixels (3:2)
     * @return a new opaque linear-light image; the same pixels for the same {@code mp} on every call
     */
    public static FloatImage scene(double mp) {
        int w = width(mp);
        int h = height(mp);
        FloatImage img = FloatImage.create(w, h, false);
        float[] r = img.red();
        float[] g = img.green();
        float[] b = img.blue();

        // Separable parts first (no per-pixel transcendental functions: sines are per row and per column).
        float[] stripeX = new float[w];
        float[] fineX = new float[w];
        for (int x = 0; x < w; x++) {
            double u = (x + 0.5) / w;
            stripeX[x] = (float) Math.sin(2 * Math.PI * 9 * u);
            fineX[x] = (float) Math.sin(2 * Math.PI * 61 * u + 1.3);
        }
        float[] stripeY = new float[h];
        float[] fineY = new float[h];
        for (int y = 0; y < h; y++) {
            double v = (y + 0.5) / h;
            stripeY[y] = (float) Math.sin(2 * Math.PI * 6 * v + 0.7);
            fineY[y] = (float) Math.sin(2 * Math.PI * 41 * v);
        }
        for (int y = 0; y < h; y++) {
            float v = (y + 0.5f) / h;
            // sky (cool, brighter at the top) to ground (warm, darker), with a horizon at 0.55
            float sky = Math.max(0f, 0.55f - v) / 0.55f;
            float ground = Math.max(0f, v - 0.55f) / 0.45f;
            float br = 0.20f + 0.25f * sky - 0.10f * ground;
            float bg = 0.22f + 0.35f * sky - 0.12f * ground;
            float bb = 0.18f + 0.60f * sky - 0.14f * ground;
            float sy = stripeY[y];
            float fy = fineY[y];
            int row = y * w;
            for (int x = 0; x < w; x++) {
                float u = (x + 0.5f) / w;
                float detail = 0.06f * stripeX[x] * sy + 0.03f * fineX[x] * fy;
                int i = row + x;
                r[i] = br + 0.08f * u + detail;
                g[i] = bg + detail;
                b[i] = bb - 0.06f * u + detail;
            }
        }
        // Discs: centre (fraction of width, fraction of height), radius (fraction of height), colour, softness.
        disc(img, 0.22, 0.62, 0.18, 0.70f, 0.18f, 0.10f, 0.0);
        disc(img, 0.50, 0.70, 0.22, 0.12f, 0.45f, 0.15f, 0.35);
        disc(img, 0.78, 0.58, 0.15, 0.10f, 0.16f, 0.60f, 0.0);
        disc(img, 0.65, 0.25, 0.10, 0.85f, 0.80f, 0.70f, 0.6);
        disc(img, 0.35, 0.30, 0.06, 0.02f, 0.02f, 0.02f, 0.0);
        // Specular highlights: small, far above 1.0
        disc(img, 0.70, 0.22, 0.012, 8f, 7.5f, 6f, 0.0);
        disc(img, 0.15, 0.15, 0.020, 4f, 3.2f, 2.5f, 0.3);
        disc(img, 0.86, 0.80, 0.008, 6f, 6f, 6f, 0.0);
        // Fine texture so no region is flat: ±2 % multiplicative, counter-hashed (thread-free determinism).
        for (int i = 0, n = w * h; i < n; i++) {
            long z = RenderContext.mix(TEXTURE_SEED + i);
            float t = 1f + 0.02f * ((z >>> 40) * 0x1p-24f * 2f - 1f);
            r[i] = Math.max(0f, r[i] * t);
            g[i] = Math.max(0f, g[i] * t);
            b[i] = Math.max(0f, b[i] * t);
        }
        return img;
    }

    /** Paints a disc over its bounding box; {@code soft} is the fraction of the radius that feathers out. */
    private static void disc(FloatImage img, double cxFrac, double cyFrac, double rFrac,
                             float cr, float cg, float cb, double soft) {
        int w = img.width();
        int h = img.height();
        double cx = cxFrac * w;
        double cy = cyFrac * h;
        double rad = Math.max(1.0, rFrac * h);
        double inner = rad * (1 - soft);
        int x0 = (int) Math.max(0, Math.floor(cx - rad));
        int x1 = (int) Math.min(w - 1, Math.ceil(cx + rad));
        int y0 = (int) Math.max(0, Math.floor(cy - rad));
        int y1 = (int) Math.min(h - 1, Math.ceil(cy + rad));
        float[] r = img.red();
        float[] g = img.green();
        float[] b = img.blue();
        double r2 = rad * rad;
        for (int y = y0; y <= y1; y++) {
            double dy = y + 0.5 - cy;
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx;
                double d2 = dx * dx + dy * dy;
                if (d2 >= r2) {
                    continue;
                }
                float a = 1f;
                if (soft > 0) {
                    double d = Math.sqrt(d2);
                    if (d > inner) {
                        double t = (rad - d) / (rad - inner);
                        a = (float) (t * t * (3 - 2 * t));
                    }
                }
                int i = y * w + x;
                r[i] += a * (cr - r[i]);
                g[i] += a * (cg - g[i]);
                b[i] += a * (cb - b[i]);
            }
        }
    }

    /**
     * Encodes an image as the {@code TYPE_INT_ARGB} picture JH Labs filters work on: sRGB-encoded, rounded
     * (no dither, so it is deterministic and cheap), opaque.
     *
     * @param img linear-light image
     * @return a new {@code TYPE_INT_ARGB} image of the same size
     */
    public static BufferedImage toArgb(FloatImage img) {
        int w = img.width();
        int h = img.height();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        float[] r = img.red();
        float[] g = img.green();
        float[] b = img.blue();
        for (int i = 0; i < px.length; i++) {
            int ri = Math.round(SrgbTransfer.encode(r[i]) * 255f);
            int gi = Math.round(SrgbTransfer.encode(g[i]) * 255f);
            int bi = Math.round(SrgbTransfer.encode(b[i]) * 255f);
            px[i] = 0xFF000000 | ri << 16 | gi << 8 | bi;
        }
        return out;
    }

    /** @return {@link #toArgb(FloatImage)} of {@link #scene(double)} */
    public static BufferedImage sceneArgb(double mp) {
        return toArgb(scene(mp));
    }

    /**
     * Runs a JH Labs (or any) {@code BufferedImageOp} the way the convention says: on 1 thread over the whole
     * image, or on {@code threads} threads each filtering its own horizontal band into the same destination.
     * A fresh op comes from {@code ops} for each band because many JH Labs filters keep state between calls.
     * Bands are filtered independently, so neighbourhood filters see band edges as image edges: a few rows of
     * the result differ from a one-thread run, which does not matter for timing.
     *
     * @param ops     makes an op (called once per band)
     * @param src     the source image ({@code TYPE_INT_ARGB}), not modified
     * @param threads 1 or more
     * @return a new {@code TYPE_INT_ARGB} image
     */
    public static BufferedImage filterInBands(Supplier<? extends BufferedImageOp> ops, BufferedImage src,
                                              int threads) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        if (threads <= 1) {
            ops.get().filter(src, dst);
            return dst;
        }
        StripScheduler.ofThreads(threads).forEach(threads, i -> {
            int y0 = (int) ((long) h * i / threads);
            int y1 = (int) ((long) h * (i + 1) / threads);
            if (y1 > y0) {
                ops.get().filter(src.getSubimage(0, y0, w, y1 - y0), dst.getSubimage(0, y0, w, y1 - y0));
            }
        });
        return dst;
    }
}
