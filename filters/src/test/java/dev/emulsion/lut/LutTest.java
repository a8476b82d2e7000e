package dev.emulsion.lut;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LutTest {
    @TempDir
    Path dir;

    static FloatImage randomInGamut(int n, long seed) {
        FloatImage img = FloatImage.create(n, 1, false);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            img.red()[i] = r.nextFloat();
            img.green()[i] = r.nextFloat();
            img.blue()[i] = r.nextFloat();
        }
        // the corners and edges of the cube, where clamping and the last cell matter
        float[] edge = {0f, 1f, 0.5f, 1e-6f, 0.999999f};
        for (int k = 0; k < 25; k++) {
            img.red()[k] = edge[k % 5];
            img.green()[k] = edge[k / 5];
            img.blue()[k] = edge[(k * 3) % 5];
        }
        return img;
    }

    static double maxDiff(FloatImage a, FloatImage b) {
        double d = 0;
        for (int i = 0; i < a.pixelCount(); i++) {
            d = Math.max(d, Math.abs(a.red()[i] - b.red()[i]));
            d = Math.max(d, Math.abs(a.green()[i] - b.green()[i]));
            d = Math.max(d, Math.abs(a.blue()[i] - b.blue()[i]));
        }
        return d;
    }

    static FloatImage apply(Lut3D lut, FloatImage in) {
        return FilterChain.of(new LutStage(lut, 1)).apply(in, RenderContext.defaults().withSeed(1));
    }

    @Test
    void identityCubesReproduceTheInput() throws IOException {
        FloatImage in = randomInGamut(20000, 1);
        for (int size : new int[] {17, 33, 65}) {
            StringWriter w = new StringWriter();
            CubeLut.write(Lut3D.identity(size), w);
            Path f = dir.resolve("id" + size + ".cube");
            Files.writeString(f, w.toString(), StandardCharsets.US_ASCII);
            Lut3D lut = CubeLut.read(f);
            assertEquals(size, lut.size());
            double d = maxDiff(in, apply(lut, in));
            assertTrue(d < 1e-4, size + ": " + d);
        }
        // the check can fail: a 2-point lattice of a non-linear curve is not the identity
        float[] l = Lut3D.identity(2).lattice();
        l[3 * 7] = 0.8f;
        assertTrue(maxDiff(in, apply(Lut3D.of(2, l), in)) > 1e-2);
    }

    @Test
    void identityHaldLevel8ReproducesTheInput() throws IOException {
        BufferedImage hald = HaldLut.toImage(Lut3D.identity(64));
        assertEquals(512, hald.getWidth());
        Path f = dir.resolve("hald8.png");
        ImageIO.write(hald, "png", f.toFile());
        Lut3D lut = (Lut3D) LutStage.load(f);
        assertEquals(64, lut.size());
        FloatImage in = randomInGamut(20000, 2);
        double d = maxDiff(in, apply(lut, in));
        assertTrue(d < 1e-4, "Hald 8: " + d);
        // the same through an 8-bit Hald image loses precision: the 16-bit path is what keeps 1e-4
        BufferedImage eight = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
        eight.getGraphics().drawImage(hald, 0, 0, null);
        assertTrue(maxDiff(in, apply(HaldLut.read(eight), in)) > 1e-4);
    }

    /** The textbook tetrahedral interpolation with its six branches, as a reference. */
    static float[] reference(Lut3D lut, float r, float g, float b) {
        int n = lut.size();
        float[] l = lut.lattice();
        float[] lo = lut.domainMin();
        float[] hi = lut.domainMax();
        double x = clamp((r - lo[0]) / (hi[0] - lo[0]) * (n - 1), n - 1);
        double y = clamp((g - lo[1]) / (hi[1] - lo[1]) * (n - 1), n - 1);
        double z = clamp((b - lo[2]) / (hi[2] - lo[2]) * (n - 1), n - 1);
        int i = Math.min((int) x, n - 2);
        int j = Math.min((int) y, n - 2);
        int k = Math.min((int) z, n - 2);
        double fx = x - i;
        double fy = y - j;
        double fz = z - k;
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            double c000 = at(l, n, i, j, k, c);
            double c111 = at(l, n, i + 1, j + 1, k + 1, c);
            double v;
            if (fx >= fy && fy >= fz) {
                v = (1 - fx) * c000 + (fx - fy) * at(l, n, i + 1, j, k, c) + (fy - fz) * at(l, n, i + 1, j + 1, k, c) + fz * c111;
            } else if (fx >= fz && fz >= fy) {
                v = (1 - fx) * c000 + (fx - fz) * at(l, n, i + 1, j, k, c) + (fz - fy) * at(l, n, i + 1, j, k + 1, c) + fy * c111;
            } else if (fz >= fx && fx >= fy) {
                v = (1 - fz) * c000 + (fz - fx) * at(l, n, i, j, k + 1, c) + (fx - fy) * at(l, n, i + 1, j, k + 1, c) + fy * c111;
            } else if (fy >= fx && fx >= fz) {
                v = (1 - fy) * c000 + (fy - fx) * at(l, n, i, j + 1, k, c) + (fx - fz) * at(l, n, i + 1, j + 1, k, c) + fz * c111;
            } else if (fy >= fz && fz >= fx) {
                v = (1 - fy) * c000 + (fy - fz) * at(l, n, i, j + 1, k, c) + (fz - fx) * at(l, n, i, j + 1, k + 1, c) + fx * c111;
            } else {
                v = (1 - fz) * c000 + (fz - fy) * at(l, n, i, j, k + 1, c) + (fy - fx) * at(l, n, i, j + 1, k + 1, c) + fx * c111;
            }
            out[c] = (float) v;
        }
        return out;
    }

    /** Trilinear interpolation: a different, wrong-for-this-test scheme for the negative control. */
    static float[] trilinear(Lut3D lut, float r, float g, float b) {
        int n = lut.size();
        float[] l = lut.lattice();
        double x = clamp(r * (n - 1), n - 1);
        double y = clamp(g * (n - 1), n - 1);
        double z = clamp(b * (n - 1), n - 1);
        int i = Math.min((int) x, n - 2);
        int j = Math.min((int) y, n - 2);
        int k = Math.min((int) z, n - 2);
        double fx = x - i;
        double fy = y - j;
        double fz = z - k;
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            double v = 0;
            for (int d = 0; d < 8; d++) {
                int dx = d & 1;
                int dy = (d >> 1) & 1;
                int dz = d >> 2;
                v += (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * (dz == 1 ? fz : 1 - fz)
                        * at(l, n, i + dx, j + dy, k + dz, c);
            }
            out[c] = (float) v;
        }
        return out;
    }

    static double clamp(double v, double top) {
        return Math.min(Math.max(v, 0), top);
    }

    static double at(float[] l, int n, int r, int g, int b, int c) {
        return l[3 * (r + n * (g + n * b)) + c];
    }

    static Lut3D randomLut(int n, long seed) {
        Random rnd = new Random(seed);
        float[] l = Lut3D.identity(n).lattice();
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) Math.pow(l[i], 1.3) * 0.8f + rnd.nextFloat() * 0.2f;
        }
        return Lut3D.of(n, l);
    }

    @Test
    void branchFreeTetrahedralMatchesTheTextbookOne() {
        Lut3D lut = randomLut(9, 4);
        Random r = new Random(5);
        double worst = 0;
        double worstTri = 0;
        for (int t = 0; t < 100000; t++) {
            float x = r.nextFloat();
            float y = r.nextFloat();
            float z = t % 10 == 0 ? x : r.nextFloat(); // ties between coordinates too
            float[] got = lut.lookup(x, y, z);
            float[] want = reference(lut, x, y, z);
            float[] tri = trilinear(lut, x, y, z);
            for (int c = 0; c < 3; c++) {
                worst = Math.max(worst, Math.abs(got[c] - want[c]));
                worstTri = Math.max(worstTri, Math.abs(tri[c] - want[c]));
            }
        }
        assertTrue(worst < 1e-5, "tetrahedral vs reference: " + worst);
        assertTrue(worstTri > 1e-3, "the comparison tells trilinear apart: " + worstTri);
    }

    @Test
    void nonDefaultDomainsWork() throws IOException {
        // an identity 3D lattice over [-0.5, 2] per channel: the lookup gives back its input
        int n = 11;
        StringBuilder sb = new StringBuilder("TITLE \"wide\"\n# comment\nLUT_3D_SIZE 11\nDOMAIN_MIN -0.5 -0.5 -0.5\nDOMAIN_MAX 2 2 2\n");
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < n; g++) {
                for (int r = 0; r < n; r++) {
                    sb.append(-0.5 + 2.5 * r / (n - 1)).append(' ').append(-0.5 + 2.5 * g / (n - 1)).append(' ')
                            .append(-0.5 + 2.5 * b / (n - 1)).append('\n');
                }
            }
        }
        Lut3D lut = CubeLut.read(new StringReader(sb.toString()), "wide.cube");
        assertEquals("wide", lut.title());
        float[] v = lut.lookup(-0.3f, 1.7f, 0.25f);
        assertEquals(-0.3f, v[0], 1e-5);
        assertEquals(1.7f, v[1], 1e-5);
        assertEquals(0.25f, v[2], 1e-5);
        assertEquals(2f, lut.lookup(5f, 0, 0)[0], 1e-6, "clamped to the domain");
        // a 1D LUT of x² on [0, 2]
        StringBuilder one = new StringBuilder("LUT_1D_SIZE 1025\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 2 2 2\n");
        for (int i = 0; i < 1025; i++) {
            double x = 2.0 * i / 1024;
            one.append(x * x).append(' ').append(x * x).append(' ').append(x).append('\n');
        }
        Lut3D sq = CubeLut.read(new StringReader(one.toString()), "square.cube");
        float[] s = sq.lookup(1.5f, 0.5f, 1.5f);
        assertEquals(2.25f, s[0], 1e-5);
        assertEquals(0.25f, s[1], 1e-5);
        assertEquals(1.5f, s[2], 1e-6);
    }

    static String cube(int size, int entries, String bad) {
        StringBuilder sb = new StringBuilder("# test\nLUT_3D_SIZE " + size + "\n");
        for (int i = 0; i < entries; i++) {
            sb.append(i == 5 && bad != null ? bad : "0.5 0.5 0.5").append('\n');
        }
        return sb.toString();
    }

    static String error(String text) {
        LutFormatException e = assertThrows(LutFormatException.class,
                () -> CubeLut.read(new StringReader(text), "bad.cube"));
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void malformedFilesNameTheLine() throws IOException {
        assertEquals("bad.cube:11: more entries than the declared size allows (8)", error(cube(2, 9, null)));
        assertEquals("bad.cube:8: truncated: expected 8 entries, found 6", error(cube(2, 6, null)));
        assertEquals("bad.cube:8: \"abc\" is not a number", error(cube(2, 8, "0.5 abc 1")));
        assertEquals("bad.cube:8: expected 3 numbers, found \"0.5 0.5\"", error(cube(2, 8, "0.5 0.5")));
        assertTrue(error(cube(1, 1, null)).startsWith("bad.cube:2: LUT_3D_SIZE 1 is out of range: allowed is 2 to 256"));
        assertTrue(error("LUT_3D_SIZE 300\n").startsWith("bad.cube:1: LUT_3D_SIZE 300 is out of range"));
        assertTrue(error("0 0 0\n").startsWith("bad.cube:1: entries before"));
        assertTrue(error("TITLE \"x\"\n").contains("not a .cube file"));
        assertTrue(error(cube(2, 8, "0.5 NaN 1")).startsWith("bad.cube:8: \"NaN\" is not a finite number"));
        // a file on disk carries its path; a missing file is named
        Path f = dir.resolve("short.cube");
        Files.writeString(f, cube(3, 20, null));
        LutFormatException e = assertThrows(LutFormatException.class, () -> LutStage.load(f));
        assertTrue(e.getMessage().startsWith(f + ":22: truncated"), e.getMessage());
        e = assertThrows(LutFormatException.class, () -> LutStage.load(dir.resolve("none.cube")));
        assertTrue(e.getMessage().endsWith("none.cube: no such file"), e.getMessage());
        // Hald images of the wrong size
        e = assertThrows(LutFormatException.class, () -> HaldLut.read(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB), "x.png"));
        assertTrue(e.getMessage().startsWith("x.png: 100x100 pixels is not a Hald CLUT"), e.getMessage());
        // the lut stage without a file
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> LutStage.SPEC.create(java.util.Map.of()));
        assertTrue(m.getMessage().contains("lut.file"), m.getMessage());
    }

    @Test
    void strengthBlendsInLinearLightAndTheInputIsUntouched() {
        float[] l = Lut3D.identity(5).lattice();
        for (int i = 0; i < l.length; i++) {
            l[i] = 1f - l[i]; // invert
        }
        Lut3D inv = Lut3D.of(5, l);
        FloatImage in = FloatImage.filled(2, 2, 0.2f, 0.5f, 0.9f);
        FloatImage full = FilterChain.of(new LutStage(inv, 1)).apply(in, RenderContext.defaults().withSeed(1));
        FloatImage half = FilterChain.of(new LutStage(inv, 0.5)).apply(in, RenderContext.defaults().withSeed(1));
        assertEquals(0.5f * (0.2f + full.red()[0]), half.red()[0], 1e-6);
        assertEquals(0.2f, in.red()[0]);
    }
}
