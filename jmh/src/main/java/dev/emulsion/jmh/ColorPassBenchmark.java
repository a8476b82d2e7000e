package dev.emulsion.jmh;

import com.jhlabs.image.Curve;
import com.jhlabs.image.CurvesFilter;
import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A preset's tone and colour pass beside JH Labs {@code CurvesFilter}, for issue 4's target: the fused tone +
 * colour pass of a full preset (no grain, no optics) on 24 MP at most 4× the floor and at least 3× the
 * throughput of {@code CurvesFilter} on the same image and thread count.
 *
 * <p>{@code color_pass} runs the preset's colour stages ({@link ColorStage}s, in chain order) fused into one
 * pass. {@code color_pass_jhlabs} runs a {@code CurvesFilter} with a different S-shaped curve per channel (a
 * film curve with a colour cast: the nearest thing JH Labs has) on the {@code TYPE_INT_ARGB} scene, split
 * into bands on the same number of threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ColorPassBenchmark {
    /** Image size in megapixels (3:2). */
    @Param({"2", "12", "24"})
    public String mp;

    /** Threads taking part, the caller included. */
    @Param({"1", "2"})
    public String threads;

    /**
     * The preset whose colour stages are timed (see {@link PresetStages}): a bundled name or a file path.
     */
    @Param({"portra-400"})
    public String preset;

    private FloatImage input;
    private BufferedImage argb;
    private RenderContext ctx;
    private FilterChain chain;
    private int threadCount;

    /** Builds the scene in both forms and the colour pass, once per fork. */
    @Setup
    public void setup() {
        double m = BenchImages.parseMegapixels(mp);
        input = BenchImages.scene(m);
        argb = BenchImages.toArgb(input);
        ctx = BenchImages.context(threads);
        threadCount = ctx.scheduler().threads();
        List<Stage> colour = new ArrayList<>();
        for (Stage s : PresetStages.load(preset)) {
            if (s instanceof ColorStage) {
                colour.add(s);
            }
        }
        if (colour.isEmpty()) {
            throw new IllegalArgumentException("preset " + preset + " has no colour stages");
        }
        chain = FilterChain.builder().addAll(colour).context(ctx).build();
    }

    /** @return the preset's colour stages, fused, over the scene */
    @Benchmark
    public FloatImage color_pass() {
        return chain.apply(input, ctx);
    }

    /** @return JH Labs {@code CurvesFilter} with per-channel S-curves over the same scene */
    @Benchmark
    public BufferedImage color_pass_jhlabs() {
        return BenchImages.filterInBands(ColorPassBenchmark::curves, argb, threadCount);
    }

    private static CurvesFilter curves() {
        CurvesFilter f = new CurvesFilter();
        f.setCurves(new Curve[] {sCurve(0.03f, 0.97f), sCurve(0.02f, 0.95f), sCurve(0.05f, 0.92f)});
        return f;
    }

    /** An S-shaped curve from a lifted black to a rolled-off white. */
    private static Curve sCurve(float black, float white) {
        Curve c = new Curve();
        c.x = new float[] {0f, 0.25f, 0.5f, 0.75f, 1f};
        c.y = new float[] {black, 0.20f, 0.52f, 0.80f, white};
        return c;
    }
}
