package dev.emulsion.jmh;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.cli.ImagePipeline;
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
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * <p>Both methods call the command's own per-file code, {@link ImagePipeline} (decoder and writer choice,
 * conversions, seed, streaming JPEG output, metadata), so the benchmark measures what the command runs; the
 * command adds argument parsing and the temporary file and rename around each output. Run with
 * {@code -jvmArgs -Demulsion.streaming=false} to measure the path without streaming output.
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

    /** JPEG quality in percent, as {@code --quality 92}. */
    private static final int QUALITY = Math.round(BenchFiles.QUALITY * 100);

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
     * @return the size of the written JPEG: read, render the preset, write at Q92 through
     *     {@link ImagePipeline#apply}, the code {@code emulsion apply} runs for each file (decoder choice,
     *     conversions on the render's scheduler, the seed hashed from the decoded image, the chain's tail and
     *     the 8-bit conversion streamed into the JDK's JPEG writer); only the temporary file and rename
     *     around the output are left out
     */
    @Benchmark
    public long apply() {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
            ImagePipeline.apply(input, chain, ctx, null, "jpeg", QUALITY, os);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return size();
    }

    /**
     * @return the size of the written JPEG: read and write at Q92 only, with the command's decoder and
     *     writer ({@link ImagePipeline#decodeEncode})
     */
    @Benchmark
    public long decode_encode() {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
            ImagePipeline.decodeEncode(input, "jpeg", QUALITY, os);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return size();
    }

    private long size() {
        try {
            return Files.size(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
