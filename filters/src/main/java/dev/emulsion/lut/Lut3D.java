package dev.emulsion.lut;

import java.util.Arrays;
import java.util.Objects;

/**
 * A colour lookup table: an optional per-channel 1D table (a shaper, applied first) and an optional 3D lattice,
 * each with its own input domain. Values between lattice points are found by tetrahedral interpolation,
 * computed without data-dependent branches: the largest and smallest fractional coordinate come from min/max,
 * and comparisons with them become exact 0/1 factors (the fractions are rounded to multiples of 2^−20), which
 * select the two inner vertices of the pixel's tetrahedron by multiplication; the result is
 * {@code (1 − f1)·c000 + (f1 − f2)·cA + (f2 − f3)·cAB + f3·c111} with {@code f1 ≥ f2 ≥ f3} the sorted
 * fractions. Lattices up to {@value #MAX_TABLE_SIZE}³ are read through a per-tetrahedron table (base vertex and
 * differences, built on first use). Inputs outside a domain are clamped to it. Immutable (the table is a cache)
 * and thread-safe.
 */
public final class Lut3D {
    /** Smallest lattice or table size. */
    public static final int MIN_SIZE = 2;
    /** Largest 3D lattice size (256³ entries). */
    public static final int MAX_3D_SIZE = 256;
    /** Largest 1D table size. */
    public static final int MAX_1D_SIZE = 65536;


    /** Pixels per block of work planes. */
    private static final int BLOCK = 1024;
    /**
     * Largest lattice whose vertex offsets (below 3·n³) plus 2^23 are exact as floats with the integer in the
     * low mantissa bits (3·n³ &lt; 2^23); larger ones use the scalar path.
     */
    static final int MAX_FAST_SIZE = 128;
    /**
     * Largest lattice interpolated from the per-tetrahedron table ({@link #tetrahedra}): (n − 1)³ cells × 6
     * tetrahedra × 12 floats, 9.4 MB at 33³; larger lattices read the lattice itself.
     */
    static final int MAX_TABLE_SIZE = 33;
    /** Floats per tetrahedron in the table: a base vertex and three differences, R, G, B each. */
    private static final int TET = 12;
    /** Floats per cell in the table: six tetrahedra. */
    private static final int CELL = 6 * TET;
    private static final float MAGIC = 0x1p23f;
    private static final float Q = 0x1p20f;
    /**
     * Adding and subtracting 1.5·2^23 rounds a float of magnitude below 2^22 to an integer (ties to even); with
     * 2^23, values just below 0 would land where the spacing is 0.5.
     */
    private static final float ROUND = 0x1.8p23f;
    private static final ThreadLocal<float[][]> WORK = ThreadLocal.withInitial(() -> new float[10][BLOCK]);

    // sRGB encode: boundary of the linear segment, centre of the fit and the polynomial in u^(1/4) − ENC_C
    private static final float ENC_T = 0.0031308f;
    private static final float ENC_C = 0.61827254f;
    private static final float ENC_P8 = 0.08616805076599121f;
    private static final float ENC_P7 = -0.07196582108736038f;
    private static final float ENC_P6 = 0.03976120427250862f;
    private static final float ENC_P5 = -0.04702914133667946f;
    private static final float ENC_P4 = 0.06696320325136185f;
    private static final float ENC_P3 = -0.1237826719880104f;
    private static final float ENC_P2 = 0.6879913806915283f;
    private static final float ENC_P1 = 1.2761108875274658f;
    private static final float ENC_P0 = 0.4183900058269501f;
    /** The constant term minus the power segment at the boundary, so linear + power segments join. */
    private static final float ENC_P0_SHIFTED = ENC_P0 - encodePower(ENC_T);
    // sRGB decode: boundary, centre of the fit and the polynomial for u^0.4 in √u − DEC_C
    private static final float DEC_T = 0.04045f;
    private static final float DEC_C = 0.65039444f;
    private static final float DEC_P7 = 0.13245736062526703f;
    private static final float DEC_P6 = -0.10713089257478714f;
    private static final float DEC_P5 = 0.06369093060493469f;
    private static final float DEC_P4 = -0.06691994518041611f;
    private static final float DEC_P3 = 0.08262048661708832f;
    private static final float DEC_P2 = -0.13412517309188843f;
    private static final float DEC_P1 = 0.8718741536140442f;
    private static final float DEC_P0 = 0.7088292241096497f;
    private static final float DEC_AT_T = decodePower(DEC_T);

