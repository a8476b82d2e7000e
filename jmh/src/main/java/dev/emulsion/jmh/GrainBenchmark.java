package dev.emulsion.jmh;

import com.jhlabs.image.NoiseFilter;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.grain.Grain;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.SrgbTransfer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The grain stage against JH Labs {@code NoiseFilter} (Gaussian, monochrome) on a 3:2 image of 2, 12 and
 * 24 MP, on 1 and 2 threads. {@code grain} is monochrome grain (Tri-X, RMS 17, clump 18 µm, as a 35 mm
 * frame) with the level response and the spatial correlation on; JH Labs' amount is set to the σ, in 8-bit
 * sRGB codes, that the grain has per pixel on mid-grey at the same size. {@code grain_colour} is the
 * default colour grain (three correlated dye layers, RMS 4). For 2 threads JH Labs filters the two halves
 * of the image on two threads, each with its own filter (its random generator is shared state).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class GrainBenchmark {
    /** Image size in megapixels, 3:2. */
    @Param({"2", "12", "24"})
    public String mp;

    /** Threads taking part. */
    @Param({"1", "2"})
    public String threads;

    private FloatImage image;
    private BufferedImage argb;
    private RenderContext ctx;
    private Grain mono;
    private Grain colour;
    private NoiseFilter[] noise;
    private ExecutorService pool;
    private int amount;

    /** Builds a smooth procedural scene of the requested size and matches the JH Labs amount to the grain. */
    @Setup(Level.Trial)
    public void setup() {
        int w = (int) Math.round(Math.sqrt(Double.parseDouble(mp) * 1e6 * 1.5));
        int h = w * 2 / 3;
        image = scene(w, h);
        argb = toArgb(image);
        int t = Integer.parseInt(threads);
        ctx = RenderContext.defaults().withSeed(7).withScheduler(StripScheduler.ofThreads(t));
        mono = Grain.builder().granularity(17).mono().clumpSize(18).build();
        colour = Grain.builder().build();
        amount = Math.max(1, (int) Math.round(grainSigmaCodes(mono, w)));
        noise = new NoiseFilter[t];
        for (int i = 0; i < t; i++) {
            NoiseFilter f = new NoiseFilter();
            f.setDistribution(NoiseFilter.GAUSSIAN);
            f.setMonochrome(true);
            f.setDensity(1f);
            f.setAmount(amount);
            noise[i] = f;
        }
        pool = t > 1 ? Executors.newFixedThreadPool(t - 1) : null;
    }

    /** Stops the JH Labs helper threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Monochrome film grain, density response and spatial correlation on. */
    @Benchmark
    public FloatImage grain() {
        return mono.apply(image, ctx);
    }

    /** Colour film grain (three partly correlated dye layers). */
    @Benchmark
    public FloatImage grain_colour() {
        return colour.apply(image, ctx);
    }

    /** JH Labs NoiseFilter, Gaussian, monochrome, the same per-pixel σ. */
    @Benchmark
    public BufferedImage[] grain_jhlabs() throws Exception {
        int t = noise.length;
        if (t == 1) {
            return new BufferedImage[] {noise[0].filter(argb, null)};
        }
        int h = argb.getHeight();
        BufferedImage[] out = new BufferedImage[t];
        @SuppressWarnings("unchecked")
        Future<BufferedImage>[] f = new Future[t];
        for (int i = 1; i < t; i++) {
            final int k = i;
            BufferedImage part = argb.getSubimage(0, h * k / t, argb.getWidth(), h * (k + 1) / t - h * k / t);
            f[i] = pool.submit(() -> noise[k].filter(part, null));
        }
        out[0] = noise[0].filter(argb.getSubimage(0, 0, argb.getWidth(), h / t), null);
        for (int i = 1; i < t; i++) {
            out[i] = f[i].get();
        }
        return out;
    }

    /** The amount JH Labs is given (σ in 8-bit codes), for the report. */
    public int amount() {
        return amount;
    }

    /** Per-pixel σ of the grain in 8-bit sRGB codes on linear mid-grey (0.18) at this image width. */
    static double grainSigmaCodes(Grain g, int width) {
        FloatImage grey = FloatImage.filled(width, 64, 0.18f, 0.18f, 0.18f);
        FloatImage out = g.apply(grey, RenderContext.defaults().withSeed(1));
        double s = 0;
        double s2 = 0;
        float[] v = out.green();
        for (float x : v) {
            double e = 255.0 * SrgbTransfer.encodeExact(Math.max(0, x));
            s += e;
            s2 += e * e;
        }
        double m = s / v.length;
        return Math.sqrt(s2 / v.length - m * m);
    }

    /** Smooth content spanning deep shadow to near white, so the level response is exercised. */
    static FloatImage scene(int w, int h) {
        FloatImage img = FloatImage.create(w, h, false);
        for (int y = 0; y < h; y++) {
            double fy = (double) y / h;
            for (int x = 0; x < w; x++) {
                double fx = (double) x / w;
                double base = 0.02 + 0.85 * fx * fx;
                double wave = 0.05 * Math.sin(6.3 * fy + 3 * fx);
                int i = y * w + x;
                img.red()[i] = (float) Math.max(0, base + wave);
                img.green()[i] = (float) Math.max(0, base * 0.9 + wave);
                img.blue()[i] = (float) Math.max(0, base * (0.7 + 0.3 * fy));
            }
        }
        return img;
    }

    static BufferedImage toArgb(FloatImage img) {
        BufferedImage b = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_ARGB);
        int[] px = ((DataBufferInt) b.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            int r = (int) Math.round(255 * SrgbTransfer.encodeExact(Math.min(1, img.red()[i])));
            int g = (int) Math.round(255 * SrgbTransfer.encodeExact(Math.min(1, img.green()[i])));
            int bl = (int) Math.round(255 * SrgbTransfer.encodeExact(Math.min(1, img.blue()[i])));
            px[i] = 0xFF000000 | r << 16 | g << 8 | bl;
        }
        return b;
    }
}
