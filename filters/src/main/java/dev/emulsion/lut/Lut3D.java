package dev.emulsion.lut;

import java.util.Arrays;
import java.util.Objects;

/**
 * A colour lookup table: an optional per-channel 1D table (a shaper, applied first) and an optional 3D lattice,
 * each with its own input domain. Values between lattice points are found by tetrahedral interpolation,
 * computed without data-dependent branches: the order of the three fractional coordinates is read from the
 * sign bits of their differences as 0/1 integers, which select (by multiplication, not by a branch) the
 * largest and smallest coordinate and the two lattice steps of the pixel's tetrahedron; the result is
 * {@code (1 − f1)·c000 + (f1 − f2)·cA + (f2 − f3)·cAB + f3·c111} with {@code f1 ≥ f2 ≥ f3} the sorted
 * fractions. Inputs outside a domain are clamped to it. Immutable and thread-safe.
 */
public final class Lut3D {
    /** Smallest lattice or table size. */
    public static final int MIN_SIZE = 2;
    /** Largest 3D lattice size (256³ entries). */
    public static final int MAX_3D_SIZE = 256;
    /** Largest 1D table size. */
    public static final int MAX_1D_SIZE = 65536;

    private final String title;
    private final int size1d;
    private final float[][] table1d;
    private final float[] min1d;
    private final float[] max1d;
    private final int size;
    private final float[] lattice;
    private final float[] min;
    private final float[] max;

    /**
     * @param title   a title (may be empty)
     * @param size1d  1D table size (0 for none)
     * @param table1d three tables R, G, B of {@code size1d} values each (or {@code null})
     * @param min1d   1D domain minimum per channel
     * @param max1d   1D domain maximum per channel
     * @param size    3D lattice size per axis (0 for none)
     * @param lattice {@code size³ × 3} values, red index fastest: entry {@code (r + size·(g + size·b))·3 + c}
     * @param min     3D domain minimum per channel
     * @param max     3D domain maximum per channel
     */
    public Lut3D(String title, int size1d, float[][] table1d, float[] min1d, float[] max1d, int size, float[] lattice,
                 float[] min, float[] max) {
        this.title = title == null ? "" : title;
        if (size1d == 0 && size == 0) {
            throw new IllegalArgumentException("a LUT needs a 1D table or a 3D lattice");
        }
        if (size1d != 0) {
            if (size1d < MIN_SIZE || size1d > MAX_1D_SIZE) {
                throw new IllegalArgumentException("1D LUT size " + size1d + " is out of range: allowed is "
                        + MIN_SIZE + " to " + MAX_1D_SIZE);
            }
            for (int c = 0; c < 3; c++) {
                if (table1d[c].length != size1d) {
                    throw new IllegalArgumentException("1D table " + c + " has " + table1d[c].length + " values, expected " + size1d);
                }
            }
            checkDomain(min1d, max1d);
        }
        if (size != 0) {
            if (size < MIN_SIZE || size > MAX_3D_SIZE) {
                throw new IllegalArgumentException("3D LUT size " + size + " is out of range: allowed is "
                        + MIN_SIZE + " to " + MAX_3D_SIZE);
            }
            if (lattice.length != 3 * size * size * size) {
                throw new IllegalArgumentException("3D lattice has " + lattice.length + " values, expected " + 3 * size * size * size);
            }
            checkDomain(min, max);
        }
        this.size1d = size1d;
        this.table1d = size1d == 0 ? null : new float[][] {table1d[0].clone(), table1d[1].clone(), table1d[2].clone()};
        this.min1d = size1d == 0 ? null : min1d.clone();
        this.max1d = size1d == 0 ? null : max1d.clone();
        this.size = size;
        this.lattice = size == 0 ? null : lattice.clone();
        this.min = size == 0 ? null : min.clone();
        this.max = size == 0 ? null : max.clone();
    }

    private static void checkDomain(float[] lo, float[] hi) {
        Objects.requireNonNull(lo, "domain min");
        Objects.requireNonNull(hi, "domain max");
        for (int c = 0; c < 3; c++) {
            if (!(hi[c] > lo[c]) || !Float.isFinite(lo[c]) || !Float.isFinite(hi[c])) {
                throw new IllegalArgumentException("LUT domain " + Arrays.toString(lo) + " to " + Arrays.toString(hi)
                        + " is not valid: allowed is a finite minimum below the maximum in each channel");
            }
        }
    }

    /**
     * A 3D LUT from a lattice on the domain [0, 1]³.
     *
     * @param size    lattice size per axis, 2 to 256
     * @param lattice {@code size³ × 3} values, red fastest
     */
    public static Lut3D of(int size, float[] lattice) {
        float[] lo = {0, 0, 0};
        float[] hi = {1, 1, 1};
        return new Lut3D("", 0, null, null, null, size, lattice, lo, hi);
    }

    /** @return the identity 3D LUT of this size on [0, 1]³ */
    public static Lut3D identity(int size) {
        float[] l = new float[3 * size * size * size];
        int i = 0;
        for (int b = 0; b < size; b++) {
            for (int g = 0; g < size; g++) {
                for (int r = 0; r < size; r++) {
                    l[i++] = r / (float) (size - 1);
                    l[i++] = g / (float) (size - 1);
                    l[i++] = b / (float) (size - 1);
                }
            }
        }
        return of(size, l);
    }

    /** @return the title ("" when none) */
    public String title() {
        return title;
    }

