package dev.emulsion.cli;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One image through the command's pipeline: decode, convert to linear float, turn upright (EXIF), render the
 * chain, convert to the output depth with dither, encode. The command's batch runner and the end-to-end
 * benchmark both call it, so the benchmark measures the command's own code path.
 *
 * <p><b>Streaming JPEG output.</b> When the output is a JPEG and the image has no alpha, the chain is
 * rendered with {@link FilterChain#applyBanded}: its body (up to the last stage that needs whole-image
 * neighbourhoods) runs first on all threads, then its tail (the trailing point and band stages, e.g. the
 * film curve, colour stages and grain) and the 8-bit conversion run band by band while the JDK's JPEG writer
 * encodes the finished rows on the calling thread ({@link StreamingJpeg}). The file is byte for byte the one
 * the plain path writes. Likewise a baseline JPEG input is converted to float band by band while the JDK's
 * reader is still decoding it ({@link StreamingDecode}), on two threads or more. The system property {@code emulsion.streaming=false} turns it off (for comparing).
 *
 * <p>Thread-safe: every call has its own state.
 */
public final class ImagePipeline {
    /** Whether JPEG output is streamed unless a caller says otherwise ({@code -Demulsion.streaming=false}). */
    static final boolean STREAMING = !"false".equalsIgnoreCase(System.getProperty("emulsion.streaming"));

    private ImagePipeline() {
    }

    /**
     * An image rendered (or, when streamed, rendered up to its tail) and ready to be encoded, with the times
     * of its phases.
     */
    static final class Rendered {
        private final String format;
        private final int bits;
        private final BufferedImage image;
        private final FilterChain.Banded banded;
        private final long seed;
        private final StripScheduler scheduler;
        /** Nanoseconds spent decoding, converting to float, and rendering (the body only when streamed). */
        final long decodeNanos;
        final long toFloatNanos;
        final long chainNanos;
        /** Nanoseconds converting to the output depth (0 when streamed: it runs inside the write). */
        final long toBitsNanos;

        private Rendered(String format, int bits, BufferedImage image, FilterChain.Banded banded, long seed,
                         StripScheduler scheduler, long[] t) {
            this.format = format;
            this.bits = bits;
            this.image = image;
            this.banded = banded;
            this.seed = seed;
            this.scheduler = scheduler;
            this.decodeNanos = t[1] - t[0];
            this.toFloatNanos = t[2] - t[1];
            this.chainNanos = t[3] - t[2];
            this.toBitsNanos = t[4] - t[3];
        }

        /** @return whether the tail is rendered while the JPEG is written */
        boolean streamed() {
            return banded != null;
        }

        /** @return the bit depth written */
        int bits() {
            return bits;
        }

        /**
         * Encodes the image into {@code os} (and, when streamed, renders the tail meanwhile). Call once.
         *
         * @param quality JPEG quality 1–100 (ignored for other formats)
         * @param exif    an APP1 Exif payload to keep (JPEG only), or null
         * @throws IOException      the writer's failure
         * @throws RuntimeException a stage's failure while streaming
         */
        void writeTo(OutputStream os, int quality, byte[] exif) throws IOException {
            writeTo(os, quality, exif, 0, null);
        }

        /**
         * As {@link #writeTo(OutputStream, int, byte[])} with this band height when streamed (0: the default,
         * {@link StreamingJpeg#defaultBandRows}), and a hook on the writer (for tests; may be null).
         */
        void writeTo(OutputStream os, int quality, byte[] exif, int bandRows, ImageFiles.WriterHook hook)
                throws IOException {
            if (banded != null) {
                StreamingJpeg.write(banded, seed, scheduler,
                        bandRows > 0 ? bandRows : StreamingJpeg.defaultBandRows(banded), quality, exif, os, hook);
            } else {
                ImageFiles.write(image, format, quality, exif, os, hook);
            }
        }
    }

