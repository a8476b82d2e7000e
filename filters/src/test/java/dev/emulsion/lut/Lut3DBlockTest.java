package dev.emulsion.lut;

import dev.emulsion.image.SrgbTransfer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocked, vectorized lattice path of {@link Lut3D} against the textbook six-branch tetrahedral
 * interpolation ({@link LutTest#reference}): every lattice size class, non-default domains, inputs in and far
 * outside the domain, ties, exact lattice points, NaN and infinities, ranges that start mid-array and cross
 * block boundaries; the per-tetrahedron table (lattices up to {@link Lut3D#MAX_TABLE_SIZE}³: 2, 17, 33) and the
 * lattice gather above it (65), and every order and tie of the fractions on the table; the scalar path kept for lattices
 * above {@link Lut3D#MAX_FAST_SIZE}; and the linear-light
 * path ({@link Lut3D#applyLinear}) against exact sRGB encode, reference lookup, exact decode.
 */
class Lut3DBlockTest {
    /** A lattice of random values in [−0.2, 1.2] on the given domain. */
    static Lut3D randomLattice(int n, float[] lo, float[] hi, long seed) {
        Random rnd = new Random(seed);
        float[] l = new float[3 * n * n * n];
        for (int i = 0; i < l.length; i++) {
            l[i] = rnd.nextFloat() * 1.4f - 0.2f;
        }
        return new Lut3D("", 0, null, null, null, n, l, lo, hi);
    }

    /** Inputs spread over the domain widened by half its width each side, with exact lattice points and ties. */
    static float[][] inputs(int count, int n, float[] lo, float[] hi, long seed) {
        Random rnd = new Random(seed);
        float[][] p = new float[3][count];
        for (int i = 0; i < count; i++) {
            int kind = i % 7;
            for (int c = 0; c < 3; c++) {
                float w = hi[c] - lo[c];
                float v;
                if (kind == 0) {
                    v = lo[c] + w * rnd.nextInt(n) / (n - 1); // a lattice point
                } else {
                    v = lo[c] - 0.5f * w + 2f * w * rnd.nextFloat();
                }
                p[c][i] = v;
            }
            if (kind == 3) {
                p[1][i] = lo[1] + (p[0][i] - lo[0]) / (hi[0] - lo[0]) * (hi[1] - lo[1]); // x and y tie
            }
        }
        return p;
    }

    @Test
    void blockedPathMatchesTheReferenceForEverySizeAndDomain() {
        float[][][] domains = {
                {{0, 0, 0}, {1, 1, 1}},
                {{-0.5f, 0.1f, -2f}, {2f, 0.9f, 3f}},
        };
        int count = 5000;
        for (int n : new int[] {2, 17, 33, 65}) {
            for (float[][] d : domains) {
                Lut3D lut = randomLattice(n, d[0], d[1], n);
                float[][] in = inputs(count, n, d[0], d[1], 7L * n);
                float[] r = in[0].clone();
                float[] g = in[1].clone();
                float[] b = in[2].clone();
                int start = 3;
                int end = count - 5; // crosses several 1024-pixel blocks, starts and ends mid-block
                lut.apply(r, g, b, start, end);
                double worst = 0;
                for (int i = 0; i < count; i++) {
                    if (i < start || i >= end) {
                        assertEquals(in[0][i], r[i], "untouched outside the range");
                        assertEquals(in[2][i], b[i], "untouched outside the range");
                        continue;
                    }
                    float[] want = LutTest.reference(lut, in[0][i], in[1][i], in[2][i]);
                    worst = Math.max(worst, Math.abs(r[i] - want[0]));
                    worst = Math.max(worst, Math.abs(g[i] - want[1]));
                    worst = Math.max(worst, Math.abs(b[i] - want[2]));
                }
                assertTrue(worst < 1e-5, n + "³ on " + d[0][0] + ".." + d[1][0] + ": " + worst);
            }
        }
    }

    @Test
    void theToleranceTellsAOneVertexErrorApart() {
        // negative control: the same comparison on a lattice whose vertex differs by 1e-3 fails the 1e-5 bound
        float[] lo = {0, 0, 0};
        float[] hi = {1, 1, 1};
        Lut3D lut = randomLattice(17, lo, hi, 3);
        float[] l = lut.lattice();
        l[3 * (8 + 17 * (8 + 17 * 8))] += 1e-3f;
        Lut3D wrong = Lut3D.of(17, l);
        float[][] in = inputs(5000, 17, lo, hi, 11);
        in[0][0] = 8.5f / 16;
        in[1][0] = 8.25f / 16;
        in[2][0] = 8.1f / 16;
        double worst = 0;
        for (int i = 0; i < 5000; i++) {
            float[] got = wrong.lookup(in[0][i], in[1][i], in[2][i]);
            float[] want = LutTest.reference(lut, in[0][i], in[1][i], in[2][i]);
            worst = Math.max(worst, Math.abs(got[0] - want[0]));
        }
        assertTrue(worst > 1e-5, "a 1e-3 vertex error is seen: " + worst);
    }

    @Test
    void everyOrderAndTieOfTheFractionsPicksTheRightTetrahedron() {
        // the per-tetrahedron table (lattices up to 33³) keys each pixel by three comparisons of its fractions:
        // all 5³ combinations of {0, 0.25, 0.5, 0.75, 1} inside a cell give every strict order and every tie
        Lut3D lut = randomLattice(5, new float[] {0, 0, 0}, new float[] {1, 1, 1}, 21);
        float[] steps = {0f, 0.25f, 0.5f, 0.75f, 1f};
        int count = steps.length * steps.length * steps.length;
        float[] r = new float[count];
        float[] g = new float[count];
        float[] b = new float[count];
        int i = 0;
        for (float fx : steps) {
            for (float fy : steps) {
                for (float fz : steps) {
                    r[i] = (1 + fx) / 4;
                    g[i] = (2 + fy) / 4;
                    b[i] = (1 + fz) / 4;
                    i++;
                }
            }
        }
        float[] r0 = r.clone();
        float[] g0 = g.clone();
        float[] b0 = b.clone();
        lut.apply(r, g, b, 0, count);
        double worst = 0;
        for (int k = 0; k < count; k++) {
            float[] want = LutTest.reference(lut, r0[k], g0[k], b0[k]);
            worst = Math.max(worst, Math.abs(r[k] - want[0]));
            worst = Math.max(worst, Math.abs(g[k] - want[1]));
            worst = Math.max(worst, Math.abs(b[k] - want[2]));
        }
        assertTrue(worst < 1e-5, "every order and tie matches the six-branch reference: " + worst);
    }

    @Test
    void nanAndInfinitiesAreSafe() {
        Lut3D lut = randomLattice(33, new float[] {0, 0, 0}, new float[] {1, 1, 1}, 5);
        // x86 makes NaNs with the sign bit set (0 × ∞, ∞ − ∞): those must be safe too
        float negativeNaN = Float.intBitsToFloat(0xFFC00000);
        float[] r = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f, -0f, negativeNaN};
        float[] g = {0.5f, 0.5f, 0.5f, Float.NaN, 1e30f, 0.5f};
        float[] b = {0.5f, 0.5f, 0.5f, 0.5f, -1e30f, negativeNaN};
        float[] r0 = r.clone();
        float[] g0 = g.clone();
        float[] b0 = b.clone();
        lut.apply(r, g, b, 0, r.length);
        assertTrue(Float.isNaN(r[0]) && Float.isNaN(g[3]) && Float.isNaN(r[5]), "NaN in, NaN out");
        for (int i : new int[] {1, 2, 4}) {
            float[] want = LutTest.reference(lut, Math.min(Math.max(r0[i], 0), 1), Math.min(Math.max(g0[i], 0), 1),
                    Math.min(Math.max(b0[i], 0), 1));
            assertEquals(want[0], r[i], 1e-5, "infinite input " + i + " is clamped to the domain");
            assertEquals(want[2], b[i], 1e-5, "infinite input " + i + " is clamped to the domain");
        }
        float[] lr = {Float.NaN, Float.POSITIVE_INFINITY, negativeNaN};
        float[] lg = {0.2f, Float.NEGATIVE_INFINITY, negativeNaN};
        float[] lb = {0.2f, 0.2f, negativeNaN};
        lut.applyLinear(lr, lg, lb, 0, 3);
        assertTrue(Float.isNaN(lr[2]));
        assertTrue(Float.isNaN(lr[0]) && Float.isFinite(lr[1]) && Float.isFinite(lg[1]));
        assertTrue(g0.length == 6 && b0.length == 6);
    }

    @Test
    void scalarPathForLargeLatticesMatchesTheReference() {
        float[] lo = {-0.5f, 0f, 0.2f};
        float[] hi = {1.5f, 1f, 0.8f};
        int n = 17;
        Lut3D lut = randomLattice(n, lo, hi, 9);
        float[][] in = inputs(3000, n, lo, hi, 13);
        float[] x = new float[3000];
        float[] y = new float[3000];
        float[] z = new float[3000];
        for (int i = 0; i < 3000; i++) {
            x[i] = coordinate(in[0][i], lo[0], hi[0], n);
            y[i] = coordinate(in[1][i], lo[1], hi[1], n);
            z[i] = coordinate(in[2][i], lo[2], hi[2], n);
        }
        Lut3D.tetrahedralScalar(lut.lattice(), n, x, y, z, 3000);
        double worst = 0;
        for (int i = 0; i < 3000; i++) {
            float[] want = LutTest.reference(lut, in[0][i], in[1][i], in[2][i]);
            worst = Math.max(worst, Math.max(Math.abs(x[i] - want[0]), Math.max(Math.abs(y[i] - want[1]), Math.abs(z[i] - want[2]))));
        }
        assertTrue(worst < 1e-5, "scalar path: " + worst);
    }

    static float coordinate(float v, float lo, float hi, int n) {
        return (float) Math.min(Math.max((v - lo) / (double) (hi - lo) * (n - 1), 0), n - 1);
    }

    @Test
    void linearPathIsExactEncodeLookupDecode() {
        // a smooth look (a channel mix and a curve) so the transfer polynomials' error is not magnified
        int n = 33;
        float[] l = new float[3 * n * n * n];
        for (int bi = 0, i = 0; bi < n; bi++) {
            for (int gi = 0; gi < n; gi++) {
                for (int ri = 0; ri < n; ri++) {
                    double r = ri / (n - 1.0);
                    double g = gi / (n - 1.0);
                    double b = bi / (n - 1.0);
                    l[i++] = (float) Math.pow(0.8 * r + 0.15 * g + 0.05 * b, 1.1);
                    l[i++] = (float) (0.1 * r + 0.85 * g + 0.05 * b);
                    l[i++] = (float) Math.sqrt(0.05 * r + 0.1 * g + 0.85 * b) * 1.02f - 0.01f;
                }
            }
        }
        Lut3D lut = Lut3D.of(n, l);
        Random rnd = new Random(21);
        int count = 4000;
        float[] r = new float[count];
        float[] g = new float[count];
        float[] b = new float[count];
        for (int i = 0; i < count; i++) {
            // linear light, including deep shadows (the sRGB linear segment), negatives and highlights above 1
            r[i] = (float) Math.pow(rnd.nextDouble(), 3) * 1.3f - 0.02f;
            g[i] = (float) Math.pow(rnd.nextDouble(), 3) * 1.3f - 0.02f;
            b[i] = i % 5 == 0 ? r[i] * 0.01f : (float) Math.pow(rnd.nextDouble(), 3) * 1.3f - 0.02f;
        }
        float[] or = r.clone();
        float[] og = g.clone();
        float[] ob = b.clone();
        lut.applyLinear(or, og, ob, 0, count);
        double worst = 0;
        for (int i = 0; i < count; i++) {
            float[] want = LutTest.reference(lut, encode(r[i]), encode(g[i]), encode(b[i]));
            worst = Math.max(worst, Math.abs(or[i] - decode(want[0])));
            worst = Math.max(worst, Math.abs(og[i] - decode(want[1])));
            worst = Math.max(worst, Math.abs(ob[i] - decode(want[2])));
        }
        assertTrue(worst < 1e-5, "linear path vs exact encode, lookup, decode: " + worst);
    }

    static float encode(float v) {
        return (float) SrgbTransfer.encodeExact(Math.min(Math.max(v, 0), 1));
    }

    static float decode(float v) {
        return (float) SrgbTransfer.decodeExact(Math.min(Math.max(v, 0), 1));
    }
}
