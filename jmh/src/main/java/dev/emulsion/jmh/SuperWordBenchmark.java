package dev.emulsion.jmh;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Proof that the hot loops are SIMD-friendly: the fused point pass and one neighbourhood stage, each run in a
 * normal forked JVM and in one started with {@code -XX:-UseSuperWord} (C2's auto-vectorizer off). The
 * {@code _scalar} methods are the same work; only the fork's JVM flag differs. The report prints
 * {@code scalar time / normal time} as "SIMD gain": clearly above 1 means C2 vectorized the kernels; about 1
 * means it did not (then the loop shape, not the arithmetic, is the thing to fix).
 *
 * <p>{@code points} is a stage list for {@link BenchStages#parse(String)} ({@code foundation} = exposure,
 * white balance and tone with non-identity settings); {@code neighbourhood} is {@code auto} (the first
 * registered of halation, bloom, lens softness, depth blur, chromatic aberration) or a stage name.
 *
 * <p>Method-level {@code @Fork} carries the JVM flag; the runner's {@code -f} sets the number of forks and
 * leaves {@code jvmArgsAppend} alone, and this benchmark is meaningless with {@code -f 0} (no fork, no flag).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SuperWordBenchmark {
    /** Image size in megapixels (3:2). */
    @Param({"2", "12", "24"})
    public String mp;

    /** Threads taking part, the caller included. */
    @Param({"1", "2"})
    public String threads;

    /** The point stages fused into one pass. */
    @Param({"foundation"})
    public String points;

    /** The neighbourhood stage. */
    @Param({"auto"})
    public String neighbourhood;

    private FloatImage input;
    private RenderContext ctx;
    private FilterChain pointChain;
    private Stage neighbourhoodStage;

    /**
     * Builds the scene and the stages once per fork. The neighbourhood stage is resolved only for the
     * neighbourhood methods, so the point-pass rows run even before any neighbourhood stage exists.
     */
    @Setup
    public void setup(BenchmarkParams params) {
        input = BenchImages.scene(BenchImages.parseMegapixels(mp));
        ctx = BenchImages.context(threads);
        List<Stage> stages = BenchStages.parse(points);
        pointChain = FilterChain.builder().addAll(stages).context(ctx).build();
        if (params.getBenchmark().contains(".neighbourhood")) {
            neighbourhoodStage = BenchStages.neighbourhood(neighbourhood);
            System.out.println("neighbourhood stage: " + neighbourhoodStage.spec().name());
        }
    }

    /** @return the fused point pass over the scene, auto-vectorization on (the JVM default) */
    @Benchmark
    public FloatImage point_pass() {
        return pointChain.apply(input, ctx);
    }

    /** @return the same pass in a JVM with C2's SuperWord auto-vectorization off */
    @Benchmark
    @Fork(jvmArgsAppend = "-XX:-UseSuperWord")
    public FloatImage point_pass_scalar() {
        return pointChain.apply(input, ctx);
    }

    /** @return the neighbourhood stage over the scene, auto-vectorization on */
    @Benchmark
    public FloatImage neighbourhood() {
        return neighbourhoodStage.apply(input, ctx);
    }

    /** @return the same stage in a JVM with SuperWord off */
    @Benchmark
    @Fork(jvmArgsAppend = "-XX:-UseSuperWord")
    public FloatImage neighbourhood_scalar() {
        return neighbourhoodStage.apply(input, ctx);
    }
}
