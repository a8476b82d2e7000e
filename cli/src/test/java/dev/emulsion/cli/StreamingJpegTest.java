package dev.emulsion.cli;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.PointStage;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.StageSpec;
import dev.emulsion.presets.PresetLibrary;
import dev.emulsion.tone.Exposure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming JPEG output ({@link StreamingJpeg} through {@link ImagePipeline}): the file is byte for byte the
 * plain path's at 1 and 2 threads and at odd sizes, and failures on either side end with the original error,
 * no deadlock and no output file.
 */
class StreamingJpegTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** A scene with gradients, texture and small highlights (so halation and grain have work to do). */
    static byte[] scene(int w, int h, boolean progressive) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = x * 255 / w;
                int g = y * 255 / h;
                int b = 64 + ((x / 9 + y / 7) % 2) * 40;
                if ((x - w / 3) * (x - w / 3) + (y - h / 4) * (y - h / 4) < 200) {
                    r = g = b = 255;
                }
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        ImageWriter writer = ImagePlugins.choose(ImageIO.getImageWritersByFormatName("jpeg"), true);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(bos)) {
            writer.setOutput(ios);
            ImageWriteParam p = writer.getDefaultWriteParam();
            if (progressive) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
        return bos.toByteArray();
    }

    private static FilterChain portra(Stage... more) {
        List<Stage> stages = new ArrayList<>(PresetLibrary.standard().load("portra-400").buildStages());
        stages.addAll(Arrays.asList(more));
        return FilterChain.builder().addAll(stages).build();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Renders through the command's pipeline; bandRows 0 takes the default band height. */
    private static byte[] render(Path input, FilterChain chain, int threads, boolean streaming, int bandRows,
                                 ImageFiles.WriterHook hook, OutputStream sink) throws Exception {
        ImageFiles.Source src = ImageFiles.open(input);
        RenderContext ctx = RenderContext.defaults().withScheduler(StripScheduler.ofThreads(threads));
        ImagePipeline.Rendered r = ImagePipeline.render(src, chain, ctx, null, "jpeg", 0, streaming, w -> { });
        assertEquals(streaming, r.streamed());
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        r.writeTo(sink != null ? sink : bos, 92, null, bandRows, hook);
        return bos.toByteArray();
    }

    private static byte[] render(Path input, FilterChain chain, int threads, boolean streaming, int bandRows)
            throws Exception {
        return render(input, chain, threads, streaming, bandRows, null, null);
    }

    @Test
    void streamedFileIsThePlainFileAtOneAndTwoThreads() throws Exception {
        FilterChain chain = portra();
        for (int[] size : new int[][] {{600, 400}, {617, 401}}) {
            Path in = file("in-" + size[0] + ".jpg", scene(size[0], size[1], false));
            byte[] plain = render(in, chain, 1, false, 0);
            for (int threads : new int[] {1, 2}) {
                assertTimeoutPreemptively(LIMIT, () -> {
                    assertArrayEquals(plain, render(in, chain, threads, false, 0), "plain, " + threads + " threads");
                    // default bands, one-row bands, and bands that do not divide the height
                    for (int rows : new int[] {0, 1, 23}) {
                        assertArrayEquals(plain, render(in, chain, threads, true, rows),
                                size[0] + "x" + size[1] + ", " + threads + " threads, band rows " + rows);
                    }
                });
            }
        }
    }

    @Test
    void theComparisonSeesADifferentRender() throws Exception {
        // negative control: one extra stage in the tail (a small exposure change) changes the file
        Path in = file("in.jpg", scene(617, 401, false));
        byte[] plain = render(in, portra(), 2, false, 0);
        byte[] other = render(in, portra(new Exposure(0.02)), 2, true, 0);
        assertFalse(Arrays.equals(plain, other));
    }

    @Test
    void aSlowTailIsWaitedFor() throws Exception {
        // Each strip of the tail sleeps, so the writer always catches up with the bands and must wait for
        // rows; were it to read them early, the file would hold unrendered (black) rows.
        Path in = file("in.jpg", scene(617, 401, false));
        FilterChain chain = portra(new Slow(15));
        byte[] plain = render(in, chain, 1, false, 0);
        for (int threads : new int[] {1, 2}) {
            assertTimeoutPreemptively(LIMIT, () -> assertArrayEquals(plain, render(in, chain, threads, true, 0)));
        }
    }

    @Test
    void decodingOverlapsTheConversionAndGivesItsPlanes() throws Exception {
        for (int[] size : new int[][] {{600, 400}, {617, 401}, {1000, 7}}) {
            Path in = file("in.jpg", scene(size[0], size[1], false));
            ImageFiles.Source src = ImageFiles.open(in);
            FloatImage expected = ImageConversion.toFloatImage(ImageFiles.decode(src).image,
                    StripScheduler.sequential());
            assertFalse(StreamingDecode.applies(src, StripScheduler.sequential()), "one thread: no overlap");
            assertTrue(StreamingDecode.applies(src, StripScheduler.ofThreads(2)));
            int before = StreamingDecode.FALLBACKS.get();
            FloatImage got = assertTimeoutPreemptively(LIMIT, () -> StreamingDecode.decode(src,
                    StripScheduler.ofThreads(2), w -> { }, new int[1]));
            assertEquals(before, StreamingDecode.FALLBACKS.get(), "the overlapped planes were used");
            assertArrayEquals(expected.red(), got.red());
            assertArrayEquals(expected.green(), got.green());
            assertArrayEquals(expected.blue(), got.blue());
        }
        ImageFiles.Source progressive = ImageFiles.open(file("p.jpg", scene(300, 200, true)));
        assertTrue(progressive.progressive);
        assertFalse(StreamingDecode.applies(progressive, StripScheduler.ofThreads(2)));
    }

    @Test
    void aTruncatedInputStillFailsWithTheDecodersReason() throws Exception {
        byte[] j = scene(617, 401, false);
        Path in = file("cut.jpg", Arrays.copyOf(j, j.length / 2));
        ImageFiles.Source src = ImageFiles.open(in);
        ImageFiles.BadInputException e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(
                ImageFiles.BadInputException.class, () -> StreamingDecode.decode(src, StripScheduler.ofThreads(2),
                        w -> { }, new int[1])));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void progressiveInputStillMatches() throws Exception {
        Path in = file("progressive.jpg", scene(617, 401, true));
        FilterChain chain = portra();
        byte[] plain = render(in, chain, 1, false, 0);
        assertTimeoutPreemptively(LIMIT, () -> {
            assertArrayEquals(plain, render(in, chain, 2, true, 0));
            assertArrayEquals(plain, render(in, chain, 1, true, 0));
        });
    }

    @Test
    void aFailingBandEndsWithItsOwnExceptionAtOneAndTwoThreads() throws Exception {
        Path in = file("in.jpg", scene(617, 401, false));
        for (int threads : new int[] {1, 2}) {
            for (int row : new int[] {0, 200, 400}) {
                FilterChain chain = portra(new Boom(row));
                IllegalStateException e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(
                        IllegalStateException.class, () -> render(in, chain, threads, true, 0)));
                assertEquals("boom at row " + row, e.getMessage());
            }
        }
    }

    @Test
    void aFailingWriterStopsTheBandsAtOneAndTwoThreads() throws Exception {
        Path in = file("in.jpg", scene(617, 401, false));
        FilterChain chain = portra();
        for (int threads : new int[] {1, 2}) {
            // the writer fails half-way through the image (a listener that throws from its progress report)
            ImageFiles.WriterHook failing = w -> w.addIIOWriteProgressListener(new ThrowAt(50));
            Exception e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(Exception.class,
                    () -> render(in, chain, threads, true, 23, failing, null)));
            assertTrue(String.valueOf(e.getMessage()).contains("writer broke") || e.getCause() != null,
                    e.toString());
            // the sink fails (disk full): an IOException
            OutputStream full = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("no space left on device");
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    throw new IOException("no space left on device");
                }
            };
            IOException io = assertTimeoutPreemptively(LIMIT, () -> assertThrows(IOException.class,
                    () -> render(in, chain, threads, true, 0, null, full)));
            assertTrue(io.getMessage().contains("no space left"), io.toString());
            // the pool is not left busy: the next render works
            assertTimeoutPreemptively(LIMIT, () -> render(in, chain, threads, true, 0));
        }
    }

    @Test
    void aBatchGoesOnAfterAFailedStreamAndLeavesNoOutput() throws Exception {
        Path in = file("in.jpg", scene(617, 401, false));
        Path outDir = Files.createDirectories(dir.resolve("out"));
        List<Job> jobs = List.of(
                new Job(in, outDir.resolve("bad.jpg"), "jpeg", 0, portra(new Boom(300)), null),
                new Job(in, outDir.resolve("good.jpg"), "jpeg", 0, portra(), null));
        StringWriter err = new StringWriter();
        BatchRunner runner = new BatchRunner(new PrintWriter(err, true), 1, false, 92, 1L, null, false);
        BatchRunner.Summary s = assertTimeoutPreemptively(LIMIT, () -> runner.run(jobs));
        assertEquals(1, s.written, err.toString());
        assertEquals(1, s.failed, err.toString());
        assertTrue(err.toString().contains("boom at row 300"), err.toString());
        try (Stream<Path> files = Files.list(outDir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("good.jpg"), names, "no partial or temporary file may be left");
        }
        // the good file is the plain path's render with the same seed
        byte[] good = Files.readAllBytes(outDir.resolve("good.jpg"));
        assertEquals("jpeg", ImageFiles.sniff(good));
    }

    /** A point stage for these tests, declared as exposure with its defaults (only its kernel matters). */
    abstract static class TestStage implements PointStage {
        @Override
        public StageSpec spec() {
            return Exposure.SPEC;
        }

        @Override
        public ParamValues params() {
            return Exposure.SPEC.defaults();
        }
    }

    /** A tail stage that throws on the strip holding one row. */
    static final class Boom extends TestStage {
        private final int row;

        Boom(int row) {
            this.row = row;
        }

        @Override
        public PointKernel prepare(int width, int height, RenderContext ctx) {
            return strip -> {
                if (strip.y0() <= row && row < strip.y1()) {
                    throw new IllegalStateException("boom at row " + row);
                }
            };
        }
    }

    /** A tail stage that sleeps on every strip and brightens the rows by their position. */
    static final class Slow extends TestStage {
        private final int millis;

        Slow(int millis) {
            this.millis = millis;
        }

        @Override
        public PointKernel prepare(int width, int height, RenderContext ctx) {
            return strip -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                float[] g = strip.green();
                for (int i = strip.start(); i < strip.end(); i++) {
                    g[i] += 0.1f * (i / width) / height;
                }
            };
        }
    }

    /** A progress listener that throws once the write passes a percentage. */
    static final class ThrowAt extends WriteProgressAdapter {
        private final float percent;

        ThrowAt(float percent) {
            this.percent = percent;
        }

        @Override
        public void imageProgress(ImageWriter source, float percentageDone) {
            if (percentageDone >= percent) {
                throw new IllegalStateException("writer broke at " + percentageDone + " %");
            }
        }

    }
}
