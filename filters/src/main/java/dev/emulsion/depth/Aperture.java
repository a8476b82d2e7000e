package dev.emulsion.depth;

/**
 * The shape of the lens aperture, which is the shape of an out-of-focus point (bokeh): a circle, or a
 * regular polygon of {@code blades} straight or curved blades. The polygon's vertices lie on the circle of
 * confusion, so the CoC radius is the polygon's circumradius; {@code curvature} 1 rounds the blades into
 * the full circle. Immutable.
 */
public final class Aperture {
    private final int blades;
    private final double rotationRad;
    private final double curvature;

    /**
     * @param blades      0 for a circle, or 3 to 16 blades
     * @param rotationDeg rotation of the polygon in degrees (counter-clockwise on screen)
     * @param curvature   0 straight blades to 1 a circle
     * @throws IllegalArgumentException for 1 or 2 blades, more than 16, or curvature outside [0, 1]
     */
    public Aperture(int blades, double rotationDeg, double curvature) {
        if (blades != 0 && (blades < 3 || blades > 16)) {
            throw new IllegalArgumentException("depth-blur.blades = " + blades
                    + " is out of range: allowed is 0 (a circle) or 3 to 16");
        }
        if (!(curvature >= 0 && curvature <= 1)) {
            throw new IllegalArgumentException("depth-blur.curvature = " + curvature
                    + " is out of range: allowed is a number from 0 to 1");
        }
        this.blades = blades;
        this.rotationRad = Math.toRadians(rotationDeg);
        this.curvature = curvature;
    }

    /** @return 0 for a circle, else the number of blades */
    public int blades() {
        return blades;
    }

    /**
     * The boundary's distance from the centre in the direction {@code phi}, for a unit circumradius.
     * Screen coordinates: y grows downwards, so the angle is measured with y flipped.
     */
    double radiusAt(double phi) {
        if (blades == 0) {
            return 1.0;
        }
        double sector = 2 * Math.PI / blades;
        double a = phi - rotationRad - Math.PI / 2; // a vertex points up at rotation 0
        a = a - sector * Math.floor(a / sector);
        double poly = Math.cos(Math.PI / blades) / Math.cos(a - sector / 2);
        return (1 - curvature) * poly + curvature;
    }

    /**
     * Rasterizes the aperture at radius {@code r} pixels (16×16 samples per pixel) into row runs that a
     * blur can apply with prefix sums: one run per row with fractional ends.
     *
     * @param r circumradius in pixels, at least 0; below about 0.3 the kernel is a single tap
     * @return the kernel, normalized to sum 1
     */
    Kernel kernel(double r) {
        int rc = (int) Math.ceil(r + 0.5);
        int size = 2 * rc + 1;
        double[] cov = new double[size * size];
        final int ss = 16;
        double total = 0;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                int inside = 0;
                for (int sj = 0; sj < ss; sj++) {
                    double py = j - rc - 0.5 + (sj + 0.5) / ss;
                    for (int si = 0; si < ss; si++) {
                        double px = i - rc - 0.5 + (si + 0.5) / ss;
                        double d = Math.hypot(px, py);
                        if (d <= r * radiusAt(Math.atan2(-py, px))) {
                            inside++;
                        }
                    }
                }
                cov[j * size + i] = (double) inside / (ss * ss);
                total += cov[j * size + i];
            }
        }
        if (total < 1e-9) {
            return Kernel.delta();
        }
        // Each row becomes one run with fractional ends: its total coverage T centred on its centroid. A
        // blur then reads four prefix sums per row whatever the shape; the row's weight is exact and its
        // edge moves by well under a pixel.
        int rows = 0;
        int[] dy = new int[size];
        float[] left = new float[size];
        float[] right = new float[size];
        for (int j = 0; j < size; j++) {
            double t = 0;
            double m = 0;
            for (int i = 0; i < size; i++) {
                double c = cov[j * size + i];
                t += c;
                m += c * (i - rc + 0.5);
            }
            if (t < 1e-6) {
                continue;
            }
            double centre = m / t;
            dy[rows] = j - rc;
            left[rows] = (float) (centre - t / 2);
            right[rows] = (float) (centre + t / 2);
            rows++;
        }
        return new Kernel(rc, (float) (1.0 / total), java.util.Arrays.copyOf(dy, rows),
                java.util.Arrays.copyOf(left, rows), java.util.Arrays.copyOf(right, rows));
    }

    /**
     * A rasterized aperture as one run per row: row {@code dy[j]} covers x from {@code left[j]} to
     * {@code right[j]} (pixel-edge coordinates, fractional ends), each covered pixel weighted {@code weight}.
     */
    static final class Kernel {
        final int radius;
        final float weight;
        final int[] dy;
        final float[] left;
        final float[] right;

        Kernel(int radius, float weight, int[] dy, float[] left, float[] right) {
            this.radius = radius;
            this.weight = weight;
            this.dy = dy;
            this.left = left;
            this.right = right;
        }

        static Kernel delta() {
            return new Kernel(1, 1f, new int[] {0}, new float[] {0f}, new float[] {1f});
        }
    }

    @Override
    public String toString() {
        // Also the kernel cache key: it must name every field exactly.
        return blades == 0 ? "circle" : blades + " blades, rotation " + Math.toDegrees(rotationRad)
                + "°, curvature " + curvature;
    }
}
