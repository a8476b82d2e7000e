package dev.emulsion.cli;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.ImageConversion;

import javax.imageio.ImageWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Encodes a {@link FilterChain.Banded} render as a JPEG while its tail is still being rendered: the tail and
 * the 8-bit conversion run band by band (in order) into the output {@code BufferedImage}, and the JDK's JPEG
 * writer encodes the finished rows on another thread at the same time.
 *
 * <p><b>How the writer is kept behind the rows.</b> The JDK's {@code JPEGImageWriter} reads the
 * {@code BufferedImage}'s raster directly, one scanline per call from its native code, and after copying
 * scanline {@code y} with {@code y > 7 && y % 8 == 0} it reports progress {@code y / height · 100} on the
 * writing thread (JDK 17 {@code JPEGImageWriter.grabPixels}). The listener here blocks in that call until
 * the rows the writer copies before its next report are final ({@code y + 9}, with a margin of 8 more), and
 * {@code imageStarted} does the same for the first rows. While it waits, the writing thread renders the next
 * unclaimed band itself, so no thread ever idles while work is left and the thread count stays that of the
 * scheduler: with one thread the writer renders each band just before it needs it (no overlap, and no extra
 * thread); with {@code n} threads, {@code n − 1} helpers render bands continuously.
 *
 * <p><b>Failures.</b> A band that throws marks the run failed; the writer is aborted at its next report
 * ({@code ImageWriter.abort}), the helpers stop claiming bands, and {@link #write} throws the band's
 * original exception after every thread has stopped. A writer that fails (an I/O error) stops the helpers
 * the same way and its exception is thrown. The caller's output stream then holds a partial file, which the
 * CLI deletes (it writes to a temporary file and renames it only on success).
 *
 * <p>Only the JDK's own JPEG writer is driven this way (its callback order is what makes it safe); with any
 * other writer every band is rendered before the writer starts, which is correct but does not overlap.
 */
final class StreamingJpeg {
    /** Name of the writer class whose callbacks the listener relies on. */
    static final String JDK_WRITER = "com.sun.imageio.plugins.jpeg.JPEGImageWriter";
    /** Rows the JDK writer copies after a progress report before it reports again, plus one. */
    private static final int ROWS_AHEAD = 9;
    /** Extra rows made final before the writer could need them (margin against off-by-one surprises). */
    private static final int MARGIN = 8;

    private final FilterChain.Banded render;
    private final BufferedImage out;
    private final long ditherSeed;
    private final int height;
    private final int bandRows;
    private final int bands;
    private final AtomicInteger next = new AtomicInteger();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final boolean[] done;
    /** Guarded by {@link #lock}: bands {@code [0, readyBands)} are final. */
    private int readyBands;
    /** Guarded by {@link #lock}: rows {@code [0, readyRows)} are final. */
    private int readyRows;
    /** Guarded by {@link #lock}: the first failure of a band. */
    private Throwable failure;
    /** Set by the writing thread when the writer failed or finished: helpers stop claiming bands. */
    private volatile boolean stop;

    /**
     * @param render     the render whose tail is still to run; rendered in place
     * @param out        a {@code TYPE_3BYTE_BGR} image of the render's size to fill
     * @param ditherSeed seed of the 8-bit dither (as {@link ImageConversion#toBufferedImage})
     * @param bandRows   rows per band
     */
    StreamingJpeg(FilterChain.Banded render, BufferedImage out, long ditherSeed, int bandRows) {
        this.render = render;
        this.out = out;
        this.ditherSeed = ditherSeed;
        this.height = render.image().height();
        this.bandRows = bandRows;
        this.bands = (height + bandRows - 1) / bandRows;
        this.done = new boolean[bands];
    }

    /**
     * The default band height: about a sixteenth of the image, between 32 K and 256 K pixels (a band's three
     * float planes then stay near the L2 cache, and the last band, which the writer waits for, is short).
     */
    static int defaultBandRows(FilterChain.Banded render) {
        long pixels = (long) render.image().width() * render.image().height();
        return render.bandRows((int) Math.max(32 << 10, Math.min(256 << 10, pixels / 16)));
    }

    /**
     * Renders the tail of {@code render}, converts it to 8-bit sRGB with dither and writes it as a JPEG,
     * overlapping the two as described above. The bytes are exactly those of rendering every row, converting
     * with {@link ImageConversion#toBufferedImage(dev.emulsion.image.FloatImage, int, long, StripScheduler)}
     * and writing with {@link ImageFiles#write}.
     *
     * @param render     a render with no alpha whose rows have not been rendered yet; consumed
     * @param ditherSeed seed of the 8-bit dither
     * @param scheduler  its threads render bands (the calling thread writes and helps)
     * @param bandRows   rows per band (see {@link #defaultBandRows})
     * @param quality    JPEG quality 1–100
     * @param exif       an APP1 Exif payload to keep, or null
     * @param os         where the JPEG goes
     * @throws IOException           the writer's I/O failure
     * @throws RuntimeException      (or an {@link Error}) a band's own failure, as thrown by the stage
     */
    static void write(FilterChain.Banded render, long ditherSeed, StripScheduler scheduler, int bandRows,
                      int quality, byte[] exif, OutputStream os) throws IOException {
        write(render, ditherSeed, scheduler, bandRows, quality, exif, os, null);
    }

    /**
     * As {@link #write(FilterChain.Banded, long, StripScheduler, int, int, byte[], OutputStream)}, calling
     * {@code extra} (when not null) with the writer after this class has attached to it (tests inject writer
     * failures with it).
     */
    static void write(FilterChain.Banded render, long ditherSeed, StripScheduler scheduler, int bandRows,
                      int quality, byte[] exif, OutputStream os, ImageFiles.WriterHook extra) throws IOException {
        if (render.image().hasAlpha()) {
            throw new IllegalArgumentException("a JPEG has no alpha: flatten the image first");
        }
        if (bandRows < 1) {
            throw new IllegalArgumentException("bandRows = " + bandRows + " is out of range: allowed is at least 1");
        }
        BufferedImage img = new BufferedImage(render.image().width(), render.image().height(),
                BufferedImage.TYPE_3BYTE_BGR);
        new StreamingJpeg(render, img, ditherSeed, bandRows).run(scheduler, quality, exif, os, extra);
    }

    private void run(StripScheduler scheduler, int quality, byte[] exif, OutputStream os, ImageFiles.WriterHook extra)
            throws IOException {
        Throwable[] writerFailure = new Throwable[1];
        // Item 0 writes (and renders while it waits), the others render; the items never throw, so every
        // thread has stopped touching the planes and the image when forEach returns.
        scheduler.forEach(Math.max(1, Math.min(scheduler.threads(), bands + 1)), item -> {
            if (item != 0) {
                helpLoop();
                return;
            }
            try {
                ImageFiles.write(out, "jpeg", quality, exif, os, writer -> {
                    attach(writer);
                    if (extra != null) {
                        extra.beforeWrite(writer);
                    }
                });
            } catch (Throwable t) {
                writerFailure[0] = t;
            } finally {
                stop = true;
            }
        });
        Throwable bandFailure;
        synchronized (lock) {
            bandFailure = failure;
            if (bandFailure == null && writerFailure[0] == null && readyRows < height) {
                bandFailure = new IllegalStateException("the JPEG writer finished before rows " + readyRows
                        + " to " + height + " were rendered");
            }
        }
        rethrow(bandFailure != null ? bandFailure : writerFailure[0]);
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t == null) {
            return;
        }
        if (t instanceof IOException) {
            throw (IOException) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        throw new IllegalStateException(t);
    }

    /** Before the write: follow the JDK writer's progress, or render everything first for any other writer. */
    private void attach(ImageWriter writer) throws IOException {
        if (writer.getClass().getName().equals(JDK_WRITER)) {
            writer.addIIOWriteProgressListener(new Listener());
            return;
        }
        ensure(height, null);
        Throwable f;
        synchronized (lock) {
            f = failure;
        }
        if (f != null) {
            throw new IOException("rendering failed", f); // the band's own exception is thrown by run
        }
    }

    /** A helper thread: renders the next unclaimed band until none is left or the run stopped. */
    private void helpLoop() {
        while (!stop && !failed()) {
            int b = next.getAndIncrement();
            if (b >= bands) {
                return;
            }
            produce(b);
        }
    }

    private boolean failed() {
        synchronized (lock) {
            return failure != null;
        }
    }

    /** Renders band {@code b}'s tail and its 8-bit rows, then publishes them; a failure is recorded. */
    private void produce(int b) {
        int y0 = b * bandRows;
        int y1 = Math.min(height, y0 + bandRows);
        try {
            render.renderRows(y0, y1);
            ImageConversion.writeRows8(render.image(), out, ditherSeed, y0, y1);
        } catch (Throwable t) {
            synchronized (lock) {
                if (failure == null) {
                    failure = t;
                }
                lock.notifyAll();
            }
            return;
        }
        synchronized (lock) {
            done[b] = true;
            while (readyBands < bands && done[readyBands]) {
                readyBands++;
            }
            readyRows = Math.min(height, readyBands * bandRows);
            lock.notifyAll();
        }
    }

    /**
     * On the writing thread: returns once rows {@code [0, need)} are final or a band failed (then the writer,
     * if any, is aborted). Renders unclaimed bands itself rather than wait while there are any.
     */
    private void ensure(int need, ImageWriter writer) {
        int target = Math.min(height, need);
        while (true) {
            synchronized (lock) {
                if (readyRows >= target || failure != null) {
                    break;
                }
            }
            int b = next.getAndIncrement();
            if (b < bands) {
                produce(b);
                continue;
            }
            // Every band is claimed: the ones we need are being rendered by helpers, which always finish
            // (or fail) them and notify. The wait is not cut short by an interrupt: the helpers are still
            // writing into the image.
            Monitors.awaitUninterruptibly(lock, () -> readyRows >= target || failure != null);
        }
        if (writer != null && failed()) {
            writer.abort(); // checked by the native writer after the current scanline
        }
    }

    /** Follows the JDK writer: blocks its progress reports until the rows it reads next are final. */
    private final class Listener extends WriteProgressAdapter {
        /** Row of the previous progress report. */
        private int lastRow;

        @Override
        public void imageStarted(ImageWriter source, int imageIndex) {
            lastRow = 0;
            ensure(ROWS_AHEAD + MARGIN, source);
        }

        @Override
        public void imageProgress(ImageWriter source, float percentageDone) {
            int y = (int) Math.round(percentageDone * (double) height / 100.0);
            if (y - lastRow > 8) {
                // Not the JDK 17 cadence (a report every 8 rows): rows may have been read too early.
                synchronized (lock) {
                    if (failure == null) {
                        failure = new IllegalStateException("the JPEG writer reported row " + y + " after row "
                                + lastRow + "; streaming needs a report every 8 rows");
                    }
                    lock.notifyAll();
                }
            }
            lastRow = Math.max(lastRow, y);
            ensure(y + ROWS_AHEAD + MARGIN, source);
        }

    }
}
