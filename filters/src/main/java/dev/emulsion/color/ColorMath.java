package dev.emulsion.color;

/**
 * Colour-science helpers in double precision for building tables and for tests: linear sRGB ↔ CIE XYZ (D65),
 * CIELAB and the CIEDE2000 colour difference. Not for per-pixel loops.
 */
public final class ColorMath {
    /** D65 reference white, Y = 1. */
    public static final double XN = 0.95047;
    /** D65 reference white, Y = 1. */
    public static final double YN = 1.0;
    /** D65 reference white, Y = 1. */
    public static final double ZN = 1.08883;

    private ColorMath() {
    }

    /** @return linear sRGB of a CIE XYZ colour (D65) */
    public static double[] xyzToLinearSrgb(double x, double y, double z) {
        return new double[] {
            3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
            -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
            0.0556434 * x - 0.2040259 * y + 1.0572252 * z};
    }

    /** @return CIE XYZ (D65) of a linear sRGB colour */
    public static double[] linearSrgbToXyz(double r, double g, double b) {
        return new double[] {
            0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
            0.2126729 * r + 0.7151522 * g + 0.0721750 * b,
            0.0193339 * r + 0.1191920 * g + 0.9503041 * b};
    }

    /** @return CIELAB (L*, a*, b*) of a linear sRGB colour, D65 white */
    public static double[] linearSrgbToLab(double r, double g, double b) {
        double[] xyz = linearSrgbToXyz(r, g, b);
        double fx = labF(xyz[0] / XN);
        double fy = labF(xyz[1] / YN);
        double fz = labF(xyz[2] / ZN);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double labF(double t) {
        double d = 6.0 / 29.0;
        return t > d * d * d ? Math.cbrt(t) : t / (3 * d * d) + 4.0 / 29.0;
    }

    /** @return the CIEDE2000 colour difference between two CIELAB colours */
    public static double deltaE2000(double[] lab1, double[] lab2) {
        double l1 = lab1[0];
        double a1 = lab1[1];
        double b1 = lab1[2];
        double l2 = lab2[0];
        double a2 = lab2[1];
        double b2 = lab2[2];
        double c1 = Math.hypot(a1, b1);
        double c2 = Math.hypot(a2, b2);
        double cBar = (c1 + c2) / 2;
        double c7 = Math.pow(cBar, 7);
        double g = 0.5 * (1 - Math.sqrt(c7 / (c7 + Math.pow(25, 7))));
        double a1p = (1 + g) * a1;
        double a2p = (1 + g) * a2;
        double c1p = Math.hypot(a1p, b1);
        double c2p = Math.hypot(a2p, b2);
        double h1p = hueAngle(b1, a1p);
        double h2p = hueAngle(b2, a2p);
        double dLp = l2 - l1;
        double dCp = c2p - c1p;
        double dhp;
        if (c1p * c2p == 0) {
            dhp = 0;
        } else if (Math.abs(h2p - h1p) <= 180) {
            dhp = h2p - h1p;
        } else if (h2p - h1p > 180) {
            dhp = h2p - h1p - 360;
        } else {
            dhp = h2p - h1p + 360;
        }
        double dHp = 2 * Math.sqrt(c1p * c2p) * Math.sin(Math.toRadians(dhp / 2));
        double lBarP = (l1 + l2) / 2;
        double cBarP = (c1p + c2p) / 2;
        double hBarP;
        if (c1p * c2p == 0) {
            hBarP = h1p + h2p;
        } else if (Math.abs(h1p - h2p) <= 180) {
            hBarP = (h1p + h2p) / 2;
        } else if (h1p + h2p < 360) {
            hBarP = (h1p + h2p + 360) / 2;
        } else {
            hBarP = (h1p + h2p - 360) / 2;
        }
        double t = 1 - 0.17 * Math.cos(Math.toRadians(hBarP - 30)) + 0.24 * Math.cos(Math.toRadians(2 * hBarP))
                + 0.32 * Math.cos(Math.toRadians(3 * hBarP + 6)) - 0.20 * Math.cos(Math.toRadians(4 * hBarP - 63));
        double dTheta = 30 * Math.exp(-Math.pow((hBarP - 275) / 25, 2));
        double cBarP7 = Math.pow(cBarP, 7);
        double rc = 2 * Math.sqrt(cBarP7 / (cBarP7 + Math.pow(25, 7)));
        double lm = (lBarP - 50) * (lBarP - 50);
        double sl = 1 + 0.015 * lm / Math.sqrt(20 + lm);
        double sc = 1 + 0.045 * cBarP;
        double sh = 1 + 0.015 * cBarP * t;
        double rt = -Math.sin(Math.toRadians(2 * dTheta)) * rc;
        double tl = dLp / sl;
        double tc = dCp / sc;
        double th = dHp / sh;
        return Math.sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
    }

    private static double hueAngle(double b, double a) {
        if (a == 0 && b == 0) {
            return 0;
        }
        double h = Math.toDegrees(Math.atan2(b, a));
        return h < 0 ? h + 360 : h;
    }
}
