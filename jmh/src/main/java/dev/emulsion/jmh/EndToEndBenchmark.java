package dev.emulsion.jmh;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.cli.ImagePlugins;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * End to end on a JPEG file, in one JVM: {@code apply} reads the file, renders the preset and writes a JPEG
 * at quality 92, as {@code emulsion apply -p PRESET in.jpg -o out.jpg --quality 92} does;
 * {@code decode_encode} does only the read and the write. Issue 7's target: {@code apply} at most 2× the
 * time of {@code decode_encode} on a 24 MP JPEG with 2 threads (the report prints the ratio).
 *
 * <p>{@code apply} goes through the library ({@link ImageConversion}, {@link FilterChain}) the way the CLI's
 * batch runner calls it, with the JPEG codec the CLI uses for a plain JPEG (the JDK's, linked to the
 * system's libjpeg; TwelveMonkeys, also on the classpath, is kept for CMYK and ICC-tagged files), both
 * methods alike, and not through the command's own code: the
 * command adds argument parsing, EXIF and a rename. ADAPT(cli): when the CLI has an in-process entry that
 * returns its exit code instead of calling {@code System.exit}, add an {@code apply_cli} method calling it
 * with {@code apply -p PRESET IN -o OUT --quality 92 --overwrite --jobs 1} (design in BENCHMARKS.md).
 * The process-level figures (peak memory, the 100-file batch) come from {@code jmh/end-to-end}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EndToEndBenchmark {
    /** Image size in megapixels (3:2). */
    @Param({"2", "12", "24"})
    public String mp;

    /** Threads taking part in rendering, the caller included. */
    @Param({"1", "2"})
    public String threads;

    /**
     * The preset (see {@link PresetStages}): a bundled name or a file path.
     */
    @Param({"portra-400"})
    public String preset;

    private Path dir;
    private Path input;
    private Path output;
    private FilterChain chain;
    private RenderContext ctx;

    /** Writes the input JPEG and builds the preset's chain, once per fork. */
    @Setup
    public void setup() throws IOException {
        // As the CLI: no disk cache behind ImageIO's streams (it would copy every stream to a temp file).
        ImageIO.setUseCache(false);
        dir = Files.createTempDirectory("emulsion-e2e");
        input = dir.resolve("in.jpg");
        output = dir.resolve("out.jpg");
        BenchFiles.writeScene(input, BenchImages.parseMegapixels(mp), 0);
        ctx = BenchImages.context(threads).withDerivedSeed();
        chain = FilterChain.builder().addAll(PresetStages.load(preset)).context(ctx).build();
    }

    /** Removes the temporary files. */
    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * @return the size of the written JPEG: read, render the preset, write at Q92, as the CLI's batch runner
     *     does it: conversions on the render's scheduler, the seed hashed once, and the decoded image handed
     *     over to the chain ({@link FilterChain#applyConsuming}) so a leading point run needs no copy
     */
    @Benchmark
    public long apply() {
        StripScheduler scheduler = ctx.scheduler();
        FloatImage linear = ImageConversion.toFloatImage(read(), scheduler);
        long seed = ctx.seedFor(linear);
        FloatImage rendered = chain.applyConsuming(linear, ctx.withSeed(seed));
        return write(ImageConversion.toBufferedImage(rendered, 8, seed, scheduler));
    }

    /** @return the size of the written JPEG: read and write at Q92 only */
    @Benchmark
    public long decode_encode() {
        return write(read());
    }

    /** Decodes with the JDK's libjpeg-based reader, the one the CLI picks for a plain JPEG. */
    private BufferedImage read() {
        ImageReader reader = jdk(ImageIO.getImageReadersByFormatName("jpeg"));
        try (ImageInputStream in = ImageIO.createImageInputStream(input.toFile())) {
            reader.setInput(in, true, true);
            return reader.read(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reader.dispose();
        }
    }

    /** Encodes at quality 92 with the JDK's writer, the one the CLI uses. */
    private long write(BufferedImage img) {
        ImageWriter writer = jdk(ImageIO.getImageWritersByFormatName("jpeg"));
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(
                new BufferedOutputStream(Files.newOutputStream(output), 1 << 16))) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(BenchFiles.QUALITY);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        try {
            return Files.size(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the JDK's own plugin if registered, else the first, as the CLI chooses */
    private static <T> T jdk(Iterator<T> plugins) {
        T chosen = ImagePlugins.choose(plugins, true);
        if (chosen == null) {
            throw new IllegalStateException("no JPEG plugin is registered with ImageIO");
        }
        return chosen;
    }
}
