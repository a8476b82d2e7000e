package dev.emulsion.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.awt.Transparency;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each unusual input is built here (no downloaded files), run through {@code emulsion apply} with the identity
 * preset (or portra-400), and the output is checked: size, bit depth, alpha, colours.
 */
class FormatsTest {
    @TempDir
    Path dir;
    Path identity;

    @BeforeEach
    void setUp() throws IOException {
        identity = CliHarness.identityPreset(dir);
    }

    private CliHarness.Result apply(String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "apply";
        args[1] = "-p";
        args[2] = identity.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return CliHarness.run(dir.resolve("user"), args);
    }

    private static ImageWriter jdkWriter(String format) {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format);
        while (it.hasNext()) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.")) {
                return w;
            }
        }
        throw new AssertionError("no JDK " + format + " writer");
    }

    static BufferedImage rgb16(int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(w, h);
        short[] d = ((DataBufferUShort) r.getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                d[i] = (short) (x * 65535 / (w - 1)); // a smooth ramp: needs more than 256 levels
                d[i + 1] = (short) (y * 65535 / (h - 1));
                d[i + 2] = (short) 12345;
            }
        }
        return new BufferedImage(cm, r, false, null);
    }

    /** Largest difference in 16-bit codes between two 3-band 16-bit images. */
    static int maxDiff16(BufferedImage a, BufferedImage b) {
        Raster ra = a.getRaster();
        Raster rb = b.getRaster();
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                for (int c = 0; c < 3; c++) {
                    max = Math.max(max, Math.abs(ra.getSample(x, y, c) - rb.getSample(x, y, c)));
                }
            }
        }
        return max;
    }

    @Test
    void sixteenBitPngStaysSixteenBit() throws IOException {
        BufferedImage src = rgb16(300, 20);
        Path in = dir.resolve("ramp16.png");
        ImageIO.write(src, "png", in.toFile());
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, r.code, r.toString());
        BufferedImage out = CliHarness.read(dir.resolve("out/ramp16.png"));
        assertEquals(16, out.getColorModel().getComponentSize(0), "16-bit input must give 16-bit output");
        assertTrue(maxDiff16(src, out) <= 2, "identity round trip within 2 codes of 16 bits, was " + maxDiff16(src, out));
        // negative control: the same check on an 8-bit output fails (quantization is ~257 codes)
        CliHarness.Result r8 = apply(in.toString(), "-o", dir.resolve("out8").toString(), "--bits", "8");
        assertEquals(0, r8.code, r8.toString());
        BufferedImage out8 = CliHarness.read(dir.resolve("out8/ramp16.png"));
        assertEquals(8, out8.getColorModel().getComponentSize(0));
        int worst = 0;
        for (int x = 0; x < 300; x++) {
            int want = src.getRaster().getSample(x, 10, 0);
            worst = Math.max(worst, Math.abs(out8.getRaster().getSample(x, 10, 0) * 257 - want));
        }
        assertTrue(worst > 2, "the 2-code check rejects an 8-bit path (its error was " + worst + " codes)");
    }

    @Test
    void sixteenBitTiffStaysSixteenBitAndIsTagged() throws IOException {
        BufferedImage src = rgb16(64, 48);
        Path in = dir.resolve("ramp16.tif");
        ImageWriter w = jdkWriter("tiff");
        try (ImageOutputStream os = ImageIO.createImageOutputStream(in.toFile())) {
            w.setOutput(os);
            w.write(src);
        }
        w.dispose();
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, r.code, r.toString());
        Path outFile = dir.resolve("out/ramp16.tif");
        BufferedImage out = CliHarness.read(outFile);
        assertEquals(16, out.getColorModel().getComponentSize(0));
        assertTrue(maxDiff16(src, out) <= 2, "16-bit TIFF within 2 codes, was " + maxDiff16(src, out));
        try (ImageInputStream iis = ImageIO.createImageInputStream(outFile.toFile())) {
            // the JDK's TIFF reader exposes every tag in its metadata (TwelveMonkeys' consumes the profile)
            javax.imageio.ImageReader reader = null;
            for (Iterator<javax.imageio.ImageReader> it = ImageIO.getImageReaders(iis); it.hasNext(); ) {
                javax.imageio.ImageReader c = it.next();
                if (c.getClass().getName().startsWith("com.sun.")) {
                    reader = c;
                }
            }
            assertNotNull(reader, "the JDK TIFF reader");
            reader.setInput(iis);
            TIFFDirectory tiff = TIFFDirectory.createFromMetadata(reader.getImageMetadata(0));
            assertTrue(tiff.containsTIFFField(BaselineTIFFTagSet.TAG_ICC_PROFILE), "the TIFF output carries an ICC profile tag");
            byte[] icc = tiff.getTIFFField(BaselineTIFFTagSet.TAG_ICC_PROFILE).getAsBytes();
            assertTrue(java.util.Arrays.equals(icc, ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()), "the tag is sRGB");
            reader.dispose();
        }
    }

    @Test
    void pngAlphaIsKeptAndFlattenedOntoWhiteForJpeg() throws IOException {
        BufferedImage src = new BufferedImage(32, 8, BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < 32; x++) {
            for (int y = 0; y < 8; y++) {
                src.setRGB(x, y, ((x * 255 / 31) << 24) | 0x204080);
            }
        }
        Path in = dir.resolve("alpha.png");
        ImageIO.write(src, "png", in.toFile());
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, r.code, r.toString());
        BufferedImage out = CliHarness.read(dir.resolve("out/alpha.png"));
        assertTrue(out.getColorModel().hasAlpha(), "alpha kept");
        for (int x = 0; x < 32; x++) {
            int a = out.getRaster().getSample(x, 4, 3);
            assertTrue(Math.abs(a - x * 255 / 31) <= 1, "alpha at x=" + x + " was " + a);
        }
        for (String bits : new String[] {"8", "16"}) {
            CliHarness.Result rt = apply(in.toString(), "-o", dir.resolve("outt" + bits).toString(), "--format", "tif",
                    "--bits", bits);
            assertEquals(0, rt.code, rt.toString());
            BufferedImage t = CliHarness.read(dir.resolve("outt" + bits + "/alpha.tif"));
            assertTrue(t.getColorModel().hasAlpha(), "TIFF keeps alpha at " + bits + " bits");
            assertEquals(Integer.parseInt(bits), t.getColorModel().getComponentSize(0));
            int max = bits.equals("8") ? 255 : 65535;
            int a = t.getRaster().getSample(16, 4, 3);
            assertTrue(Math.abs(a / (double) max - 16 * 255 / 31 / 255.0) < 0.01, "TIFF alpha " + a);
        }
        CliHarness.Result rj = apply(in.toString(), "-o", dir.resolve("outj").toString(), "--format", "jpg");
        assertEquals(0, rj.code, rj.toString());
        assertTrue(rj.err.contains("alpha.png: warning:") && rj.err.contains("white"), rj.err);
        BufferedImage j = CliHarness.read(dir.resolve("outj/alpha.jpg"));
        int transparent = j.getRGB(0, 4);
        int opaque = j.getRGB(31, 4);
        assertTrue((transparent & 0xff) > 240 && ((transparent >> 8) & 0xff) > 240, "transparent → white: "
                + Integer.toHexString(transparent));
        assertTrue((opaque & 0xff) < 0xA0, "opaque keeps its colour: " + Integer.toHexString(opaque));
    }

    @Test
    void palettePngComesOutInItsColours() throws IOException {
        byte[] r = {(byte) 255, 0, 0, (byte) 200};
        byte[] g = {0, (byte) 255, 0, (byte) 200};
        byte[] b = {0, 0, (byte) 255, 10};
        IndexColorModel icm = new IndexColorModel(2, 4, r, g, b);
        BufferedImage src = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_BINARY, icm);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                src.getRaster().setSample(x, y, 0, (x / 4) % 4);
            }
        }
        Path in = dir.resolve("palette.png");
        ImageIO.write(src, "png", in.toFile());
        assertTrue(CliHarness.read(in).getColorModel() instanceof IndexColorModel, "the input really is a palette PNG");
        CliHarness.Result res = apply(in.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, res.code, res.toString());
        BufferedImage out = CliHarness.read(dir.resolve("out/palette.png"));
        for (int x = 0; x < 16; x += 4) {
            int idx = (x / 4) % 4;
            int rgb = out.getRGB(x + 1, 3);
            assertTrue(Math.abs(((rgb >> 16) & 0xff) - (r[idx] & 0xff)) <= 1
                    && Math.abs(((rgb >> 8) & 0xff) - (g[idx] & 0xff)) <= 1
                    && Math.abs((rgb & 0xff) - (b[idx] & 0xff)) <= 1, "palette colour " + idx + " became "
                    + Integer.toHexString(rgb));
        }
    }

    /** Inserts a marker segment right after SOI. */
    static byte[] insertSegment(byte[] jpeg, int marker, byte[] payload) {
        int len = payload.length + 2;
        byte[] out = new byte[jpeg.length + payload.length + 4];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) marker;
        out[4] = (byte) (len >> 8);
        out[5] = (byte) len;
        System.arraycopy(payload, 0, out, 6, payload.length);
        System.arraycopy(jpeg, 2, out, 6 + payload.length, jpeg.length - 2);
        return out;
    }

    /** An APP1 Exif payload (big-endian TIFF) with IFD0 holding Orientation and one more tag. */
    static byte[] exifWithOrientation(int orientation) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(6 + 8 + 2 + 2 * 12 + 4);
        b.put("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        b.putShort((short) 2);
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        b.putShort((short) 0x0128).putShort((short) 3).putInt(1).putShort((short) 2).putShort((short) 0); // ResolutionUnit
        b.putInt(0);
        return b.array();
    }

    @Test
    void exifOrientationIsAppliedAndResetInTheKeptExif() throws IOException {
        BufferedImage src = new BufferedImage(40, 20, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                src.setRGB(x, y, x < 20 ? 0xE02020 : 0x2020E0);
            }
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ImageIO.write(src, "jpg", bos);
        byte[] jpeg = insertSegment(bos.toByteArray(), 0xE1, exifWithOrientation(6));
        Path in = dir.resolve("rotated.jpg");
        Files.write(in, jpeg);
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, r.code, r.toString());
        Path outFile = dir.resolve("out/rotated.jpg");
        BufferedImage out = CliHarness.read(outFile);
        assertEquals(20, out.getWidth(), "orientation 6 turns a 40x20 image into 20x40");
        assertEquals(40, out.getHeight());
        int top = out.getRGB(10, 5);
        int bottom = out.getRGB(10, 35);
        assertTrue(((top >> 16) & 0xff) > 150 && (top & 0xff) < 100, "the left (red) half is on top: " + Integer.toHexString(top));
        assertTrue((bottom & 0xff) > 150 && ((bottom >> 16) & 0xff) < 100, "blue at the bottom: " + Integer.toHexString(bottom));
        ImageFiles.JpegInfo info = ImageFiles.JpegInfo.parse(Files.readAllBytes(outFile));
        assertNotNull(info.exif, "EXIF kept");
        assertEquals(1, Exif.orientation(info.exif), "kept EXIF says upright");
        assertTrue(info.icc, "JPEG output carries an sRGB ICC profile");
        // negative control: the input's own EXIF is read as 6
        assertEquals(6, Exif.orientation(ImageFiles.JpegInfo.parse(jpeg).exif));
    }

    @Test
    void allEightOrientationsTurnUpright() {
        // a 3x2 image with distinct values; each orientation's stored layout turned upright gives the original
        dev.emulsion.image.FloatImage up = dev.emulsion.image.FloatImage.create(3, 2, false);
        for (int i = 0; i < 6; i++) {
            up.red()[i] = i;
        }
        for (int o = 1; o <= 8; o++) {
            dev.emulsion.image.FloatImage stored = store(up, o);
            dev.emulsion.image.FloatImage back = Exif.upright(stored, o);
            assertEquals(3, back.width(), "orientation " + o);
            for (int i = 0; i < 6; i++) {
                assertEquals(i, back.red()[i], 0f, "orientation " + o + " pixel " + i);
            }
        }
    }

    /** What a camera stores for an upright scene under each EXIF orientation (the inverse transform). */
    private static dev.emulsion.image.FloatImage store(dev.emulsion.image.FloatImage up, int o) {
        int w = up.width();
        int h = up.height();
        boolean swap = o >= 5;
        int sw = swap ? h : w;
        int sh = swap ? w : h;
        dev.emulsion.image.FloatImage s = dev.emulsion.image.FloatImage.create(sw, sh, false);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx;
                int sy;
                switch (o) {
                    case 1: sx = x; sy = y; break;
                    case 2: sx = w - 1 - x; sy = y; break;
                    case 3: sx = w - 1 - x; sy = h - 1 - y; break;
                    case 4: sx = x; sy = h - 1 - y; break;
                    case 5: sx = y; sy = x; break;
                    case 6: sx = y; sy = w - 1 - x; break;   // stored rotated 90° counter-clockwise
                    case 7: sx = h - 1 - y; sy = w - 1 - x; break;
                    default: sx = h - 1 - y; sy = x; break;  // 8: stored rotated 90° clockwise
                }
                s.red()[sy * sw + sx] = up.red()[y * w + x];
            }
        }
        return s;
    }

    /**
     * A CMYK JPEG: the JDK writer encodes a 4-band raster without colour conversion, and an Adobe APP14
     * segment (transform 0) marks it as CMYK, stored inverted as Photoshop does.
     */
    static byte[] cmykJpeg(int[][] cmykPatches, int patch) throws IOException {
        int w = patch * cmykPatches.length;
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, patch, 4, null);
        for (int p = 0; p < cmykPatches.length; p++) {
            for (int y = 0; y < patch; y++) {
                for (int x = 0; x < patch; x++) {
                    for (int c = 0; c < 4; c++) {
                        r.setSample(p * patch + x, y, c, 255 - cmykPatches[p][c]);
                    }
                }
            }
        }
        ImageWriter wr = jdkWriter("jpeg");
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream os = ImageIO.createImageOutputStream(bos)) {
            wr.setOutput(os);
            wr.write(null, new IIOImage(r, null, null), null);
        }
        wr.dispose();
        byte[] jpeg = bos.toByteArray();
        ImageFiles.JpegInfo info = ImageFiles.JpegInfo.parse(jpeg);
        assertEquals(4, info.components, "the crafted JPEG has four components");
        byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        return insertSegment(jpeg, 0xEE, adobe);
    }

    /**
     * A YCCK JPEG (Adobe transform 2). libjpeg turns YCC into R, G, B and outputs 255 − each, which Adobe's
     * convention reads as inverted ink; the two inversions cancel, so the YCC encodes the C, M, Y ink
     * amounts themselves (JFIF equations), while K is stored inverted as in Adobe CMYK.
     */
    static byte[] ycckJpeg(int[][] cmykPatches, int patch) throws IOException {
        int w = patch * cmykPatches.length;
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, patch, 4, null);
        for (int p = 0; p < cmykPatches.length; p++) {
            double rr = cmykPatches[p][0];
            double gg = cmykPatches[p][1];
            double bb = cmykPatches[p][2];
            int yy = clamp(0.299 * rr + 0.587 * gg + 0.114 * bb);
            int cb = clamp(128 - 0.168736 * rr - 0.331264 * gg + 0.5 * bb);
            int cr = clamp(128 + 0.5 * rr - 0.418688 * gg - 0.081312 * bb);
            int k = 255 - cmykPatches[p][3];
            for (int y = 0; y < patch; y++) {
                for (int x = 0; x < patch; x++) {
                    r.setPixel(p * patch + x, y, new int[] {yy, cb, cr, k});
                }
            }
        }
        ImageWriter wr = jdkWriter("jpeg");
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream os = ImageIO.createImageOutputStream(bos)) {
            wr.setOutput(os);
            wr.write(null, new IIOImage(r, null, null), null);
        }
        wr.dispose();
        byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 2};
        return insertSegment(bos.toByteArray(), 0xEE, adobe);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Test
    void ycckJpegIsConvertedToSensibleRgb() throws IOException {
        int[][] patches = {{0, 0, 0, 0}, {0, 0, 0, 255}, {255, 0, 0, 0}, {0, 255, 255, 0}};
        Path in = dir.resolve("ycck.jpg");
        Files.write(in, ycckJpeg(patches, 16));
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString(), "--format", "png");
        assertEquals(0, r.code, r.toString());
        BufferedImage out = CliHarness.read(dir.resolve("out/ycck.png"));
        int[] white = rgb(out.getRGB(8, 8));
        int[] black = rgb(out.getRGB(24, 8));
        int[] cyan = rgb(out.getRGB(40, 8));
        int[] red = rgb(out.getRGB(56, 8));
        assertTrue(white[0] > 215 && white[1] > 215 && white[2] > 215, "no ink → paper white: " + str(white));
        assertTrue(black[0] < 80 && black[1] < 80 && black[2] < 80, "full black ink → dark: " + str(black));
        assertTrue(cyan[0] < 90 && cyan[1] > 120 && cyan[2] > 170, "cyan ink → cyan: " + str(cyan));
        assertTrue(red[0] > 170 && red[1] < 90 && red[2] < 90, "magenta + yellow → red: " + str(red));
    }

    @Test
    void cmykJpegIsConvertedToSensibleRgb() throws IOException {
        int[][] patches = {{0, 0, 0, 0}, {0, 0, 0, 255}, {255, 0, 0, 0}, {0, 255, 255, 0}};
        Path in = dir.resolve("cmyk.jpg");
        Files.write(in, cmykJpeg(patches, 16));
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString(), "--format", "png");
        assertEquals(0, r.code, r.toString());
        BufferedImage out = CliHarness.read(dir.resolve("out/cmyk.png"));
        int[] white = rgb(out.getRGB(8, 8));
        int[] black = rgb(out.getRGB(24, 8));
        int[] cyan = rgb(out.getRGB(40, 8));
        int[] red = rgb(out.getRGB(56, 8));
        assertTrue(white[0] > 215 && white[1] > 215 && white[2] > 215, "no ink → paper white: " + str(white));
        assertTrue(black[0] < 80 && black[1] < 80 && black[2] < 80, "full black ink → dark: " + str(black));
        assertTrue(cyan[0] < 90 && cyan[1] > 120 && cyan[2] > 170, "cyan ink → cyan: " + str(cyan));
        assertTrue(red[0] > 170 && red[1] < 90 && red[2] < 90, "magenta + yellow → red: " + str(red));
    }

    @Test
    void jpegWithABrokenIccProfileIsReadWithAWarningOrSilently() throws IOException {
        BufferedImage src = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                src.setRGB(x, y, 0x3060A0);
            }
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ImageIO.write(src, "jpg", bos);
        // an APP2 ICC_PROFILE segment (chunk 1 of 1) whose profile is garbage
        byte[] head = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] payload = new byte[head.length + 2 + 200];
        System.arraycopy(head, 0, payload, 0, head.length);
        payload[head.length] = 1;
        payload[head.length + 1] = 1;
        for (int i = head.length + 2; i < payload.length; i++) {
            payload[i] = (byte) (i * 37);
        }
        Path in = dir.resolve("broken-icc.jpg");
        Files.write(in, insertSegment(bos.toByteArray(), 0xE2, payload));
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, r.code, r.toString());
        int[] got = rgb(CliHarness.read(dir.resolve("out/broken-icc.jpg")).getRGB(16, 16));
        assertTrue(Math.abs(got[0] - 0x30) <= 6 && Math.abs(got[1] - 0x60) <= 6 && Math.abs(got[2] - 0xA0) <= 6,
                "read as sRGB: " + str(got));
    }

    /** The JDK's linear-RGB profile renamed, so nothing can take it for sRGB by its description. */
    static byte[] linearProfile() {
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        String text = new String(profile, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int at = text.indexOf("linear sRGB"); at >= 0; at = text.indexOf("linear sRGB", at + 1)) {
            byte[] plain = "linear  RGB".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            System.arraycopy(plain, 0, profile, at, plain.length);
        }
        return profile;
    }

    @Test
    void iccTaggedJpegIsConvertedColorimetrically() throws IOException {
        BufferedImage src = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                src.setRGB(x, y, 0x808080);
            }
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ImageIO.write(src, "jpg", bos);
        byte[] profile = linearProfile();
        byte[] head = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] payload = new byte[head.length + 2 + profile.length];
        System.arraycopy(head, 0, payload, 0, head.length);
        payload[head.length] = 1;
        payload[head.length + 1] = 1;
        System.arraycopy(profile, 0, payload, head.length + 2, profile.length);
        Path in = dir.resolve("linear.jpg");
        Files.write(in, insertSegment(bos.toByteArray(), 0xE2, payload));
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString(), "--format", "png");
        assertEquals(0, r.code, r.toString());
        int[] got = rgb(CliHarness.read(dir.resolve("out/linear.png")).getRGB(8, 8));
        // linear 128/255 = 0.502 of the light; sRGB encodes that as 188 (reading the values as sRGB keeps 128)
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(got[c] - 188) <= 4, "channel " + c + ": " + str(got));
        }
    }

    private static int[] rgb(int p) {
        return new int[] {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
    }

    private static String str(int[] c) {
        return c[0] + "," + c[1] + "," + c[2];
    }

    @Test
    void iccTaggedPngIsConvertedColorimetrically() throws IOException {
        // a PNG whose iCCP says the values are linear RGB (the JDK's own linear sRGB profile): 128 means
        // half the light, which sRGB encodes as about 188; reading it as sRGB would keep 128
        BufferedImage src = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                src.setRGB(x, y, 0x80_40_C0);
            }
        }
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        // its description says "linear sRGB"; rename it so no name-based shortcut can mistake it for sRGB
        String text = new String(profile, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int at = text.indexOf("linear sRGB"); at >= 0; at = text.indexOf("linear sRGB", at + 1)) {
            byte[] plain = "linear  RGB".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            System.arraycopy(plain, 0, profile, at, plain.length);
        }
        Deflater d = new Deflater();
        d.setInput(profile);
        d.finish();
        byte[] buf = new byte[profile.length + 1024];
        int n = d.deflate(buf);
        d.end();
        byte[] compressed = java.util.Arrays.copyOf(buf, n);
        ImageWriter w = jdkWriter("png");
        IIOMetadata md = w.getDefaultImageMetadata(javax.imageio.ImageTypeSpecifier.createFromRenderedImage(src), null);
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        IIOMetadataNode iccp = new IIOMetadataNode("iCCP");
        iccp.setAttribute("profileName", "linear");
        iccp.setAttribute("compressionMethod", "deflate");
        iccp.setUserObject(compressed);
        root.appendChild(iccp);
        md.mergeTree("javax_imageio_png_1.0", root);
        Path in = dir.resolve("linear-tagged.png");
        try (ImageOutputStream os = ImageIO.createImageOutputStream(in.toFile())) {
            w.setOutput(os);
            w.write(new IIOImage(src, null, md));
        }
        w.dispose();
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, r.code, r.toString());
        int[] got = rgb(CliHarness.read(dir.resolve("out/linear-tagged.png")).getRGB(4, 4));
        // the JDK's colorimetric conversion of the same pixel is the reference
        ComponentColorModel lin = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB), false,
                false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = lin.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] {0x80, 0x40, 0xC0});
        BufferedImage linImg = new BufferedImage(lin, raster, false, null);
        BufferedImage ref = new ColorConvertOp(null).filter(linImg,
                new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        int[] want = rgb(ref.getRGB(0, 0));
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(got[c] - want[c]) <= 3, "channel " + c + ": got " + str(got) + " want " + str(want));
        }
        assertTrue(got[0] > 170, "not reinterpreted as sRGB (would stay 128): " + str(got));
    }

    /** Writes bits least-significant first, as VP8L reads them. */
    static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int n;

        void put(int value, int bits) {
            acc |= ((long) value & ((1L << bits) - 1)) << n;
            n += bits;
            while (n >= 8) {
                out.write((int) (acc & 0xff));
                acc >>>= 8;
                n -= 8;
            }
        }

        byte[] bytes() {
            if (n > 0) {
                out.write((int) (acc & 0xff));
                acc = 0;
                n = 0;
            }
            return out.toByteArray();
        }
    }

    /**
     * A lossless WebP (VP8L) of 2×2 pixels, encoded by hand: no transforms, no colour cache, and five
     * "simple" prefix codes. Green has two symbols (one bit per pixel); red, blue and alpha have one
     * symbol each (zero bits). Pixels in order: green g0, g1, g1, g0.
     */
    static byte[] losslessWebp(int red, int g0, int g1, int blue) {
        BitWriter bw = new BitWriter();
        bw.put(0x2f, 8);        // VP8L signature
        bw.put(2 - 1, 14);      // width - 1
        bw.put(2 - 1, 14);      // height - 1
        bw.put(0, 1);           // alpha_is_used
        bw.put(0, 3);           // version
        bw.put(0, 1);           // no transform
        bw.put(0, 1);           // no colour cache
        bw.put(0, 1);           // no meta prefix codes
        // green: simple code, two 8-bit symbols (the smaller gets code 0)
        bw.put(1, 1);
        bw.put(1, 1);           // num_symbols - 1
        bw.put(1, 1);           // is_first_8bits
        bw.put(g0, 8);
        bw.put(g1, 8);
        for (int v : new int[] {red, blue, 255}) { // red, blue, alpha: one symbol each
            bw.put(1, 1);
            bw.put(0, 1);
            bw.put(1, 1);
            bw.put(v, 8);
        }
        bw.put(1, 1);           // distance: one symbol, 0 (1-bit form)
        bw.put(0, 1);
        bw.put(0, 1);
        bw.put(0, 1);
        for (int bit : new int[] {0, 1, 1, 0}) {
            bw.put(bit, 1);
        }
        byte[] data = bw.bytes();
        int chunk = data.length + (data.length & 1);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(20 + chunk).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(12 + chunk);
        b.put("WEBPVP8L".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(data.length);
        b.put(data);
        return b.array();
    }

    @Test
    void losslessWebpIsRead() throws IOException {
        Path in = dir.resolve("tiny.webp");
        Files.write(in, losslessWebp(200, 30, 220, 90));
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, r.code, r.toString());
        BufferedImage out = CliHarness.read(dir.resolve("out/tiny.png"));
        assertEquals(2, out.getWidth());
        int[] p00 = rgb(out.getRGB(0, 0));
        int[] p10 = rgb(out.getRGB(1, 0));
        int[] p01 = rgb(out.getRGB(0, 1));
        int[] p11 = rgb(out.getRGB(1, 1));
        assertTrue(Math.abs(p00[0] - 200) <= 1 && Math.abs(p00[1] - 30) <= 1 && Math.abs(p00[2] - 90) <= 1, str(p00));
        assertTrue(Math.abs(p10[1] - 220) <= 1 && Math.abs(p01[1] - 220) <= 1 && Math.abs(p11[1] - 30) <= 1,
                str(p10) + " " + str(p01) + " " + str(p11));
    }

    @Test
    void bmpIsReadAndWrittenAsPng() throws IOException {
        BufferedImage src = new BufferedImage(10, 10, BufferedImage.TYPE_3BYTE_BGR);
        src.setRGB(3, 3, 0x123456);
        Path in = dir.resolve("pic.bmp");
        ImageIO.write(src, "bmp", in.toFile());
        CliHarness.Result r = apply(in.toString(), "-o", dir.resolve("out").toString());
        assertEquals(0, r.code, r.toString());
        BufferedImage out = CliHarness.read(dir.resolve("out/pic.png"));
        assertEquals(0x123456, out.getRGB(3, 3) & 0xffffff);
    }
}
