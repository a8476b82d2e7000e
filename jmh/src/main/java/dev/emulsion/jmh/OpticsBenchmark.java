package dev.emulsion.jmh;

import com.jhlabs.image.GaussianFilter;
import com.jhlabs.image.GlowFilter;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import dev.emulsion.optics.Bloom;
import dev.emulsion.optics.ChromaticAberration;
import dev.emulsion.optics.Halation;
import dev.emulsion.optics.Vignette;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The optics family against JH Labs.
 *
 * <ul>
 *   <li>{@code halation}: CineStill-class halation (no anti-halation layer, all three channels, three
 *       bounces) at the largest spread a preset uses, 65 µm on a 35 mm frame. {@code halation_jhlabs}:
 *       {@link GlowFilter} at the equivalent radius, 3 × the RMS width of the red multi-bounce kernel
 *       (σ·sqrt(11/7)) in pixels (JH Labs' radius is 3 sigma). Target: at least 20× faster.</li>
 *   <li>{@code halationNarrow}: the same at a 10× smaller spread (6.5 µm). Target: {@code halation} costs at
 *       most 1.5× this (its cost does not grow with the radius).</li>
 *   <li>{@code bloom}: halo 120 µm + tail 900 µm; {@code bloom_jhlabs}: {@link GaussianFilter} at the halo's
 *       radius (3 sigma) only — the tail, 7.5× wider, would make the baseline far slower still.</li>
 *   <li>{@code chromaticAberration} (linear model, ±6 µm at the corner) against {@code planeCopy}, a plain copy
 *       of the three float planes. Target: at most 6×.</li>
 *   <li>{@code vignette}: absolute.</li>
 * </ul>
 * The synthetic image is smooth procedural content at 3:2 with clipped and HDR lights (so halation has
 * something to spread). Needs a heap of about 3 GB at 24 MP.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OpticsBenchmark {
    /** Image size in megapixels. */
    @Param({"2", "12", "24"})
    public String mp;

    /** Threads taking part. */
    @Param({"1", "2"})
    public String threads;

    private FloatImage image;
    private RenderContext ctx;
    private Halation halation;
    private Halation halationNarrow;
    private Bloom bloom;
    private ChromaticAberration chromaticAberration;
    private Vignette vignette;
    private BufferedImage[] argbParts;
    private GlowFilter glow;
    private GaussianFilter gaussian;
    private ExecutorService pool;

    /** Builds the image, the stages and the JH Labs filters at the equivalent radii. */
    @Setup(Level.Trial)
    public void setUp() {
        int t = Integer.parseInt(threads);
        int w = (int) Math.round(Math.sqrt(Double.parseDouble(mp) * 1e6 * 1.5));
        int h = (int) Math.round(w / 1.5);
        image = scene(w, h);
        ctx = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(t));
        double pitch = ctx.pixelPitchMicrons(w, h);
        halation = Halation.ofClass(Halation.AntiHalation.NONE);
        double[] none = Halation.AntiHalation.NONE.strength();
        halationNarrow = new Halation(6.5, new double[] {1.0, 0.8, 0.6}, none, 3, 0.6, 3);
        bloom = new Bloom(0.12, 120, 900, 0.35, 0);
        chromaticAberration = new ChromaticAberration(6, -6);
        vignette = new Vignette(-1.0);

        glow = new GlowFilter();
        glow.setRadius((float) (3 * halation.sigmaMicrons(0) * Math.sqrt(11.0 / 7.0) / pitch));
        gaussian = new GaussianFilter((float) (3 * 120 / pitch));

        BufferedImage bgr = ImageConversion.toBufferedImage(image, 8, 1);
        argbParts = new BufferedImage[t];
        for (int i = 0; i < t; i++) {
            int y0 = h * i / t;
            int y1 = h * (i + 1) / t;
            BufferedImage part = new BufferedImage(w, y1 - y0, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = part.createGraphics();
            g.drawImage(bgr.getSubimage(0, y0, w, y1 - y0), 0, 0, null);
            g.dispose();
            argbParts[i] = part;
        }
        pool = Executors.newFixedThreadPool(t);
    }

    /** Stops the JH Labs worker threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    /** Smooth gradients with a grid of clipped (1.0) windows and a few HDR lights. */
    static FloatImage scene(int w, int h) {
        FloatImage img = FloatImage.create(w, h, false);
        float[] r = img.red();
        float[] g = img.green();
        float[] b = img.blue();
        for (int y = 0; y < h; y++) {
            float v = (float) y / h;
            for (int x = 0; x < w; x++) {
                float u = (float) x / w;
                int i = y * w + x;
                r[i] = 0.05f + 0.3f * u * v;
                g[i] = 0.04f + 0.25f * v;
                b[i] = 0.08f + 0.2f * (1 - u);
            }
        }
        int cell = Math.max(8, w / 60);
        for (int y = cell; y < h - cell; y += 3 * cell) {
            for (int x = cell; x < w - cell; x += 3 * cell) {
                float level = ((x / cell + y / cell) % 5 == 0) ? 20f : 1f;
                for (int yy = y; yy < y + cell; yy++) {
                    for (int xx = x; xx < x + cell; xx++) {
                        int i = yy * w + xx;
                        r[i] = level;
                        g[i] = level * 0.9f;
                        b[i] = level * 0.7f;
                    }
                }
            }
        }
        return img;
    }

    private BufferedImage[] jhlabs(BufferedImageOp op) throws Exception {
        BufferedImage[] out = new BufferedImage[argbParts.length];
        if (out.length == 1) {
            out[0] = op.filter(argbParts[0], null);
            return out;
        }
        @SuppressWarnings("unchecked")
        Future<BufferedImage>[] f = new Future[out.length];
        for (int i = 0; i < out.length; i++) {
            BufferedImage part = argbParts[i];
            f[i] = pool.submit(() -> op.filter(part, null));
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = f[i].get();
        }
        return out;
    }

    /** @return CineStill-class halation at a 65 µm spread */
    @Benchmark
    public FloatImage halation() {
        return halation.apply(image, ctx);
    }

    /** @return JH Labs GlowFilter at the equivalent radius */
    @Benchmark
    public BufferedImage[] halation_jhlabs() throws Exception {
        return jhlabs(glow);
    }

    /** @return the same halation at a 10× smaller spread */
    @Benchmark
    public FloatImage halationNarrow() {
        return halationNarrow.apply(image, ctx);
    }

    /** @return bloom: halo 120 µm, tail 900 µm */
    @Benchmark
    public FloatImage bloom() {
        return bloom.apply(image, ctx);
    }

    /** @return JH Labs GaussianFilter at the halo's radius */
    @Benchmark
    public BufferedImage[] bloom_jhlabs() throws Exception {
        return jhlabs(gaussian);
    }

    /** @return lateral chromatic aberration, linear model */
    @Benchmark
    public FloatImage chromaticAberration() {
        return chromaticAberration.apply(image, ctx);
    }

    /** @return a plain copy of the three float planes (the yardstick for chromatic aberration) */
    @Benchmark
    public FloatImage planeCopy() {
        return image.copy();
    }

    /** @return a 1 EV vignette */
    @Benchmark
    public FloatImage vignette() {
        return vignette.apply(image, ctx);
    }
}
