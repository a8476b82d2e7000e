package dev.emulsion.cli;

import dev.emulsion.chain.FilmFormat;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a batch of {@link Job}s: files in parallel, bounded by an estimate of each image's working memory
 * against the heap, so a folder of large images never runs out of memory; each image's strips use the cores
 * that the concurrently running files leave free. One bad file never stops the batch: it gives one line
 * {@code emulsion: FILE: reason} and the run goes on.
 *
 * <p>Outputs are written to a hidden temporary file in the target directory and renamed into place
 * atomically; a failed or interrupted write leaves no partial image.
 */
final class BatchRunner {
    /**
     * Working bytes per pixel while an image is in flight: the decoded image (≤ 8), the float input planes
     * (16 with alpha), the chain's output planes (16) and the encoded output image (≤ 8), rounded up for the
     * chain's scratch buffers of neighbourhood stages.
     */
    static final int BYTES_PER_PIXEL = 56;
    /** Heap kept aside for the JVM, the codecs and the file bytes. */
    static final long RESERVE_BYTES = 96L << 20;

    /** {@code EMULSION_TIMING=1} prints each file's phase times on stderr (for profiling a preset's cost). */
    private static final boolean TIMING = System.getenv("EMULSION_TIMING") != null;

    /** Temporary files being written, removed by the shutdown hook if the run is interrupted. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : IN_FLIGHT) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort while the JVM is going down
                }
            }
        }, "emulsion-temp-cleanup"));
    }

    private final PrintWriter err;
    private final int jobs;
    private final boolean overwrite;
    private final int quality;
    private final Long seed;
    private final FilmFormat format;
    private final boolean progress;
    private final long budgetMb;
    private final Semaphore memory;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();

    /** Most files that were decoded or processed at the same time (for tests of the memory bound). */
    final AtomicInteger peakRunning = new AtomicInteger();

    BatchRunner(PrintWriter err, int jobs, boolean overwrite, int quality, Long seed, FilmFormat format,
                boolean progress) {
        this(err, jobs, overwrite, quality, seed, format, progress, Runtime.getRuntime().maxMemory());
    }

    /** @param heapBytes the heap to budget against (normally {@code Runtime.maxMemory()}) */
    BatchRunner(PrintWriter err, int jobs, boolean overwrite, int quality, Long seed, FilmFormat format,
                boolean progress, long heapBytes) {
        this.err = err;
        this.jobs = jobs;
        this.overwrite = overwrite;
        this.quality = quality;
        this.seed = seed;
        this.format = format;
        this.progress = progress;
        this.budgetMb = Math.max(1, (heapBytes - Math.min(RESERVE_BYTES, heapBytes / 4)) >> 20);
        this.memory = new Semaphore((int) Math.min(Integer.MAX_VALUE, budgetMb), true);
    }

    /** Counts of a finished run. */
    static final class Summary {
        final int written;
        final int failed;
        final int skipped;
        final long millis;

        Summary(int written, int failed, int skipped, long millis) {
            this.written = written;
            this.failed = failed;
            this.skipped = skipped;
            this.millis = millis;
        }
    }

    /** Records a failure found before the run (an input that matched nothing). */
    void fail(String file, String reason) {
        failed.incrementAndGet();
        line(file + ": " + reason);
    }