    /**
     * Decodes and renders {@code src}.
     *
     * @param src       the opened input
     * @param chain     the chain to render
     * @param ctx       film format and scheduler (its seed is ignored: {@code seed} or the content hash is used)
     * @param seed      the render seed, or null for the hash of the decoded image
     * @param format    output format: "jpeg", "png" or "tiff"
     * @param bits      output depth for PNG/TIFF, 8 or 16, or 0 for the input's (JPEG is always 8)
     * @param streaming whether a JPEG output may be streamed and a JPEG input converted while it is decoded
     *                  (see the class comment)
     * @param warn      receives warnings (decoder complaints, flattened alpha)
     * @throws ImageFiles.BadInputException when the input cannot be decoded
     */
    static Rendered render(ImageFiles.Source src, FilterChain chain, RenderContext ctx, Long seed, String format,
                           int bits, boolean streaming, Consumer<String> warn) throws ImageFiles.BadInputException {
        long[] t = new long[5];
        t[0] = System.nanoTime();
        // One scheduler for the conversions and the chain: files running side by side share the cores.
        StripScheduler scheduler = ctx.scheduler();
        FloatImage in;
        int inputBits;
        if (streaming && StreamingDecode.applies(src, scheduler)) {
            // decoding and the conversion to float overlap: no separate conversion time
            int[] bits1 = new int[1];
            in = StreamingDecode.decode(src, scheduler, warn, bits1);
            inputBits = bits1[0];
            t[1] = System.nanoTime();
        } else {
            ImageFiles.Decoded dec = ImageFiles.decode(src);
            t[1] = System.nanoTime();
            for (String w : dec.warnings) {
                warn.accept(w);
            }
            in = ImageConversion.toFloatImage(dec.image, scheduler);
            inputBits = dec.bits;
            dec = null; // let the decoded raster go before the chain allocates its output
        }
        in = Exif.upright(in, src.orientation);
        t[2] = System.nanoTime();
        long s = seed != null ? seed : RenderContext.contentHash(in);
        RenderContext resolved = ctx.withSeed(s);
        boolean jpeg = format.equals("jpeg");
        if (jpeg && streaming && !in.hasAlpha()) {
            // `in` was decoded for this render alone: the chain works in its planes (as applyConsuming).
            FilterChain.Banded banded = chain.applyBanded(in, resolved);
            t[3] = System.nanoTime();
            t[4] = t[3];
            if (!banded.image().hasAlpha()) {
                return new Rendered(format, 8, null, banded, s, scheduler, t);
            }
            // a stage added alpha: finish the tail here and take the plain path's flattening
            FloatImage done = banded.image();
            scheduler.forEach((done.height() + 63) / 64, b -> banded.renderRows(b * 64,
                    Math.min(done.height(), b * 64 + 64)));
            return plain(done, format, 8, s, scheduler, warn, t);
        }
        // `in` was decoded for this render alone: the chain may work in its planes instead of copying them.
        FloatImage out = chain.applyConsuming(in, resolved);
        t[3] = System.nanoTime();
        return plain(out, format, jpeg ? 8 : bits != 0 ? bits : inputBits, s, scheduler, warn, t);
    }

    private static Rendered plain(FloatImage out, String format, int bits, long seed, StripScheduler scheduler,
                                  Consumer<String> warn, long[] t) {
        if (format.equals("jpeg") && out.hasAlpha()) {
            warn.accept("JPEG has no alpha; transparent areas are flattened onto white");
            out = BatchRunner.flattenOntoWhite(out);
        }
        BufferedImage img = ImageConversion.toBufferedImage(out, bits, seed, scheduler);
        t[4] = System.nanoTime();
        return new Rendered(format, bits, img, null, seed, scheduler, t);
    }

    /**
     * Renders an image file with a chain and writes the result, exactly as {@code emulsion apply} does for one
     * file (minus the temporary file and rename around the output): the same decoder choice, conversions,
     * seed, dither, streaming JPEG writer and metadata (sRGB ICC tag, EXIF with the orientation reset).
     *
     * @param input   the image file (JPEG, PNG, TIFF, WebP, BMP)
     * @param chain   the chain
     * @param ctx     film format and scheduler; its seed is ignored
     * @param seed    the render seed, or null to hash the decoded image (the command's default)
     * @param format  "jpeg", "png" or "tiff"
     * @param quality JPEG quality 1–100
     * @param out     where the encoded image goes (not closed)
     * @throws IOException the input cannot be read or decoded (the message says why), or the write failed
     */
    public static void apply(Path input, FilterChain chain, RenderContext ctx, Long seed, String format,
                             int quality, OutputStream out) throws IOException {
        ImageFiles.Source src = open(input);
        Rendered r;
        try {
            r = render(src, chain, ctx, seed, format, 0, STREAMING, w -> { });
        } catch (ImageFiles.BadInputException e) {
            throw new IOException(input + ": " + e.getMessage(), e);
        }
        byte[] exif = format.equals("jpeg") && src.exif != null ? Exif.withUprightOrientation(src.exif) : null;
        r.writeTo(out, quality, exif);
    }

    /**
     * Decodes an image file and encodes it again with the command's decoder and writer and nothing between:
     * the baseline the end-to-end benchmark compares {@link #apply} with.
     *
     * @param input   the image file
     * @param format  "jpeg", "png" or "tiff"
     * @param quality JPEG quality 1–100
     * @param out     where the encoded image goes (not closed)
     * @throws IOException the input cannot be read or decoded, or the write failed
     */
    public static void decodeEncode(Path input, String format, int quality, OutputStream out) throws IOException {
        ImageFiles.Source src = open(input);
        ImageFiles.Decoded dec;
        try {
            dec = ImageFiles.decode(src);
        } catch (ImageFiles.BadInputException e) {
            throw new IOException(input + ": " + e.getMessage(), e);
        }
        ImageFiles.write(dec.image, format, quality, null, out);
    }

    private static ImageFiles.Source open(Path input) throws IOException {
        try {
            return ImageFiles.open(input);
        } catch (ImageFiles.BadInputException e) {
            throw new IOException(input + ": " + e.getMessage(), e);
        }
    }
}