    private final String title;
    private final int size1d;
    private final float[][] table1d;
    private final float[] min1d;
    private final float[] max1d;
    private final int size;
    private final float[] lattice;
    private final float[] min;
    private final float[] max;
    /** Per channel: lattice coordinate = clamp(value·scale + offset, 0, top). */
    private final float[] coordScale;
    private final float[] coordOffset;
    private final float top;
    /** True when every lattice value is in [0, 1], so interpolated values are too. */
    private final boolean unitLattice;
    /** The per-tetrahedron table, built on first use (see {@link #tetrahedra}). */
    private volatile float[] tetTable;

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
        this.coordScale = new float[3];
        this.coordOffset = new float[3];
        this.top = Math.max(size - 1, 1);
        boolean unit = size != 0;
        for (int i = 0; unit && i < this.lattice.length; i++) {
            unit = this.lattice[i] >= 0f && this.lattice[i] <= 1f;
        }
        this.unitLattice = unit;
        for (int c = 0; c < 3 && size != 0; c++) {
            coordScale[c] = (size - 1) / (max[c] - min[c]);
            coordOffset[c] = -min[c] * coordScale[c];
        }
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
     * Values are in the LUT's own (usually sRGB-encoded) domain. Thread-safe: the LUT is only read.
     */
    public void apply(float[] r, float[] g, float[] b, int start, int end) {
        run(r, g, b, start, end, false);
    }

    /**
     * Transforms linear-light planes in place over indices {@code [start, end)}, for a LUT defined on
     * sRGB-encoded values: each value is sRGB-encoded (clamped to [0, 1]), looked up as {@link #apply} does, and
     * decoded back to linear light (the LUT's output clamped to [0, 1] first). The transfer curves are short
     * polynomials, evaluated without branches (absolute error below 1e−6 against {@link dev.emulsion.image.SrgbTransfer#encodeExact} and
     * {@code decodeExact}). A NaN gives NaN. Thread-safe: the LUT is only read.
     */
    public void applyLinear(float[] r, float[] g, float[] b, int start, int end) {
        run(r, g, b, start, end, true);
    }

    /**
     * Works on blocks of {@link #BLOCK} pixels copied into per-thread work planes: every pass but the lattice
     * gather is then a short loop over equally indexed arrays, which C2 vectorizes, and the block's work planes
     * (40 KB) stay in the L1/L2 cache beside the lattice.
     */
    private void run(float[] r, float[] g, float[] b, int start, int end, boolean linear) {
        float[][] w = WORK.get();
        float[] x = w[0];
        float[] y = w[1];
        float[] z = w[2];
        if (linear && size1d == 0 && size <= MAX_TABLE_SIZE) {
            // the usual case: sRGB encode, the per-tetrahedron table, decode
            float[] t = tetrahedra();
            for (int s = start; s < end; s += BLOCK) {
                linearBlock(t, w, r, g, b, s, Math.min(BLOCK, end - s));
            }
            return;
        }
        for (int s = start; s < end; s += BLOCK) {
            int m = Math.min(BLOCK, end - s);
            System.arraycopy(r, s, x, 0, m);
            System.arraycopy(g, s, y, 0, m);
            System.arraycopy(b, s, z, 0, m);
            block(w, m, linear);
            System.arraycopy(x, 0, r, s, m);
            System.arraycopy(y, 0, g, s, m);
            System.arraycopy(z, 0, b, s, m);
        }
    }

