package dev.emulsion.grain;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.SrgbTransfer;

import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.awt.image.DataBufferInt;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A rough single-thread CPU-time comparison of the grain stage with JH Labs {@code NoiseFilter}, set up as
 * {@code GrainBenchmark} does, in one JVM (not a test; not run by the build). JH Labs is found by reflection,
 * so put its jar on the class path:
 * {@code java -cp filters/target/classes:filters/target/test-classes:<m2>/com/jhlabs/filters/2.0.235-1/filters-2.0.235-1.jar
 * dev.emulsion.grain.GrainPerf [runs]}.
 */
public final class GrainPerf {
    private GrainPerf() {
    }

    /**
     * Alternates mono grain, colour grain and JH Labs on a 6000×4000 image and prints median CPU times.
     *
     * @param args optional number of measured runs (default 7)
     * @throws Exception if JH Labs is not on the class path
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int w = 6000;
        int h = 4000;
        FloatImage image = scene(w, h);
        BufferedImage argb = toArgb(image);
        RenderContext ctx = RenderContext.defaults().withSeed(7).withScheduler(StripScheduler.ofThreads(1));
        Grain mono = Grain.builder().granularity(17).mono().clumpSize(18).build();
        Grain colour = Grain.builder().build();
        int amount = Math.max(1, (int) Math.round(sigmaCodes(mono, w)));
        Class<?> c = Class.forName("com.jhlabs.image.NoiseFilter");
        Object f = c.getConstructor().newInstance();
        c.getMethod("setDistribution", int.class).invoke(f, c.getField("GAUSSIAN").getInt(null));
        c.getMethod("setMonochrome", boolean.class).invoke(f, true);
        c.getMethod("setDensity", float.class).invoke(f, 1f);
        c.getMethod("setAmount", int.class).invoke(f, amount);
        BufferedImageOp jh = (BufferedImageOp) f;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int warm = 3;
        double[] tm = new double[runs];
        double[] tc = new double[runs];
        double[] tj = new double[runs];
        for (int i = -warm; i < runs; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            FloatImage a = mono.apply(image, ctx);
            long t1 = mx.getCurrentThreadCpuTime();
            FloatImage b = colour.apply(image, ctx);
            long t2 = mx.getCurrentThreadCpuTime();
            BufferedImage j = jh.filter(argb, null);
            long t3 = mx.getCurrentThreadCpuTime();
            if (a.width() + b.width() + j.getWidth() == 0) {
                throw new AssertionError();
            }
            if (i >= 0) {
                tm[i] = (t1 - t0) / 1e6;
                tc[i] = (t2 - t1) / 1e6;
                tj[i] = (t3 - t2) / 1e6;
            }
        }
        double m = median(tm);
        double co = median(tc);
        double jm = median(tj);
        System.out.printf("amount %d; median of %d CPU ms: grain %.0f, grain_colour %.0f, jhlabs %.0f;"
                + " ratio mono %.2f, colour %.2f%n", amount, runs, m, co, jm, jm / m, jm / co);
        System.out.println("grain " + Arrays.toString(tm));
        System.out.println("colour " + Arrays.toString(tc));
        System.out.println("jhlabs " + Arrays.toString(tj));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static double sigmaCodes(Grain g, int width) {
        FloatImage out = g.apply(FloatImage.filled(width, 64, 0.18f, 0.18f, 0.18f), RenderContext.defaults().withSeed(1));
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

    private static FloatImage scene(int w, int h) {
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

    private static BufferedImage toArgb(FloatImage img) {
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
