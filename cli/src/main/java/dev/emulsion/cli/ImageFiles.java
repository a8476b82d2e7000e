package dev.emulsion.cli;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import org.w3c.dom.Node;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadUpdateListener;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads and writes image files for the CLI: format sniffing, the fast JDK (libjpeg-based) JPEG decoder for
 * plain JPEGs with TwelveMonkeys for CMYK/YCCK and ICC-tagged ones, EXIF orientation and EXIF carry-over,
 * PNG iCCP profiles, and tagged sRGB output (JPEG ICC APP2, PNG sRGB chunk, TIFF ICC tag).
 *
 * <p>All methods are thread-safe: every call creates its own readers and writers.
 */
final class ImageFiles {
    static {
        // the disk cache makes every stream a temp-file copy; our inputs are in memory already
        ImageIO.setUseCache(false);
    }

    private ImageFiles() {
    }

    /** A file that cannot be used; the message is the reason shown after the file name. */
    static final class BadInputException extends Exception {
        private static final long serialVersionUID = 1L;

        BadInputException(String message) {
            super(message);
        }

        BadInputException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An opened input whose header has been read: size is known before the pixels are decoded. */
    static final class Source {
        final Path path;
        final byte[] bytes;
        final String format;
        final int width;
        final int height;
        final int orientation;
        final byte[] exif;
        final boolean plainJpeg;
        /** Whether the input is a progressive JPEG (decoded in several passes over the image). */
        boolean progressive;

        Source(Path path, byte[] bytes, String format, int width, int height, int orientation, byte[] exif,
               boolean plainJpeg) {
            this.path = path;
            this.bytes = bytes;
            this.format = format;
            this.width = width;
            this.height = height;
            this.orientation = orientation;
            this.exif = exif;
            this.plainJpeg = plainJpeg;
        }

        /** @return width after EXIF orientation */
        int orientedWidth() {
            return orientation >= 5 ? height : width;
        }

        /** @return height after EXIF orientation */
        int orientedHeight() {
            return orientation >= 5 ? width : height;
        }
    }

    /** A decoded image with what the writer needs to know about its origin. */
    static final class Decoded {
        final BufferedImage image;
        final int bits;
        final List<String> warnings;

        Decoded(BufferedImage image, int bits, List<String> warnings) {
            this.image = image;
            this.bits = bits;
            this.warnings = warnings;
        }
    }

    // ------------------------------------------------------------------------------------------ reading

    /**
     * Reads the file and its header (format, size, EXIF orientation) without decoding pixels.
     *
     * @throws BadInputException empty, unreadable, not an image, or an unsupported format
     */
    static Source open(Path path) throws BadInputException {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw new BadInputException("is a directory");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BadInputException(Files.isSymbolicLink(path) ? "cannot read: broken symbolic link" : "no such file");
        } catch (AccessDeniedException e) {
            throw new BadInputException("cannot read: permission denied");
        } catch (IOException e) {
            throw new BadInputException("cannot read: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new BadInputException("empty file");
        }
        String format = sniff(bytes);
        if (format == null) {
            throw new BadInputException("not an image in a supported format (JPEG, PNG, TIFF, WebP, BMP)");
        }
        int orientation = 1;
        byte[] exif = null;
        boolean plain = false;
        boolean progressive = false;
        if (format.equals("jpeg")) {
            JpegInfo info = JpegInfo.parse(bytes);
            exif = info.exif;
            orientation = info.exif != null ? Exif.orientation(info.exif) : 1;
            plain = info.components != 4 && !info.icc;
            progressive = info.progressive;
        }
        ImageReader reader = reader(format, plain);
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if (w <= 0 || h <= 0) {
                throw new BadInputException("not a valid image: size " + w + "x" + h);
            }
            Source source = new Source(path, bytes, format, w, h, orientation, exif, plain);
            source.progressive = progressive;
            return source;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("not a valid " + format.toUpperCase(Locale.ROOT) + " file: " + reason(e), e);
        } finally {
            reader.dispose();
        }
    }

