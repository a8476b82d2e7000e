package dev.emulsion.jmh;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * End to end on a JPEG file, in one JVM: {@code apply} reads the file, renders the preset and writes a JPEG
 * at quality 92, as {@code emulsion apply -p PRESET in.jpg -o out.jpg --quality 92} does;
 * {@code decode_encode} does only the read and the write. Issue 7's target: {@code apply} at most 2× the
 * time of {@code decode_encode} on a 24 MP JPEG with 2 threads (the report prints the ratio).
 *
 * <p>{@code apply} goes through the library (ImageIO with the TwelveMonkeys plugins of the CLI's
 * classpath, {@link ImageConversion}, {@link FilterChain}), not through the command's own code: the
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

    /** @return the size of the written JPEG: read, render the preset, write at Q92 */
    @Benchmark
    public long apply() {
        BufferedImage in = read();
        FloatImage linear = ImageConversion.toFloatImage(in);
        FloatImage rendered = chain.apply(linear, ctx);
        BufferedImage out = ImageConversion.toBufferedImage(rendered, 8, ctx.seedFor(linear));
        return write(out);
    }

    /** @return the size of the written JPEG: read and write at Q92 only */
    @Benchmark
    public long decode_encode() {
        return write(read());
    }

    private BufferedImage read() {
        try {
            BufferedImage img = ImageIO.read(input.toFile());
            if (img == null) {
                throw new IOException("no reader for " + input);
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long write(BufferedImage img) {
        try {
            BenchFiles.writeJpeg(img, output);
            return Files.size(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
