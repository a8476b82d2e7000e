package dev.emulsion.cli;

import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;

import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadUpdateListener;
import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Converts a JPEG to linear float while it is being decoded: the JDK's JPEG reader decodes on one thread and
 * reports every finished row ({@code JPEGImageReader.acceptPixels} → {@code imageUpdate}, on the decoding
 * thread, after the row is in the image); another thread converts each band of rows to float as soon as
 * it is complete, so when decoding ends only the last band or two remain. Once the decoder is done it
 * converts bands too.
 *
 * <p>The planes are exactly {@link ImageConversion#toFloatImage}'s (each band is converted by that same
 * method on a sub-image, and a pixel's value depends on its code alone). Only baseline JPEGs decoded by the
 * JDK's own reader into a {@code TYPE_3BYTE_BGR} sRGB image take this path, and only with two threads or
 * more (with one there is nobody to overlap with). Anything unexpected — rows reported out of order, a second
 * pass, another image type — stops the overlap and the whole image is converted after decoding instead.
 */
final class StreamingDecode {
    /** How many decodes stopped overlapping and converted the whole image afterwards (for tests). */
    static final AtomicInteger FALLBACKS = new AtomicInteger();

    private final ImageFiles.Source src;
    private final int width;
    private final int height;
    private final int bandRows;
    private final int bands;
    private final FloatImage out;
    private final AtomicInteger next = new AtomicInteger();
    private final Object lock = new Object();
    /** Rows {@code [0, decodedRows)} of {@link #image} are decoded. */
    private volatile int decodedRows;
    private volatile BufferedImage image;
    /** Set when the decoder behaves unexpectedly or fails: converters stop; the caller converts afterwards. */
    private volatile boolean broken;
    private volatile boolean decodeDone;

    private StreamingDecode(ImageFiles.Source src, int bandRows) {
        this.src = src;
        this.width = src.width;
        this.height = src.height;
        this.bandRows = bandRows;
        this.bands = (height + bandRows - 1) / bandRows;
        this.out = FloatImage.create(width, height, false);
    }

    /** @return whether {@link #decode} may overlap for this input on this scheduler */
    static boolean applies(ImageFiles.Source src, StripScheduler scheduler) {
        return src.format.equals("jpeg") && src.plainJpeg && !src.progressive && scheduler.threads() >= 2;
    }

    /**
     * Decodes {@code src} and converts it to linear float, overlapped as described above.
     *
     * @param src       a baseline JPEG (see {@link #applies})
     * @param scheduler two or more threads
     * @param warnings  receives the decoder's warnings
     * @param bits      receives the decoded bit depth in {@code bits[0]}
     * @return the float image, as {@code ImageConversion.toFloatImage(ImageFiles.decode(src).image)} gives it
     * @throws ImageFiles.BadInputException when the input cannot be decoded (with the plain decoder's message)
     */
    static FloatImage decode(ImageFiles.Source src, StripScheduler scheduler, java.util.function.Consumer<String> warnings,
                             int[] bits) throws ImageFiles.BadInputException {
        int rows = Math.max(8, (128 << 10) / Math.max(1, src.width));
        return new StreamingDecode(src, rows).run(scheduler, warnings, bits);
    }

    private FloatImage run(StripScheduler scheduler, java.util.function.Consumer<String> warnings, int[] bits)
            throws ImageFiles.BadInputException {
        ImageFiles.Decoded[] decoded = new ImageFiles.Decoded[1];
        Throwable[] failure = new Throwable[1];
        scheduler.forEach(2, item -> {
            if (item == 0) {
                try {
                    decoded[0] = ImageFiles.decodeJdkJpeg(src, new Updates());
                } catch (Throwable t) {
                    failure[0] = t;
                } finally {
                    finishDecode();
                }
            }
            convertLoop();
        });
        ImageFiles.Decoded dec = decoded[0];
        if (failure[0] != null || dec == null) {
            // a failure, or no JDK reader: the plain decoder retries with TwelveMonkeys or gives the reason
            dec = ImageFiles.decode(src);
            broken = true;
        }
        for (String w : dec.warnings) {
            warnings.accept(w);
        }
        bits[0] = dec.bits;
        if (broken || dec.image != image || decodedRows < height) {
            FALLBACKS.incrementAndGet();
            return ImageConversion.toFloatImage(dec.image, scheduler);
        }
        return out;
    }

    private void finishDecode() {
        synchronized (lock) {
            decodeDone = true;
            lock.notifyAll();
        }
    }

    private void stop() {
        synchronized (lock) {
            broken = true;
            lock.notifyAll();
        }
    }

    /** Converts the next band whose rows are decoded, until none is left or the overlap stopped. */
    private void convertLoop() {
        while (!broken) {
            int b = next.getAndIncrement();
            if (b >= bands) {
                return;
            }
            int y0 = b * bandRows;
            int y1 = Math.min(height, y0 + bandRows);
            Monitors.awaitUninterruptibly(lock, () -> decodedRows >= y1 || decodeDone || broken);
            if (broken || decodedRows < y1) {
                stop(); // decoding ended early (a failure): the caller decides what happens
                return;
            }
            try {
                FloatImage part = ImageConversion.toFloatImage(image.getSubimage(0, y0, width, y1 - y0),
                        StripScheduler.sequential());
                int from = y0 * width;
                int n = (y1 - y0) * width;
                System.arraycopy(part.red(), 0, out.red(), from, n);
                System.arraycopy(part.green(), 0, out.green(), from, n);
                System.arraycopy(part.blue(), 0, out.blue(), from, n);
            } catch (RuntimeException e) {
                stop(); // converted again by the plain path, which reports the error if it persists
                return;
            }
        }
    }

    /** Follows the decoder: rows must arrive once each, in order, whole, into one 3-byte BGR image. */
    private final class Updates implements IIOReadUpdateListener {
        @Override
        public void passStarted(ImageReader source, BufferedImage theImage, int pass, int minPass, int maxPass,
                                int minX, int minY, int periodX, int periodY, int[] bands) {
            if (pass > 0) {
                stop();
            }
        }

        @Override
        public void imageUpdate(ImageReader source, BufferedImage theImage, int minX, int minY, int w, int h,
                                int periodX, int periodY, int[] bands) {
            if (broken) {
                return;
            }
            if (image == null) {
                if (theImage.getType() != BufferedImage.TYPE_3BYTE_BGR || theImage.getWidth() != width
                        || theImage.getHeight() != height || !theImage.getColorModel().getColorSpace().isCS_sRGB()) {
                    stop();
                    return;
                }
                image = theImage;
            }
            if (theImage != image || minX != 0 || w != width || h != 1 || periodX != 1 || periodY != 1
                    || minY != decodedRows) {
                stop();
                return;
            }
            decodedRows = minY + 1;
            if (decodedRows % bandRows == 0 || decodedRows == height) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }

        @Override
        public void passComplete(ImageReader source, BufferedImage theImage) {
        }

        @Override
        public void thumbnailPassStarted(ImageReader source, BufferedImage theThumbnail, int pass, int minPass,
                                         int maxPass, int minX, int minY, int periodX, int periodY, int[] bands) {
        }

        @Override
        public void thumbnailUpdate(ImageReader source, BufferedImage theThumbnail, int minX, int minY, int width,
                                    int height, int periodX, int periodY, int[] bands) {
        }

        @Override
        public void thumbnailPassComplete(ImageReader source, BufferedImage theThumbnail) {
        }
    }
}