    /** Recognises the formats we read by their magic numbers. */
    static String sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpeg";
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42)
                || (b[0] == 'I' && b[1] == 'I' && b[2] == 43 && b[3] == 0)
                || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 43))) {
            return "tiff";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "webp";
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "bmp";
        }
        return null;
    }

    /**
     * Picks the reader: for a plain JPEG (YCbCr or gray, no ICC profile) the JDK's own libjpeg-based decoder,
     * which TwelveMonkeys would only wrap with extra colour handling; TwelveMonkeys for everything else.
     */
    static ImageReader reader(String format, boolean preferJdk) throws BadInputException {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        // only JPEG readers are chosen by kind; other formats take ImageIO's first reader
        ImageReader chosen = format.equals("jpeg") ? ImagePlugins.choose(it, preferJdk)
                : it.hasNext() ? it.next() : null;
        if (chosen == null) {
            throw new BadInputException("no reader for " + format + " is installed");
        }
        return chosen;
    }

    /**
     * Decodes the pixels. Warnings the decoder reports are returned; a truncated file is an error.
     *
     * @throws BadInputException when the data cannot be decoded
     */
    static Decoded decode(Source src) throws BadInputException {
        try {
            return decode(src, src.plainJpeg);
        } catch (BadInputException e) {
            if (src.plainJpeg && !(e.getCause() instanceof EOFException) && !e.getMessage().contains("truncated")) {
                return decode(src, false); // the JDK decoder rejects some odd files TwelveMonkeys reads
            }
            throw e;
        }
    }

    private static Decoded decode(Source src, boolean preferJdk) throws BadInputException {
        return decode(src, reader(src.format, preferJdk), null);
    }

    /**
     * Decodes a plain JPEG with the JDK's own reader only, reporting each decoded row to {@code updates}
     * (the reader calls it on the decoding thread after copying the row into the image).
     *
     * @return the decoded image, or null when the JDK's reader is not installed
     * @throws BadInputException when the data cannot be decoded (the caller may retry with {@link #decode})
     */
    static Decoded decodeJdkJpeg(Source src, IIOReadUpdateListener updates) throws BadInputException {
        ImageReader reader = reader("jpeg", true);
        if (!reader.getClass().getName().equals(JDK_JPEG_READER)) {
            reader.dispose();
            return null;
        }
        return decode(src, reader, updates);
    }

    /** The JDK's JPEG reader, whose row updates {@link #decodeJdkJpeg} relies on. */
    static final String JDK_JPEG_READER = "com.sun.imageio.plugins.jpeg.JPEGImageReader";

    private static Decoded decode(Source src, ImageReader reader, IIOReadUpdateListener updates)
            throws BadInputException {
        if (updates != null) {
            reader.addIIOReadUpdateListener(updates);
        }
        List<String> warnings = new ArrayList<>();
        List<String> fatal = new ArrayList<>();
        IIOReadWarningListener listener = (r, w) -> {
            String m = w == null ? "unknown problem" : w;
            String lower = m.toLowerCase(Locale.ROOT);
            // missing data is an error; libjpeg's other complaints ("extraneous bytes before marker") are
            // common in files that decode completely, so they stay warnings
            if (lower.contains("premature end") || lower.contains("truncat")) {
                fatal.add(m);
            } else {
                warnings.add(m);
            }
        };
        reader.addIIOReadWarningListener(listener);
        try (ImageInputStream in = new ByteArrayImageInputStream(src.bytes)) {
            reader.setInput(in, true, false);
            BufferedImage img = reader.read(0);
            if (!fatal.isEmpty()) {
                throw new BadInputException("truncated or corrupt data: " + fatal.get(0));
            }
            if (src.format.equals("png")) {
                img = applyPngProfile(reader, img, warnings);
            }
            ColorModel cm = img.getColorModel();
            int bits = cm.getComponentSize(0) > 8 ? 16 : 8;
            return new Decoded(img, bits, warnings);
        } catch (BadInputException e) {
            throw e;
        } catch (EOFException e) {
            throw new BadInputException("truncated file: the data ends early", e);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("cannot decode: " + reason(e), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The JDK's PNG reader ignores an iCCP chunk; tag the decoded raster with the embedded profile so
     * {@code ImageConversion} converts it colorimetrically (an sRGB profile is left alone).
     */
    private static BufferedImage applyPngProfile(ImageReader reader, BufferedImage img, List<String> warnings) {
        try {
            IIOMetadata md = reader.getImageMetadata(0);
            Node root = md.getAsTree("javax_imageio_png_1.0");
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!n.getNodeName().equals("iCCP")) {
                    continue;
                }
                Object obj = ((IIOMetadataNode) n).getUserObject();
                if (!(obj instanceof byte[])) {
                    return img;
                }
                byte[] profileBytes = inflate((byte[]) obj);
                ICC_Profile profile;
                try {
                    profile = ICC_Profile.getInstance(profileBytes);
                } catch (IllegalArgumentException e) {
                    warnings.add("ignoring a broken embedded ICC profile: " + e.getMessage());
                    return img;
                }
                ColorModel cm = img.getColorModel();
                if (!(cm instanceof ComponentColorModel) || profile.getColorSpaceType() != ColorSpace.TYPE_RGB
                        || cm.getColorSpace().getType() != ColorSpace.TYPE_RGB) {
                    return img;
                }
                ICC_ColorSpace cs = new ICC_ColorSpace(profile);
                ComponentColorModel tagged = new ComponentColorModel(cs, cm.hasAlpha(), cm.isAlphaPremultiplied(),
                        cm.hasAlpha() ? Transparency.TRANSLUCENT : Transparency.OPAQUE, cm.getTransferType());
                if (!tagged.isCompatibleRaster(img.getRaster())) {
                    return img;
                }
                return new BufferedImage(tagged, img.getRaster(), tagged.isAlphaPremultiplied(), null);
            }
        } catch (IOException | RuntimeException | DataFormatException e) {
            warnings.add("ignoring an unreadable embedded ICC profile: " + reason(e));
        }
        return img;
    }

    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 3);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            inf.end();
        }
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.split("\n")[0];
    }

    // ------------------------------------------------------------------------------------------ writing

    /**
     * Encodes an sRGB image into {@code out}.
     *
     * @param format  "jpeg", "png" or "tiff"
     * @param quality JPEG quality 1–100 (ignored otherwise)
     * @param exif    an APP1 Exif payload to keep (JPEG only), or null
     */
    static void write(BufferedImage img, String format, int quality, byte[] exif, OutputStream out) throws IOException {
        write(img, format, quality, exif, out, null);
    }

    /** Called with the chosen writer, its output set, just before it writes the image. */
    @FunctionalInterface
    interface WriterHook {
        /**
         * @param writer the writer about to write; a hook may add listeners to it
         * @throws IOException to stop the write (the exception is passed on)
         */
        void beforeWrite(ImageWriter writer) throws IOException;
    }

    /**
     * As {@link #write(BufferedImage, String, int, byte[], OutputStream)}, calling {@code hook} (when not null)
     * with the writer just before it writes.
     */
    static void write(BufferedImage img, String format, int quality, byte[] exif, OutputStream out, WriterHook hook)
            throws IOException {
        ImageWriter writer = writer(format);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(img);
            IIOMetadata md;
            switch (format) {
                case "jpeg":
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(quality / 100f);
                    md = jpegMetadata(writer, type, param, exif);
                    break;
                case "png":
                    md = pngMetadata(writer, type, param);
                    break;
                case "tiff":
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionType("Deflate");
                    md = tiffMetadata(writer, type, param);
                    break;
                default:
                    throw new IllegalArgumentException("cannot write " + format);
            }
            if (hook != null) {
                hook.beforeWrite(writer);
            }
            writer.write(null, new IIOImage(img, null, md), param);
            ios.flush();
        } finally {
            writer.dispose();
        }
    }

    /** The JDK's own writers (JPEG, PNG, TIFF): their metadata formats are what the code below fills in. */
    private static ImageWriter writer(String format) {
        ImageWriter chosen = ImagePlugins.choose(ImageIO.getImageWritersByFormatName(format), true);
        if (chosen == null) {
            throw new IllegalStateException("no " + format + " writer installed");
        }
        return chosen;
    }

    private static IIOMetadata jpegMetadata(ImageWriter writer, ImageTypeSpecifier type, ImageWriteParam param,
                                            byte[] exif) throws IOException {
        IIOMetadata md = writer.getDefaultImageMetadata(type, param);
        String fmt = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) md.getAsTree(fmt);
        IIOMetadataNode jfif = first(root, "app0JFIF");
        if (jfif != null) {
            IIOMetadataNode icc = new IIOMetadataNode("app2ICC");
            icc.setUserObject(ICC_Profile.getInstance(ColorSpace.CS_sRGB));
            jfif.appendChild(icc);
        }
        if (exif != null) {
            IIOMetadataNode seq = first(root, "markerSequence");
            IIOMetadataNode app1 = new IIOMetadataNode("unknown");
            app1.setAttribute("MarkerTag", "225");
            app1.setUserObject(exif);
            seq.insertBefore(app1, seq.getFirstChild());
        }
        md.setFromTree(fmt, root);
        return md;
    }

    private static IIOMetadata pngMetadata(ImageWriter writer, ImageTypeSpecifier type, ImageWriteParam param)
            throws IOException {
        IIOMetadata md = writer.getDefaultImageMetadata(type, param);
        String fmt = "javax_imageio_png_1.0";
        IIOMetadataNode root = new IIOMetadataNode(fmt);
        IIOMetadataNode srgb = new IIOMetadataNode("sRGB");
        srgb.setAttribute("renderingIntent", "Perceptual");
        root.appendChild(srgb);
        md.mergeTree(fmt, root);
        return md;
    }

    private static IIOMetadata tiffMetadata(ImageWriter writer, ImageTypeSpecifier type, ImageWriteParam param)
            throws IOException {
        IIOMetadata md = writer.getDefaultImageMetadata(type, param);
        TIFFDirectory dir = TIFFDirectory.createFromMetadata(md);
        TIFFTag tag = BaselineTIFFTagSet.getInstance().getTag(BaselineTIFFTagSet.TAG_ICC_PROFILE);
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        dir.addTIFFField(new TIFFField(tag, TIFFTag.TIFF_UNDEFINED, icc.length, icc));
        return dir.getAsMetadata();
    }

    private static IIOMetadataNode first(IIOMetadataNode root, String name) {
        org.w3c.dom.NodeList l = root.getElementsByTagName(name);
        return l.getLength() == 0 ? null : (IIOMetadataNode) l.item(0);
    }

    // ------------------------------------------------------------------------------------------ JPEG markers

    /** What the JPEG header says: components, ICC profile presence, and the EXIF APP1 payload. */
    static final class JpegInfo {
        int components = 3;
        boolean icc;
        /** Whether the frame is progressive (SOF2, SOF6, SOF10, SOF14): decoded in several passes. */
        boolean progressive;
        byte[] exif;

        static JpegInfo parse(byte[] b) {
            JpegInfo info = new JpegInfo();
            int p = 2;
            while (p + 4 <= b.length) {
                if ((b[p] & 0xff) != 0xFF) {
                    break;
                }
                int marker = b[p + 1] & 0xff;
                if (marker == 0xFF) {
                    p++;
                    continue;
                }
                if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                    p += 2;
                    continue;
                }
                if (marker == 0xDA || marker == 0xD9) {
                    break;
                }
                int len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
                int data = p + 4;
                int end = Math.min(b.length, p + 2 + len);
                if (len < 2) {
                    break;
                }
                if (marker == 0xE1 && info.exif == null && startsWith(b, data, end, "Exif\0\0")) {
                    info.exif = java.util.Arrays.copyOfRange(b, data, end);
                } else if (marker == 0xE2 && startsWith(b, data, end, "ICC_PROFILE\0")) {
                    info.icc = true;
                } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    if (data + 5 < end) {
                        info.components = b[data + 5] & 0xff;
                    }
                    info.progressive = (marker & 0x03) == 0x02;
                }
                p += 2 + len;
            }
            return info;
        }

        private static boolean startsWith(byte[] b, int from, int end, String s) {
            if (end - from < s.length()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (b[from + i] != (byte) s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
