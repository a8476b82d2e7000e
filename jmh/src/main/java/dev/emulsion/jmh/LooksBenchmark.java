package dev.emulsion.jmh;

import com.jhlabs.image.Curve;
import com.jhlabs.image.CurvesFilter;
import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.SrgbTransfer;
import dev.emulsion.lut.LutExport;
import dev.emulsion.lut.LutStage;
import dev.emulsion.presets.Preset;
import dev.emulsion.presets.PresetLibrary;
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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The looks family: a full preset's fused tone + colour pass ({@code film_look}: Portra 400's film curve,
 * colour matrix, per-hue adjustment, fade and split tone in one strip pass) against JH Labs
 * {@code CurvesFilter} with per-channel curves of the same shape on an ARGB image ({@code film_look_jhlabs}),
 * a 33³ tetrahedral LUT pass ({@code lut33}), and the memory-bandwidth floor: a copy of the same three float
 * planes ({@code copy_planes}). Targets (issue 4): film_look ≤ 4 × copy_planes and ≥ 3 × the throughput of
 * film_look_jhlabs; lut33 ≤ 6 × copy_planes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class LooksBenchmark {
    /** Image size in megapixels (3:2). */
    @Param({"2", "12", "24"})
    public String mp;

    /** Worker threads. */
    @Param({"1", "2"})
    public String threads;

    private FloatImage image;
    private BufferedImage[] argbParts;
    private FilterChain look;
    private FilterChain lut;
    /** One filter per thread: JH Labs TransferFilter builds its tables lazily and is not thread-safe. */
    private CurvesFilter[] curves;
    private ExecutorService pool;
    private StripScheduler scheduler;

    /** Builds the synthetic image, the chains and the JH Labs filter. */
    @Setup(Level.Trial)
    public void setup() {
        int n = Integer.parseInt(threads);
        double pixels = Double.parseDouble(mp) * 1e6;
        int w = (int) Math.round(Math.sqrt(pixels * 1.5));
        int h = (int) Math.round(w / 1.5);
        image = FloatImage.create(w, h, false);
        // smooth procedural content with every hue and a range of levels, some above 1.0
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double u = x / (double) w;
                double v = y / (double) h;
                image.red()[i] = (float) (0.6 * (1 + Math.sin(6.1 * u + 2 * v)) * v + 0.01);
                image.green()[i] = (float) (0.55 * (1 + Math.sin(5.3 * v + 3 * u + 1)) * (0.3 + u) + 0.01);
                image.blue()[i] = (float) (0.5 * (1 + Math.cos(7.7 * u * v + 2)) * (1 - 0.5 * v) + 0.01);
            }
        }
        RenderContext ctx = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(n));
        scheduler = ctx.scheduler();
        Preset portra = PresetLibrary.standard().load("portra-400");
        List<Stage> stages = portra.buildStages();
        look = FilterChain.builder().addAll(LutExport.colorStages(stages)).context(ctx).build();
        lut = FilterChain.builder().add(new LutStage(LutExport.bake(stages, 33), 1)).context(ctx).build();
        curves = new CurvesFilter[n];
        Curve[] shape = curvesLike(look);
        for (int p = 0; p < n; p++) {
            curves[p] = new CurvesFilter();
            curves[p].setCurves(shape);
            // build its tables now, not racing inside the measured method
            curves[p].filter(new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB), null);
        }
        argbParts = new BufferedImage[n];
        int rows = (h + n - 1) / n;
        for (int p = 0; p < n; p++) {
            int y0 = p * rows;
            int y1 = Math.min(h, y0 + rows);
            BufferedImage part = new BufferedImage(w, y1 - y0, BufferedImage.TYPE_INT_ARGB);
            int[] row = new int[w];
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    row[x] = 0xFF000000 | code(image.red()[i]) << 16 | code(image.green()[i]) << 8 | code(image.blue()[i]);
                }
                part.setRGB(0, y - y0, w, 1, row, 0, w);
            }
            argbParts[p] = part;
        }
        pool = Executors.newFixedThreadPool(n);
    }

    private static int code(float v) {
        return Math.round(SrgbTransfer.encode(v) * 255f);
    }

    /** Per-channel JH Labs curves through 9 knots of the preset's own response on a grey ramp (sRGB). */
    private static Curve[] curvesLike(FilterChain look) {
        int knots = 9;
        FloatImage ramp = FloatImage.create(knots, 1, false);
        for (int k = 0; k < knots; k++) {
            float lin = (float) SrgbTransfer.decodeExact(k / (double) (knots - 1));
            ramp.red()[k] = lin;
            ramp.green()[k] = lin;
            ramp.blue()[k] = lin;
        }
        FloatImage out = look.apply(ramp);
        Curve[] c = new Curve[3];
        for (int ch = 0; ch < 3; ch++) {
            Curve curve = new Curve();
            curve.x = new float[knots];
            curve.y = new float[knots];
            for (int k = 0; k < knots; k++) {
                curve.x[k] = k / (float) (knots - 1);
                curve.y[k] = SrgbTransfer.encode(out.plane(ch)[k]);
            }
            c[ch] = curve;
        }
        return c;
    }

    /** Shuts the JH Labs worker pool down. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    /** The preset's fused tone and colour stages. */
    @Benchmark
    public FloatImage film_look() {
        return look.apply(image);
    }

    /** JH Labs CurvesFilter with curves of the same shape, one image half per thread. */
    @Benchmark
    public BufferedImage[] film_look_jhlabs() throws Exception {
        BufferedImage[] out = new BufferedImage[argbParts.length];
        if (out.length == 1) {
            out[0] = curves[0].filter(argbParts[0], null);
            return out;
        }
        @SuppressWarnings("unchecked")
        Future<BufferedImage>[] f = new Future[out.length];
        for (int p = 0; p < out.length; p++) {
            BufferedImage src = argbParts[p];
            CurvesFilter filter = curves[p];
            f[p] = pool.submit(() -> filter.filter(src, null));
        }
        for (int p = 0; p < out.length; p++) {
            out[p] = f[p].get();
        }
        return out;
    }

    /** A 33³ tetrahedral LUT (the same look, baked), with sRGB encode and decode. */
    @Benchmark
    public FloatImage lut33() {
        return lut.apply(image);
    }

    /** The floor: a new image holding a copy of the three float planes, on the same threads. */
    @Benchmark
    public FloatImage copy_planes() {
        FloatImage out = image.blankLike();
        float[] sr = image.red();
        float[] sg = image.green();
        float[] sb = image.blue();
        scheduler.forRanges(image.pixelCount(), 1 << 16, (from, to) -> {
            System.arraycopy(sr, from, out.red(), from, to - from);
            System.arraycopy(sg, from, out.green(), from, to - from);
            System.arraycopy(sb, from, out.blue(), from, to - from);
        });
        return out;
    }
}