    /** Runs every job and prints the summary line. */
    Summary run(List<Job> all) {
        long t0 = System.nanoTime();
        remaining.set(all.size());
        ProgressBar bar = progress && all.size() > 1 ? new ProgressBarBuilder().setTaskName("emulsion")
                .setInitialMax(all.size()).setStyle(ProgressBarStyle.ASCII).setUnit(" files", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).continuousUpdate().build() : null;
        int threads = Math.max(1, Math.min(jobs, all.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "emulsion-file");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (Job j : all) {
                futures.add(pool.submit(() -> {
                    try {
                        runOne(j);
                    } finally {
                        remaining.decrementAndGet();
                        if (bar != null) {
                            bar.step();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed.incrementAndGet();
                    line("internal error: " + ImageFiles.reason(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (bar != null) {
                bar.close();
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Summary s = new Summary(written.get(), failed.get(), skipped.get(), ms);
        line(String.format(Locale.ROOT, "%d written, %d failed, %d skipped in %.1f s", s.written, s.failed,
                s.skipped, ms / 1000.0));
        return s;
    }

    private void line(String text) {
        synchronized (err) {
            err.println("emulsion: " + text);
            err.flush();
        }
    }

    private void runOne(Job job) {
        String name = job.input.toString();
        if (job.refusal != null) {
            fail(name, job.refusal);
            return;
        }
        if (Files.exists(job.output, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
            skipped.incrementAndGet();
            line(name + ": skipped: " + job.output + " exists (use --overwrite to replace it)");
            return;
        }
        int permits = 0;
        long needMb = 0;
        try {
            ImageFiles.Source src = ImageFiles.open(job.input);
            long pixels = (long) src.width * src.height;
            needMb = ((pixels * BYTES_PER_PIXEL + src.bytes.length) >> 20) + 1;
            permits = (int) Math.min(needMb, budgetMb);
            memory.acquire(permits);
            int now = running.incrementAndGet();
            peakRunning.accumulateAndGet(now, Math::max);
            int concurrent = Math.max(1, Math.min(now + waitingEstimate(), jobs));
            int maxFit = (int) Math.max(1, budgetMb / Math.max(1, needMb));
            concurrent = Math.min(concurrent, maxFit);
            int cores = Runtime.getRuntime().availableProcessors();
            int stripThreads = Math.max(1, cores / concurrent);
            try {
                process(job, src, stripThreads);
            } finally {
                running.decrementAndGet();
            }
            written.incrementAndGet();
        } catch (ImageFiles.BadInputException e) {
            fail(name, e.getMessage());
        } catch (OutOfMemoryError e) {
            fail(name, "not enough memory for this image (about " + needMb + " MB needed of a "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap): give Java more heap, e.g. JAVA_OPTS=-Xmx4g");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(name, "interrupted");
        } catch (IOException e) {
            fail(name, "cannot write " + job.output + ": " + ImageFiles.reason(e));
        } catch (RuntimeException e) {
            fail(name, ImageFiles.reason(e));
        } finally {
            if (permits > 0) {
                memory.release(permits);
            }
        }
    }

    /** Files that will start soon: the others still queued, up to the number of worker threads. */
    private int waitingEstimate() {
        return Math.max(0, Math.min(remaining.get() - running.get(), jobs - running.get()));
    }

    private void process(Job job, ImageFiles.Source src, int stripThreads) throws ImageFiles.BadInputException,
            IOException {
        // One scheduler for the conversions and the chain: files running side by side share the cores.
        StripScheduler scheduler = StripScheduler.ofThreads(stripThreads);
        RenderContext ctx = RenderContext.defaults().withFormat(format != null ? format
                        : job.chain.context().format())
                .withScheduler(scheduler);
        ImagePipeline.Rendered r = ImagePipeline.render(src, job.chain, ctx, seed, job.format, job.bits,
                ImagePipeline.STREAMING, w -> line(job.input + ": warning: " + w));
        byte[] exif = job.format.equals("jpeg") && src.exif != null ? Exif.withUprightOrientation(src.exif) : null;
        long t4 = System.nanoTime();
        writeAtomically(job, os -> r.writeTo(os, quality, exif));
        if (TIMING) {
            long t5 = System.nanoTime();
            line(String.format(Locale.ROOT, "%s: timing: decode %d ms, to float %d ms, chain %d ms (%d threads), "
                    + "to %d-bit %d ms, encode+write %d ms%s", job.input, r.decodeNanos / 1_000_000,
                    r.toFloatNanos / 1_000_000, r.chainNanos / 1_000_000, stripThreads, r.bits(),
                    r.toBitsNanos / 1_000_000, (t5 - t4) / 1_000_000,
                    r.streamed() ? " (streamed: the chain's tail and the 8-bit conversion run during the encode)" : ""));
        }
    }

    /** Writes the encoded image into a stream. */
    @FunctionalInterface
    interface Encoder {
        void writeTo(OutputStream os) throws IOException;
    }

    static FloatImage flattenOntoWhite(FloatImage img) {
        FloatImage out = FloatImage.create(img.width(), img.height(), false);
        float[] a = img.alpha();
        for (int c = 0; c < 3; c++) {
            float[] s = img.plane(c);
            float[] d = out.plane(c);
            for (int i = 0; i < d.length; i++) {
                d[i] = s[i] * a[i] + (1f - a[i]);
            }
        }
        return out;
    }

    private void writeAtomically(Job job, Encoder encoder) throws IOException {
        Path target = job.output.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        IN_FLIGHT.add(tmp);
        boolean done = false;
        try {
            try {
                // temp files are created owner-only; an output is an ordinary file like any other
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: keep its defaults
            }
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                encoder.writeTo(os);
            }
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
            IN_FLIGHT.remove(tmp);
        }
    }
}
