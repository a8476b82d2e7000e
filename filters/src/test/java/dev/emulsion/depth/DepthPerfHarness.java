package dev.emulsion.depth;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Single-thread CPU-time comparison of {@code depth-blur} (max radius 40 px at 6000 px wide, or R px with the
 * argument {@code fixedR}) with JH Labs
 * {@code VariableBlurFilter} set up exactly as {@code jmh/DepthBenchmark} does, in one JVM, alternating runs
 * after warm-up. Not a test: CPU time (ThreadMXBean) is much less sensitive to a loaded machine than wall
 * time. Run (JH Labs is found by reflection, so the filters module keeps no dependency):
 * <pre>
 * mvn -q -B -pl filters test-compile
 * java -Xmx6g -cp filters/target/classes:filters/target/test-classes:$HOME/.m2/repository/com/jhlabs/filters/2.0.235-1/filters-2.0.235-1.jar \
 *     dev.emulsion.depth.DepthPerfHarness [megapixels=6] [runs=7] [fixedR]
 * </pre>
 */
public final class DepthPerfHarness {
    private DepthPerfHarness() {
    }

    /**
     * Prints the medians of single-thread CPU time of both filters and their ratio.
     *
     * @param args optional megapixels and number of measured runs
     * @throws Exception when JH Labs is not on the class path
     */
    public static void main(String[] args) throws Exception {
        double megapixels = args.length > 0 ? Double.parseDouble(args[0]) : 6;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int w = (int) Math.round(Math.sqrt(megapixels * 1e6 * 1.5));
        int h = (int) Math.round(w / 1.5);
        FloatImage image = scene(w, h);
        DepthMap map = DepthMap.ofInverse(w, h, depth(w, h));
        RenderContext ctx = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.ofThreads(1));
        // As the benchmark: 40 px at 6000 px wide, so at 6 MP the radius is 20 px; pass "fixed40" (or
        // "fixed80", ...) as a third argument to get that maximum radius in px at any size.
        boolean fixed = args.length > 2 && args[2].startsWith("fixed");
        double radius = fixed ? Double.parseDouble(args[2].substring(5)) : 40;
        double pct40 = 100.0 * radius / (fixed ? w : 6000) / 0.7;
        DepthBlur blur40 = DepthBlur.builder().depth(map).focusPoint(0.5, 0.55).maxBlurPercentOfWidth(pct40)
                .aperture(6, 0, 0.2).build();
        float[] coc = blur40.cocRadii(image, ctx);
        float max = 0;
        for (float c : coc) {
            max = Math.max(max, Math.abs(c));
        }
        int jhRadius = Math.max(1, Math.round(max));
        BufferedImage argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) argb.getRaster().getDataBuffer()).getData();
        int[] mk = ((DataBufferInt) mask.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            px[i] = 0xff000000 | code(image.red()[i]) << 16 | code(image.green()[i]) << 8 | code(image.blue()[i]);
            int m = Math.min(255, Math.round(255 * Math.abs(coc[i]) / max));
            mk[i] = m * 0x010101;
        }
        Class<?> cls = Class.forName("com.jhlabs.image.VariableBlurFilter");
        java.lang.reflect.Method setRadius = cls.getMethod("setRadius", int.class);
        java.lang.reflect.Method setMask = cls.getMethod("setBlurMask", BufferedImage.class);
        java.lang.reflect.Method filter = cls.getMethod("filter", BufferedImage.class, BufferedImage.class);
        System.out.printf("%d x %d, max radius %.1f px, JH radius %d%n", w, h, max, jhRadius);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int warm = 3;
        double[] ours = new double[runs];
        double[] jh = new double[runs];
        long sink = 0;
        for (int i = 0; i < warm + runs; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            FloatImage out = blur40.apply(image, ctx);
            long t1 = mx.getCurrentThreadCpuTime();
            Object f = cls.getConstructor().newInstance();
            setRadius.invoke(f, jhRadius);
            setMask.invoke(f, mask);
            BufferedImage o2 = (BufferedImage) filter.invoke(f, argb, null);
            long t2 = mx.getCurrentThreadCpuTime();
            sink += Float.floatToIntBits(out.red()[w * h / 2]) + o2.getRGB(w / 2, h / 2);
            if (i >= warm) {
                ours[i - warm] = (t1 - t0) / 1e6;
                jh[i - warm] = (t2 - t1) / 1e6;
            }
            System.out.printf("run %d: depth-blur %.0f ms, jhlabs %.0f ms%n", i, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        }
        Arrays.sort(ours);
        Arrays.sort(jh);
        double mo = ours[runs / 2];
        double mj = jh[runs / 2];
        System.out.printf("median CPU ms: depth-blur %.0f, jhlabs %.0f, depth/jh %.3f, jh/depth %.2f (%d)%n",
                mo, mj, mo / mj, mj / mo, sink & 1);
    }

    private static int code(float linear) {
        double v = Math.max(0, Math.min(1, linear));
        return (int) Math.round(255 * Math.pow(v, 1 / 2.2));
    }

    static FloatImage scene(int w, int h) {
        FloatImage img = FloatImage.create(w, h, false);
        for (int y = 0; y < h; y++) {
            double v = (double) y / h;
            for (int x = 0; x < w; x++) {
                double u = (double) x / w;
                int i = y * w + x;
                double detail = 0.08 * Math.sin(x * 0.9) * Math.sin(y * 0.7);
                img.red()[i] = (float) Math.max(0, 0.3 + 0.25 * Math.sin(6 * u + 2 * v) + detail);
                img.green()[i] = (float) Math.max(0, 0.35 + 0.2 * Math.cos(5 * v - 3 * u) + detail);
                img.blue()[i] = (float) Math.max(0, 0.25 + 0.2 * Math.sin(4 * u * v + 1) + detail);
            }
        }
        return img;
    }

    static float[] depth(int w, int h) {
        float[] d = new float[w * h];
        for (int y = 0; y < h; y++) {
            double v = (double) y / h;
            for (int x = 0; x < w; x++) {
                double u = (double) x / w;
                double ground = Math.max(0, (v - 0.35) / 0.65);
                double dd = ground;
                if (Math.hypot((u - 0.5) * 1.5, v - 0.55) < 0.18) {
                    dd = 0.7;
                }
                if (u < 0.2 && v > 0.45) {
                    dd = 0.95;
                }
                d[y * w + x] = (float) dd;
            }
        }
        return d;
    }
}
