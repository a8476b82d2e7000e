package dev.emulsion.optics;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A single-JVM cost check of chromatic aberration against the memory floor, for a noisy shared machine where
 * JMH wall-clock figures are unreliable: on a 6000×4000 image like {@code OpticsBenchmark}'s, it alternates the
 * stage (linear model, ±6 µm, one thread) with a copy of the three float planes into new arrays, measures each
 * with the calling thread's CPU time, and prints the medians and their ratio (issue 5's target: at most 6×).
 * Runs only with {@code -Demulsion.perf=true}, or as a plain {@code main}:
 * <pre>java -Xmx4g -cp filters/target/classes:filters/target/test-classes dev.emulsion.optics.ChromaticAberrationPerf [w h runs [noclamp]]</pre>
 * It asserts nothing about time (unit tests never do); it prints.
 */
class ChromaticAberrationPerf {
    @Test
    @EnabledIfSystemProperty(named = "emulsion.perf", matches = "true")
    void printCostAgainstFloor() {
        main(new String[0]);
    }

    public static void main(String[] args) {
        int w = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        FloatImage image = scene(w, h);
        // one thread: the scheduler runs every range on the caller, so its CPU time is the whole cost
        RenderContext ctx = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(1));
        ChromaticAberration ca = args.length > 3 && args[3].equals("noclamp")
                ? new ChromaticAberration("linear", 6, -6, "um", 1, false) : new ChromaticAberration(6, -6);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        FloatImage out = null;
        for (int i = 0; i < 4; i++) {
            out = ca.apply(image, ctx);
            copy(image);
        }
        System.out.printf("checksum red %08x blue %08x green-equal %b%n", hash(out.red()), hash(out.blue()),
                Arrays.equals(out.green(), image.green()));
        double[] stage = new double[runs];
        double[] floor = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            out = ca.apply(image, ctx);
            long t1 = mx.getCurrentThreadCpuTime();
            FloatImage c = copy(image);
            long t2 = mx.getCurrentThreadCpuTime();
            stage[i] = (t1 - t0) / 1e6;
            floor[i] = (t2 - t1) / 1e6;
            if (out.width() != c.width()) {
                throw new AssertionError();
            }
        }
        double ms = median(stage);
        double fl = median(floor);
        System.out.printf("%dx%d, %d runs: CA %.1f ms (min %.1f), 3-plane copy %.1f ms (min %.1f), ratio %.2f%n",
                w, h, runs, ms, Arrays.stream(stage).min().getAsDouble(), fl,
                Arrays.stream(floor).min().getAsDouble(), ms / fl);
    }

    /** Three new planes, copied: what any stage returning a new image must at least do. */
    static FloatImage copy(FloatImage src) {
        FloatImage out = src.blankLike();
        int n = src.width() * src.height();
        System.arraycopy(src.red(), 0, out.red(), 0, n);
        System.arraycopy(src.green(), 0, out.green(), 0, n);
        System.arraycopy(src.blue(), 0, out.blue(), 0, n);
        return out;
    }

    static int hash(float[] a) {
        int hsh = 1;
        for (float v : a) {
            hsh = 31 * hsh + Float.floatToIntBits(v);
        }
        return hsh;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** OpticsBenchmark's scene: smooth gradients with a grid of clipped and HDR windows. */
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
}