    /** @return the 3D lattice size per axis, or 0 when this is a 1D LUT only */
    public int size() {
        return size;
    }

    /** @return the 1D table size, or 0 when there is none */
    public int size1d() {
        return size1d;
    }

    /** @return a copy of the 3D lattice ({@code size³ × 3}, red fastest), or an empty array */
    public float[] lattice() {
        return lattice == null ? new float[0] : lattice.clone();
    }

    /** @return a copy of the 3D domain minimum (R, G, B) */
    public float[] domainMin() {
        return min == null ? null : min.clone();
    }

    /** @return a copy of the 3D domain maximum (R, G, B) */
    public float[] domainMax() {
        return max == null ? null : max.clone();
    }

    /**
     * Looks up one colour (slow path for tests and tools: same arithmetic as {@link #apply}).
     *
     * @return {R, G, B}
     */
    public float[] lookup(float r, float g, float b) {
        float[] pr = {r};
        float[] pg = {g};
        float[] pb = {b};
        apply(pr, pg, pb, 0, 1);
        return new float[] {pr[0], pg[0], pb[0]};
    }

    /**
     * Transforms planes in place over indices {@code [start, end)}: the 1D tables first, then the lattice.
     * Thread-safe: the LUT is only read.
     */
    public void apply(float[] r, float[] g, float[] b, int start, int end) {
        if (size1d != 0) {
            apply1d(table1d[0], min1d[0], max1d[0], r, start, end);
            apply1d(table1d[1], min1d[1], max1d[1], g, start, end);
            apply1d(table1d[2], min1d[2], max1d[2], b, start, end);
        }
        if (size != 0) {
            apply3d(r, g, b, start, end);
        }
    }

    private void apply1d(float[] t, float lo, float hi, float[] p, int start, int end) {
        final int n = t.length;
        final float top = n - 1;
        final float scale = top / (hi - lo);
        for (int i = start; i < end; i++) {
            float x = Math.min(Math.max((p[i] - lo) * scale, 0f), top);
            int j = Math.min((int) x, n - 2);
            float f = x - j;
            float a = t[j];
            p[i] = a + (t[j + 1] - a) * f;
        }
    }

    private void apply3d(float[] pr, float[] pg, float[] pb, int start, int end) {
        final float[] l = lattice;
        final int n = size;
        final float top = n - 1;
        final int last = n - 2;
        final float lr = min[0], lg = min[1], lb = min[2];
        final float sr = top / (max[0] - lr), sg = top / (max[1] - lg), sb = top / (max[2] - lb);
        final int dy = 3 * n;
        final int dz = 3 * n * n;
        for (int i = start; i < end; i++) {
            // a NaN input gives index 0 and a NaN result, never an out-of-bounds read
            float x = Math.min(Math.max((pr[i] - lr) * sr, 0f), top);
            float y = Math.min(Math.max((pg[i] - lg) * sg, 0f), top);
            float z = Math.min(Math.max((pb[i] - lb) * sb, 0f), top);
            int ix = Math.min((int) x, last);
            int iy = Math.min((int) y, last);
            int iz = Math.min((int) z, last);
            float fx = Math.min(Math.max(x - ix, 0f), 1f);
            float fy = Math.min(Math.max(y - iy, 0f), 1f);
            float fz = Math.min(Math.max(z - iz, 0f), 1f);
            // the order of fx, fy, fz as 0/1 integers from sign bits: no data-dependent branch
            int ltXY = Float.floatToRawIntBits(fx - fy) >>> 31;
            int ltXZ = Float.floatToRawIntBits(fx - fz) >>> 31;
            int ltYZ = Float.floatToRawIntBits(fy - fz) >>> 31;
            int xMax = (1 - ltXY) & (1 - ltXZ);
            int yMax = ltXY & (1 - ltYZ);
            int zMax = 1 - xMax - yMax;
            int xMin = ltXY & ltXZ;
            int yMin = (1 - ltXY) & ltYZ;
            int zMin = 1 - xMin - yMin;
            float f1 = fx * xMax + fy * yMax + fz * zMax;
            float f3 = fx * xMin + fy * yMin + fz * zMin;
            float f2 = fx + fy + fz - f1 - f3;
            float w0 = 1f - f1;
            float w1 = f1 - f2;
            float w2 = f2 - f3;
            int o = 3 * ix + dy * iy + dz * iz;
            // first step along the largest coordinate's axis, second along the middle one's
            int oa = o + 3 * xMax + dy * yMax + dz * zMax;
            int ob = o + 3 + dy + dz - (3 * xMin + dy * yMin + dz * zMin);
            int oc = o + 3 + dy + dz;
            pr[i] = w0 * l[o] + w1 * l[oa] + w2 * l[ob] + f3 * l[oc];
            pg[i] = w0 * l[o + 1] + w1 * l[oa + 1] + w2 * l[ob + 1] + f3 * l[oc + 1];
            pb[i] = w0 * l[o + 2] + w1 * l[oa + 2] + w2 * l[ob + 2] + f3 * l[oc + 2];
        }
    }

    @Override
    public String toString() {
        return "Lut3D[" + (title.isEmpty() ? "" : title + ", ") + (size1d != 0 ? "1D " + size1d : "")
                + (size1d != 0 && size != 0 ? " + " : "") + (size != 0 ? "3D " + size + "³" : "") + "]";
    }
}
