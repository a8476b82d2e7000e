package dev.emulsion.color;

/**
 * The opponent hue plane used by the colour stages. A linear RGB colour splits into its luminance
 * {@code Y = 0.2126 R + 0.7152 G + 0.0722 B} and two chroma coordinates {@code α = R − (G + B)/2},
 * {@code β = (√3/2)(G − B)} (zero for every grey); the hue angle {@code atan2(β, α)} is 0° for red, 60° yellow,
 * 120° green, 180° cyan, 240° blue and 300° magenta. Double-precision helpers for building kernels.
 */
public final class Hue {
    /** Rec. 709 / sRGB luminance weights. */
    public static final double WR = 0.2126;
    /** Rec. 709 / sRGB luminance weights. */
    public static final double WG = 0.7152;
    /** Rec. 709 / sRGB luminance weights. */
    public static final double WB = 0.0722;
    /** √3 / 2. */
    public static final double K = Math.sqrt(3) / 2;

    private Hue() {
    }

    /**
     * The RGB offset with chroma coordinates (α, β) and zero luminance: adding it to a colour changes its
     * chroma by (α, β) and keeps its luminance.
     *
     * @return {@code {dr, dg, db}}
     */
    public static double[] delta(double alpha, double beta) {
        double dr = 2 * alpha / 3;
        double dgb = beta / K; // dg − db
        double dg = (-dr + dgb) / 2;
        double db = (-dr - dgb) / 2;
        double y = WR * dr + WG * dg + WB * db;
        return new double[] {dr - y, dg - y, db - y};
    }

    /**
     * A unit tint of the given hue: the zero-luminance offset of chroma (cos h, sin h).
     *
     * @param degrees hue angle in degrees
     */
    public static double[] tint(double degrees) {
        double h = Math.toRadians(degrees);
        return delta(Math.cos(h), Math.sin(h));
    }

    /** @return the hue angle in degrees [0, 360) of a linear RGB colour (0 for greys) */
    public static double angle(double r, double g, double b) {
        double a = r - (g + b) / 2;
        double be = K * (g - b);
        if (a == 0 && be == 0) {
            return 0;
        }
        double d = Math.toDegrees(Math.atan2(be, a));
        return d < 0 ? d + 360 : d;
    }
}
