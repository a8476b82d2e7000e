package dev.emulsion.color;

/**
 * Chromaticity of light sources by colour temperature: the Planckian locus (cubic-spline fit of Kim et al.,
 * 2002, 1667–25000 K) and the CIE daylight locus, converted to linear sRGB.
 */
public final class Planckian {
    private Planckian() {
    }

    /**
     * @param kelvin colour temperature, 1667 to 25000 K
     * @return CIE 1931 (x, y) of a black body at that temperature
     */
    public static double[] blackBodyXy(double kelvin) {
        double t = Math.max(1667, Math.min(25000, kelvin));
        double t1 = 1e3 / t;
        double t2 = t1 * t1;
        double t3 = t2 * t1;
        double x = t <= 4000
                ? -0.2661239 * t3 - 0.2343589 * t2 + 0.8776956 * t1 + 0.179910
                : -3.0258469 * t3 + 2.1070379 * t2 + 0.2226347 * t1 + 0.240390;
        double y;
        if (t <= 2222) {
            y = -1.1063814 * x * x * x - 1.34811020 * x * x + 2.18555832 * x - 0.20219683;
        } else if (t <= 4000) {
            y = -0.9549476 * x * x * x - 1.37418593 * x * x + 2.09137015 * x - 0.16748867;
        } else {
            y = 3.0817580 * x * x * x - 5.87338670 * x * x + 3.75112997 * x - 0.37001483;
        }
        return new double[] {x, y};
    }

    /**
     * @param kelvin colour temperature
     * @return linear sRGB of that light at luminance 1 (Y = 1)
     */
    public static double[] linearSrgbWhite(double kelvin) {
        double[] xy = blackBodyXy(kelvin);
        double bigX = xy[0] / xy[1];
        double bigZ = (1 - xy[0] - xy[1]) / xy[1];
        return ColorMath.xyzToLinearSrgb(bigX, 1.0, bigZ);
    }
}