    /** One block of the usual path: sRGB encode from the planes, table lookup, decode back into the planes. */
    private void linearBlock(float[] t, float[][] w, float[] r, float[] g, float[] b, int s, int m) {
        float[] x = w[0];
        float[] y = w[1];
        float[] z = w[2];
        System.arraycopy(r, s, x, 0, m);
        System.arraycopy(g, s, y, 0, m);
        System.arraycopy(b, s, z, 0, m);
        encode(x, m, coordScale[0], coordOffset[0], top);
        encode(y, m, coordScale[1], coordOffset[1], top);
        encode(z, m, coordScale[2], coordOffset[2], top);
        tetrahedralTable(t, w, m);
        if (unitLattice) {
            decodeUnit(x, m);
            decodeUnit(y, m);
            decodeUnit(z, m);
        } else {
            decode(x, m);
            decode(y, m);
            decode(z, m);
        }
        System.arraycopy(x, 0, r, s, m);
        System.arraycopy(y, 0, g, s, m);
        System.arraycopy(z, 0, b, s, m);
    }

    private void block(float[][] w, int m, boolean linear) {
        float[] x = w[0];
        float[] y = w[1];
        float[] z = w[2];
        boolean coordinates = false;
        if (linear) {
            if (size1d == 0) {
                // sRGB encode and the lattice's domain scaling in one pass
                encode(x, m, coordScale[0], coordOffset[0], top);
                encode(y, m, coordScale[1], coordOffset[1], top);
                encode(z, m, coordScale[2], coordOffset[2], top);
                coordinates = true;
            } else {
                encode(x, m, 1f, 0f, 1f);
                encode(y, m, 1f, 0f, 1f);
                encode(z, m, 1f, 0f, 1f);
            }
        }
        if (size1d != 0) {
            apply1d(table1d[0], min1d[0], max1d[0], x, 0, m);
            apply1d(table1d[1], min1d[1], max1d[1], y, 0, m);
            apply1d(table1d[2], min1d[2], max1d[2], z, 0, m);
        }
        if (size != 0) {
            if (!coordinates) {
                toCoordinates(x, m, coordScale[0], coordOffset[0], top);
                toCoordinates(y, m, coordScale[1], coordOffset[1], top);
                toCoordinates(z, m, coordScale[2], coordOffset[2], top);
            }
            if (size <= MAX_TABLE_SIZE) {
                tetrahedralTable(tetrahedra(), w, m);
            } else if (size <= MAX_FAST_SIZE) {
                tetrahedral(w, m);
            } else {
                tetrahedralScalar(lattice, size, x, y, z, m);
            }
        }
        if (linear) {
            if (size1d == 0 && unitLattice) {
                // a convex combination of values in [0, 1] is in [0, 1]: no clamp needed
                decodeUnit(x, m);
                decodeUnit(y, m);
                decodeUnit(z, m);
            } else {
                decode(x, m);
                decode(y, m);
                decode(z, m);
            }
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

    /** Lattice coordinates in [0, n − 1] (NaN stays NaN). */
    private static void toCoordinates(float[] p, int m, float scale, float offset, float top) {
        for (int k = 0; k < m; k++) {
            p[k] = Math.min(Math.max(Math.fma(p[k], scale, offset), 0f), top);
        }
    }

    /**
     * sRGB-encodes linear values clamped to [0, 1], then maps the code to {@code clamp(code·scale + offset, 0,
     * top)}. Branch-free and vectorizable: the linear segment and the power segment are both evaluated, on
     * {@code min(v, t)} and {@code max(v, t)} with {@code t} the segment boundary, and added (the power
     * segment's polynomial minus its value at {@code t}, so the sum is continuous). The power
     * {@code 1.055·u^(1/2.4) − 0.055} is a degree-8 polynomial in {@code u^(1/4)} (two square roots), fitted on
     * [t^(1/4), 1].
     */
    private static void encode(float[] p, int m, float scale, float offset, float top) {
        for (int k = 0; k < m; k++) {
            float v = Math.min(p[k], 1f);
            float t = (float) Math.sqrt((float) Math.sqrt(Math.max(v, ENC_T))) - ENC_C;
            float q = Math.fma(ENC_P8, t, ENC_P7);
            q = Math.fma(q, t, ENC_P6);
            q = Math.fma(q, t, ENC_P5);
            q = Math.fma(q, t, ENC_P4);
            q = Math.fma(q, t, ENC_P3);
            q = Math.fma(q, t, ENC_P2);
            q = Math.fma(q, t, ENC_P1);
            q = Math.fma(q, t, ENC_P0_SHIFTED);
            float code = Math.fma(Math.min(v, ENC_T), 12.92f, q);
            p[k] = Math.min(Math.max(Math.fma(code, scale, offset), 0f), top);
        }
    }

    /**
     * sRGB-decodes values clamped to [0, 1], branch-free like {@link #encode}: {@code ((w + 0.055)/1.055)^2.4}
     * is {@code u²·u^0.4} with {@code u^0.4} a degree-7 polynomial in {@code √u}, fitted on [√u(t), 1].
     */
    private static void decode(float[] p, int m) {
        for (int k = 0; k < m; k++) {
            float v = Math.min(Math.max(p[k], 0f), 1f);
            float u = Math.fma(Math.max(v, DEC_T), 1f / 1.055f, 0.055f / 1.055f);
            float t = (float) Math.sqrt(u) - DEC_C;
            float q = Math.fma(DEC_P7, t, DEC_P6);
            q = Math.fma(q, t, DEC_P5);
            q = Math.fma(q, t, DEC_P4);
            q = Math.fma(q, t, DEC_P3);
            q = Math.fma(q, t, DEC_P2);
            q = Math.fma(q, t, DEC_P1);
            q = Math.fma(q, t, DEC_P0);
            p[k] = Math.fma(Math.min(v, DEC_T), 1f / 12.92f, Math.fma(q, u * u, -DEC_AT_T));
        }
    }

    /** {@link #decode} for values already in [0, 1] (or NaN). */
    private static void decodeUnit(float[] p, int m) {
        for (int k = 0; k < m; k++) {
            float v = p[k];
            float u = Math.fma(Math.max(v, DEC_T), 1f / 1.055f, 0.055f / 1.055f);
            float t = (float) Math.sqrt(u) - DEC_C;
            float q = Math.fma(DEC_P7, t, DEC_P6);
            q = Math.fma(q, t, DEC_P5);
            q = Math.fma(q, t, DEC_P4);
            q = Math.fma(q, t, DEC_P3);
            q = Math.fma(q, t, DEC_P2);
            q = Math.fma(q, t, DEC_P1);
            q = Math.fma(q, t, DEC_P0);
            p[k] = Math.fma(Math.min(v, DEC_T), 1f / 12.92f, Math.fma(q, u * u, -DEC_AT_T));
        }
    }

    /** The power segment of {@link #encode} alone, for its continuity constant. */
    private static float encodePower(float v) {
        float t = (float) Math.sqrt((float) Math.sqrt(v)) - ENC_C;
        float q = Math.fma(ENC_P8, t, ENC_P7);
        q = Math.fma(q, t, ENC_P6);
        q = Math.fma(q, t, ENC_P5);
        q = Math.fma(q, t, ENC_P4);
        q = Math.fma(q, t, ENC_P3);
        q = Math.fma(q, t, ENC_P2);
        q = Math.fma(q, t, ENC_P1);
        return Math.fma(q, t, ENC_P0);
    }

    /** The power segment of {@link #decode} alone, for its continuity constant. */
    private static float decodePower(float v) {
        float u = Math.fma(v, 1f / 1.055f, 0.055f / 1.055f);
        float t = (float) Math.sqrt(u) - DEC_C;
        float q = Math.fma(DEC_P7, t, DEC_P6);
        q = Math.fma(q, t, DEC_P5);
        q = Math.fma(q, t, DEC_P4);
        q = Math.fma(q, t, DEC_P3);
        q = Math.fma(q, t, DEC_P2);
        q = Math.fma(q, t, DEC_P1);
        q = Math.fma(q, t, DEC_P0);
        return q * (u * u);
    }

    /**
     * The per-tetrahedron table, built on first use (a race builds equal tables; the last one published wins).
     * Cell {@code (i, j, k)} (red fastest) holds six tetrahedra of {@link #TET} floats at {@code cell·CELL +
     * slot·TET}; each holds, per channel, the base vertex {@code c000} and the differences {@code cA − c000},
     * {@code cAB − cA}, {@code c111 − cAB} along the tetrahedron's path, so that the interpolated value is
     * {@code c000 + f1·d1 + f2·d2 + f3·d3}. The slot is {@code a + 2b + 2c} with {@code a = [x ≥ y]},
     * {@code b = [y ≥ z]}, {@code c = [x ≥ z]} of the fractions: the six orders (ties included) give six
     * distinct slots, and the two impossible combinations never occur.
     */
    private float[] tetrahedra() {
        float[] t = tetTable;
        if (t != null) {
            return t;
        }
        final int n = size;
        final int cells = n - 1;
        // slot → the first and second axis of the path (0 = red, 1 = green, 2 = blue)
        final int[] first = {2, 2, 1, 0, 1, 0};
        final int[] second = {1, 0, 2, 2, 0, 1};
        final int[] step = {3, 3 * n, 3 * n * n};
        final float[] l = lattice;
        t = new float[cells * cells * cells * CELL];
        int cell = 0;
        for (int k = 0; k < cells; k++) {
            for (int j = 0; j < cells; j++) {
                for (int i = 0; i < cells; i++, cell++) {
                    int v0 = 3 * (i + n * (j + n * k));
                    int v111 = v0 + step[0] + step[1] + step[2];
                    for (int slot = 0; slot < 6; slot++) {
                        int va = v0 + step[first[slot]];
                        int vab = va + step[second[slot]];
                        int o = cell * CELL + slot * TET;
                        for (int c = 0; c < 3; c++) {
                            t[o + c] = l[v0 + c];
                            t[o + 3 + c] = l[va + c] - l[v0 + c];
                            t[o + 6 + c] = l[vab + c] - l[va + c];
                            t[o + 9 + c] = l[v111 + c] - l[vab + c];
                        }
                    }
                }
            }
        }
        tetTable = t;
        return t;
    }

    /**
     * Tetrahedral interpolation of a block of lattice coordinates (work planes 0–2, replaced by the result)
     * through the per-tetrahedron table {@code t} ({@link #tetrahedra}). Vectorizable passes give, per pixel,
     * the cell and the fractions (as in {@link #tetrahedral}), the sorted fractions {@code f1 ≥ f2 ≥ f3} and the
     * table offset of the pixel's tetrahedron, whose slot comes from the three comparisons of the fractions as
     * exact 0/1 factors. The scalar pass then reads twelve consecutive floats from one offset and adds three
     * weighted differences per channel.
     */
    private void tetrahedralTable(float[] t, float[][] w, int m) {
        final float[] fx = w[0];
        final float[] fy = w[1];
        final float[] fz = w[2];
        final float[] ix = w[3];
        final float[] iy = w[4];
        final float[] o = w[5];
        final int cells = size - 1;
        final float last = size - 2;
        final float sy = CELL * cells;
        final float sz = CELL * cells * cells;
        cell(fx, ix, m, last);
        cell(fy, iy, m, last);
        for (int k = 0; k < m; k++) {
            float v = fz[k];
            float r = ((v - 0.5f) + ROUND) - ROUND;
            float i = (r + last - Math.abs(r - last)) * 0.5f;
            fz[k] = (Math.fma(v - i, Q, MAGIC) - MAGIC) * (1f / Q);
            o[k] = Math.fma(i, sz, Math.fma(iy[k], sy, Math.fma(ix[k], CELL, MAGIC)));
        }
        // [p ≥ q] for fractions that are multiples of 2^−20: e = (p − q)·2^20 + 1 is an integer, ≤ 0 exactly when
        // p < q; g = max(e, 0) = (e + |e|)/2 and min(g, 1) = (g + 1 − |g − 1|)/2 are exact. Short separate loops:
        // C2 leaves a longer body with min/max scalar
        for (int k = 0; k < m; k++) {
            float x = fx[k];
            float y = fy[k];
            float z = fz[k];
            float eab = Math.fma(x - y, Q, 1f);
            float ebc = Math.fma(y - z, Q, 1f);
            float eac = Math.fma(x - z, Q, 1f);
            float gab = (eab + Math.abs(eab)) * 0.5f;
            float gbc = (ebc + Math.abs(ebc)) * 0.5f;
            float gac = (eac + Math.abs(eac)) * 0.5f;
            // 12·a + 24·(b + c), each factor as (g + 1 − |g − 1|)/2
            o[k] += Math.fma(6f, gab + 1f - Math.abs(gab - 1f),
                    12f * (gbc + 1f - Math.abs(gbc - 1f) + gac + 1f - Math.abs(gac - 1f)));
        }
        // the cell indices are spent: their planes take the largest and smallest fraction, as
        // max(p, q) = (p + q + |p − q|)/2 and min(p, q) = (p + q − |p − q|)/2: exact on these fractions (sums of
        // multiples of 2^−20 below 4) and cheaper than Math.max/min; NaN stays NaN
        final float[] f1s = ix;
        final float[] f3s = iy;
        for (int k = 0; k < m; k++) {
            float x = fx[k];
            float y = fy[k];
            float z = fz[k];
            float sxy = x + y;
            float dxy = Math.abs(x - y);
            float hi = (sxy + dxy) * 0.5f;
            float lo = (sxy - dxy) * 0.5f;
            f1s[k] = (hi + z + Math.abs(hi - z)) * 0.5f;
            f3s[k] = (lo + z - Math.abs(lo - z)) * 0.5f;
        }
        for (int k = 0; k < m; k++) {
            fy[k] = fx[k] + fy[k] + fz[k] - f1s[k] - f3s[k];
        }
        final int bias = Float.floatToRawIntBits(MAGIC);
        final int lastTet = t.length - TET;
        for (int k = 0; k < m; k++) {
            // the offset carries a bias of 2^23 (see tetrahedral); a NaN offset is capped and gives NaN weights
            int v = Math.min((Float.floatToRawIntBits(o[k]) - bias) & 0x7FFFFFFF, lastTet);
            float f1 = f1s[k];
            float f2 = fy[k];
            float f3 = f3s[k];
            fx[k] = Math.fma(f3, t[v + 9], Math.fma(f2, t[v + 6], Math.fma(f1, t[v + 3], t[v])));
            fy[k] = Math.fma(f3, t[v + 10], Math.fma(f2, t[v + 7], Math.fma(f1, t[v + 4], t[v + 1])));
            fz[k] = Math.fma(f3, t[v + 11], Math.fma(f2, t[v + 8], Math.fma(f1, t[v + 5], t[v + 2])));
        }
    }

    /**
     * Tetrahedral interpolation of a block of lattice coordinates (work planes 0–2, replaced by the result).
     * The arithmetic runs in vectorizable passes over the block: cell index and fraction per axis (the floor
     * by adding and subtracting 1.5·2^23, the fraction rounded to a multiple of 2^−20 so that comparisons can be
     * turned into exact 0/1 factors), the largest and smallest fraction by min/max, the offsets of the two
     * inner vertices (the steps along the axes whose fraction equals the largest, and all steps but those
     * whose fraction equals the smallest; on ties the duplicated vertex has weight 0) and the four weights.
     * Offsets are held as floats plus 2^23, exact below 2^23, hence {@link #MAX_FAST_SIZE}. Only the last
     * pass, four vertex reads per channel, is scalar.
     */
    private void tetrahedral(float[][] w, int m) {
        final float[] fx = w[0];
        final float[] fy = w[1];
        final float[] fz = w[2];
        final float[] ix = w[3];
        final float[] iy = w[4];
        final float[] iz = w[5];
        final float[] o = w[6];
        final float[] oa = w[7];
        final float[] ob = w[8];
        final float[] w0 = w[9];
        final int n = size;
        final float last = n - 2;
        final float sx = 3;
        final float sy = 3 * n;
        final float sz = 3 * n * n;
        final float s111 = sx + sy + sz;
        cell(fx, ix, m, last);
        cell(fy, iy, m, last);
        // the third axis's cell also gives the base vertex offset (plus 2^23, see the gather)
        for (int k = 0; k < m; k++) {
            float v = fz[k];
            float r = ((v - 0.5f) + ROUND) - ROUND;
            float i = (r + last - Math.abs(r - last)) * 0.5f;
            fz[k] = (Math.fma(v - i, Q, MAGIC) - MAGIC) * (1f / Q);
            o[k] = Math.fma(i, sz, Math.fma(iy[k], sy, Math.fma(ix[k], sx, MAGIC)));
        }
        // the cell indices are spent: reuse their planes for the largest (w1) and smallest (w3) fraction
        final float[] w1 = ix;
        final float[] w3 = iy;
        final float[] w2 = iz;
        for (int k = 0; k < m; k++) {
            float x = fx[k];
            float y = fy[k];
            float z = fz[k];
            w1[k] = Math.max(Math.max(x, y), z);
            w3[k] = Math.min(Math.min(x, y), z);
        }
        // 0/1 factors: for d ∈ {0} ∪ [2^−20, 1], t = d·2^20 − 1 is −1 or ≥ 0, and (|t| − t)/2 is 1 or 0 exactly
        // (cheaper than Math.min, whose NaN and −0 rules cost several vector instructions)
        final float hx = sx * 0.5f;
        final float hy = sy * 0.5f;
        final float hz = sz * 0.5f;
        for (int k = 0; k < m; k++) {
            float hi = w1[k];
            float tx = Math.fma(hi - fx[k], Q, -1f);
            float ty = Math.fma(hi - fy[k], Q, -1f);
            float tz = Math.fma(hi - fz[k], Q, -1f);
            oa[k] = Math.fma(hz, Math.abs(tz) - tz, Math.fma(hy, Math.abs(ty) - ty, Math.fma(hx, Math.abs(tx) - tx, o[k])));
        }
        for (int k = 0; k < m; k++) {
            float lo = w3[k];
            float tx = Math.fma(fx[k] - lo, Q, -1f);
            float ty = Math.fma(fy[k] - lo, Q, -1f);
            float tz = Math.fma(fz[k] - lo, Q, -1f);
            ob[k] = Math.fma(-hz, Math.abs(tz) - tz, Math.fma(-hy, Math.abs(ty) - ty, Math.fma(-hx, Math.abs(tx) - tx, o[k] + s111)));
        }
        // with f1 ≥ f2 ≥ f3 and f2 = Σf − f1 − f3: weights 1 − f1, f1 − f2, f2 − f3, f3
        for (int k = 0; k < m; k++) {
            float f1 = w1[k];
            float f3 = w3[k];
            float sum = fx[k] + fy[k] + fz[k];
            w0[k] = 1f - f1;
            w1[k] = f1 + f1 + f3 - sum;
            w2[k] = sum - f1 - f3 - f3;
        }
        final float[] l = lattice;
        final int d111 = 3 + 3 * n + 3 * n * n;
        final int lastVertex = 3 * (n * n * n - 1);
        final int lastCell = lastVertex - d111;
        final int bias = Float.floatToRawIntBits(MAGIC);
        for (int k = 0; k < m; k++) {
            // offsets carry a bias of 2^23, so the float's bits minus those of 2^23 are the integer (cheaper than
            // a float-to-int conversion); a NaN offset of either sign (the mask drops the sign bit) has larger
            // bits and is capped: it reads the last vertex and gives NaN, never an out-of-bounds read
            int v0 = Math.min((Float.floatToRawIntBits(o[k]) - bias) & 0x7FFFFFFF, lastCell);
            int va = Math.min((Float.floatToRawIntBits(oa[k]) - bias) & 0x7FFFFFFF, lastVertex);
            int vb = Math.min((Float.floatToRawIntBits(ob[k]) - bias) & 0x7FFFFFFF, lastVertex);
            int vc = v0 + d111;
            float a = w0[k];
            float b = w1[k];
            float c = w2[k];
            float d = w3[k];
            fx[k] = Math.fma(d, l[vc], Math.fma(c, l[vb], Math.fma(b, l[va], a * l[v0])));
            fy[k] = Math.fma(d, l[vc + 1], Math.fma(c, l[vb + 1], Math.fma(b, l[va + 1], a * l[v0 + 1])));
            fz[k] = Math.fma(d, l[vc + 2], Math.fma(c, l[vb + 2], Math.fma(b, l[va + 2], a * l[v0 + 2])));
        }
    }

    /**
     * Splits coordinates {@code c ∈ [0, n − 1]} (never negative: the callers clamp) into a cell index {@code i ∈ [0, n − 2]} (written to
     * {@code index}) and a fraction {@code c − i ∈ [0, 1]} rounded to a multiple of 2^−20 (written over
     * {@code c}). {@code round(c − 0.5)} (never negative for {@code c ≥ 0}) is the floor except at integers, where it may be one less; the
     * fraction is then 1, the same point.
     */
    private static void cell(float[] c, float[] index, int m, float last) {
        for (int k = 0; k < m; k++) {
            float v = c[k];
            float r = ((v - 0.5f) + ROUND) - ROUND;
            // min(r, last) on small integers, exact: (r + last − |r − last|)/2
            float i = (r + last - Math.abs(r - last)) * 0.5f;
            index[k] = i;
            c[k] = (Math.fma(v - i, Q, MAGIC) - MAGIC) * (1f / Q);
        }
    }

    /**
     * The scalar branch-free tetrahedral interpolation, for lattices above {@link #MAX_FAST_SIZE}: the order of
     * the fractions comes from the sign bits of their differences as 0/1 integers, which select (by
     * multiplication) the largest and smallest coordinate and the two inner vertices.
     *
     * @param l lattice, red fastest, 3 floats per vertex
     * @param n lattice size
     * @param px coordinates in [0, n − 1] (or NaN), replaced by the result; likewise {@code py}, {@code pz}
     * @param m count
     */
    static void tetrahedralScalar(float[] l, int n, float[] px, float[] py, float[] pz, int m) {
        final int last = n - 2;
        final int dy = 3 * n;
        final int dz = 3 * n * n;
        for (int i = 0; i < m; i++) {
            float x = px[i];
            float y = py[i];
            float z = pz[i];
            int ix = Math.min((int) x, last);
            int iy = Math.min((int) y, last);
            int iz = Math.min((int) z, last);
            float fx = Math.min(Math.max(x - ix, 0f), 1f);
            float fy = Math.min(Math.max(y - iy, 0f), 1f);
            float fz = Math.min(Math.max(z - iz, 0f), 1f);
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
            px[i] = w0 * l[o] + w1 * l[oa] + w2 * l[ob] + f3 * l[oc];
            py[i] = w0 * l[o + 1] + w1 * l[oa + 1] + w2 * l[ob + 1] + f3 * l[oc + 1];
            pz[i] = w0 * l[o + 2] + w1 * l[oa + 2] + w2 * l[ob + 2] + f3 * l[oc + 2];
        }
    }

    @Override
    public String toString() {
        return "Lut3D[" + (title.isEmpty() ? "" : title + ", ") + (size1d != 0 ? "1D " + size1d : "")
                + (size1d != 0 && size != 0 ? " + " : "") + (size != 0 ? "3D " + size + "³" : "") + "]";
    }
}
