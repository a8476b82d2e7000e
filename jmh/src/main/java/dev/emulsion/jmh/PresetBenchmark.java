package dev.emulsion.jmh;

import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.PointStage;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a preset costs, whole and stage by stage, so a preset author sees which setting costs what.
 *
 * <p>{@code preset}: a bundled name, a preset file ({@code -p preset=path/to/my.toml}) or an inline
 * {@code stages:LIST} (see {@link PresetStages}). {@code stage} picks what is timed:
 * <ul>
 *   <li>{@code all}: the whole preset as its chain renders it (point stages fused);
 *   <li>{@code points}: only the preset's point stages, fused into one pass;
 *   <li>{@code color}: only its colour stages (tone and colour response: the pass issue 4's target is about),
 *       fused;
 *   <li>a stage label ({@code grain}, {@code halation}, {@code tone#2} for a repeated stage): that stage of
 *       the preset, with the preset's parameters, alone on the scene.
 * </ul>
 * A point stage timed alone pays one copy of the planes (the floor) that it shares with its neighbours in
 * the fused chain, so the stage rows add up to more than {@code all}; the difference is what fusion saves.
 * {@code jmh/run --preset NAME} runs {@code all}, {@code points} and every stage of a preset in one go.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PresetBenchmark {
    /** Image size in megapixels (3:2). */
    @Param({"2", "12", "24"})
    public String mp;

    /** Threads taking part, the caller included. */
    @Param({"1", "2"})
    public String threads;

    /**
     * The preset: every bundled preset by default; any file with {@code -p preset=path/to/my.toml}.
     */
    @Param({"portra-160", "portra-400", "portra-800", "ektar-100", "gold-200", "ultramax-400",
        "superia-xtra-400", "pro-400h", "cinestill-800t", "tri-x-400", "tmax-400", "hp5-plus"})
    public String preset;

    /** What part of the preset is timed (see the class comment). */
    @Param({"all"})
    public String stage;

    private FloatImage input;
    private RenderContext ctx;
    private FilterChain chain;

    /** Loads the preset and selects the part to time, once per fork. */
    @Setup
    public void setup() {
        input = BenchImages.scene(BenchImages.parseMegapixels(mp));
        ctx = BenchImages.context(threads);
        chain = FilterChain.builder().addAll(select(PresetStages.load(preset), stage, preset)).context(ctx).build();
    }

    /**
     * @param stages the preset's stages in chain order
     * @param what   {@code all}, {@code points}, {@code color} or a stage label
     * @param preset the preset's name, for messages
     * @return the stages to time
     * @throws IllegalArgumentException if nothing of the preset matches
     */
    static List<Stage> select(List<Stage> stages, String what, String preset) {
        List<Stage> out = new ArrayList<>();
        switch (what) {
            case "all":
                out.addAll(stages);
                break;
            case "points":
            case "color":
                for (Stage s : stages) {
                    if (what.equals("points") ? s instanceof PointStage : s instanceof ColorStage) {
                        out.add(s);
                    }
                }
                break;
            default:
                List<String> labels = PresetStages.labels(stages);
                int i = labels.indexOf(what);
                if (i < 0) {
                    throw new IllegalArgumentException("preset " + preset + " has no stage '" + what
                            + "': it has " + String.join(", ", labels) + " (or use all, points, color)");
                }
                out.add(stages.get(i));
                break;
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("preset " + preset + " has no " + what + " stages");
        }
        return out;
    }

    /** @return the selected part of the preset applied to the scene */
    @Benchmark
    public FloatImage preset() {
        return chain.apply(input, ctx);
    }
}
