package dev.emulsion.jmh;

import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The memory-bandwidth floor: what it costs to produce a new image that is a plain copy of the input's three
 * float planes, split into row strips on the same scheduler and with the same strip size as the fused point
 * pass. No stage that returns a new image can be cheaper than this (it must at least allocate, read and write
 * the planes), so the table states every stage's cost as a multiple of this row ("× floor").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FloorBenchmark {
    /** Pixels per strip, as in {@code FilterChain}: three planes of a strip stay inside a core's L2 cache. */
    static final int STRIP_PIXELS = 16 * 1024;

    /** Image size in megapixels (3:2). */
    @Param({"2", "12", "24"})
    public String mp;

    /** Threads taking part, the caller included. */
    @Param({"1", "2"})
    public String threads;

    private FloatImage input;
    private StripScheduler scheduler;

    /** Builds the shared benchmark scene once per fork. */
    @Setup
    public void setup() {
        input = BenchImages.scene(BenchImages.parseMegapixels(mp));
        scheduler = BenchImages.scheduler(threads);
    }

    /** @return a new image whose planes are copies of the input's, strip by strip */
    @Benchmark
    public FloatImage floor() {
        FloatImage src = input;
        FloatImage out = src.blankLike();
        int w = src.width();
        int h = src.height();
        float[] sr = src.red();
        float[] sg = src.green();
        float[] sb = src.blue();
        float[] dr = out.red();
        float[] dg = out.green();
        float[] db = out.blue();
        int rowsPerStrip = Math.max(1, STRIP_PIXELS / w);
        int strips = (h + rowsPerStrip - 1) / rowsPerStrip;
        scheduler.forEach(strips, s -> {
            int from = s * rowsPerStrip * w;
            int len = Math.min(h, (s + 1) * rowsPerStrip) * w - from;
            System.arraycopy(sr, from, dr, from, len);
            System.arraycopy(sg, from, dg, from, len);
            System.arraycopy(sb, from, db, from, len);
        });
        return out;
    }
}
