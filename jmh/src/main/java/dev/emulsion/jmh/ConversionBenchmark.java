package dev.emulsion.jmh;

import com.jhlabs.image.ImageUtils;
import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.color.WhiteBalance;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import dev.emulsion.tone.BasicTone;
import dev.emulsion.tone.Exposure;
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
import java.awt.image.DataBufferByte;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Conversion in ({@code BufferedImage} 3BYTE_BGR → linear float), conversion out (linear float → dithered
 * 8-bit sRGB 3BYTE_BGR) and the fused point pass (exposure + white balance + basic tone in one strip pass),
 * on a smooth synthetic image of {@code mp} megapixels at 3:2.
 *
 * <p>Baselines ({@code *_jhlabs}): the round trip a JH Labs filter user pays, through JH Labs'
 * {@code ImageUtils}: in = {@code convertImageToARGB} + {@code getRGB} of all pixels to the packed
 * {@code int[]} JH Labs filters work on; out = {@code setRGB} of the packed pixels into an INT_ARGB image and
 * a Java2D draw into 3BYTE_BGR for the encoder. With 2 threads the image is cut into two halves processed on
 * two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConversionBenchmark {
    /** Megapixels of the synthetic image (3:2). */
    @Param({"2", "12", "24"})
    public String mp;

    /** Threads taking part. */
    @Param({"1", "2"})
    public String threads;

    private BufferedImage bgr;
    private FloatImage linear;
    private int[] argbPixels;
    private StripScheduler scheduler;
    private FilterChain chain;
    private ExecutorService pool;

    /** Builds the synthetic image and its float and packed forms. */
    @Setup(Level.Trial)
    public void setUp() {
        int n = Integer.parseInt(mp) * 1_000_000;
        int h = (int) Math.round(Math.sqrt(n / 1.5));
        int w = (int) Math.round(h * 1.5);
        bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] d = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = 3 * (y * w + x);
                double u = (double) x / w;
                double v = (double) y / h;
                d[p] = (byte) (128 + 100 * Math.sin(7 * u + 3 * v));
                d[p + 1] = (byte) (255 * v * (0.6 + 0.4 * Math.cos(11 * u)));
                d[p + 2] = (byte) (255 * u);
            }
        }
        int t = Integer.parseInt(threads);
        scheduler = StripScheduler.ofThreads(t);
        linear = ImageConversion.toFloatImage(bgr, scheduler);
        argbPixels = ImageUtils.getRGB(ImageUtils.convertImageToARGB(bgr), 0, 0, w, h, null);
        chain = FilterChain.builder().add(new Exposure(0.3)).add(new WhiteBalance(5200, 5))
                .add(new BasicTone(0.02, 0.9)).threads(t).seed(1).build();
        pool = Executors.newFixedThreadPool(2);
    }

    /** Stops the baseline's pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    /** @return the linear float image of the 8-bit input */
    @Benchmark
    public FloatImage convert_in() {
        return ImageConversion.toFloatImage(bgr, scheduler);
    }

    /** @return the dithered 8-bit sRGB image of the float image */
    @Benchmark
    public BufferedImage convert_out() {
        return ImageConversion.toBufferedImage(linear, 8, 42, scheduler);
    }

    /** @return the packed ARGB pixels JH Labs filters work on */
    @Benchmark
    public int[] convert_in_jhlabs() throws Exception {
        BufferedImage argb = ImageUtils.convertImageToARGB(bgr);
        int w = argb.getWidth();
        int h = argb.getHeight();
        int[] out = new int[w * h];
        halves(h, (y0, y1) -> {
            int[] rows = ImageUtils.getRGB(argb, 0, y0, w, y1 - y0, null);
            System.arraycopy(rows, 0, out, y0 * w, rows.length);
        });
        return out;
    }

    /** @return a 3BYTE_BGR image of the packed ARGB pixels, for an encoder */
    @Benchmark
    public BufferedImage convert_out_jhlabs() throws Exception {
        int w = bgr.getWidth();
        int h = bgr.getHeight();
        BufferedImage argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        halves(h, (y0, y1) -> {
            int[] rows = new int[w * (y1 - y0)];
            System.arraycopy(argbPixels, y0 * w, rows, 0, rows.length);
            ImageUtils.setRGB(argb, 0, y0, w, y1 - y0, rows);
            java.awt.Graphics2D g = out.createGraphics();
            g.setClip(0, y0, w, y1 - y0);
            g.drawImage(argb, 0, 0, null);
            g.dispose();
        });
        return out;
    }

    /** @return the 24 MP (at mp=24) float image through exposure + white balance + basic tone, fused */
    @Benchmark
    public FloatImage fused_point_pass() {
        return chain.apply(linear);
    }

    private void halves(int h, StripScheduler.RangeTask task) throws Exception {
        if ("1".equals(threads)) {
            task.accept(0, h);
            return;
        }
        Future<?> top = pool.submit(() -> task.accept(0, h / 2));
        task.accept(h / 2, h);
        top.get();
    }
}
