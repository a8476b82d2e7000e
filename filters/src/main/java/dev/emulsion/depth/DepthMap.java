package dev.emulsion.depth;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A depth source for {@link DepthBlur}: either a plane of depth samples at any resolution (resampled to the
 * image it is applied to) or a synthetic depth defined at every resolution (a tilted ground plane, a radial
 * fall-off, a tilt-shift band). Immutable and thread-safe.
 *
 * <p>Every map is reduced to a <em>linear depth coordinate</em> per image pixel, in which the lens blur
 * radius is an affine function (the thin-lens circle of confusion is proportional to |1/z − 1/z_f|):
 * <ul>
 *   <li>{@link Kind#INVERSE} (the default, what MiDaS and Depth Anything produce): normalized inverse depth
 *       in [0, 1], near = bright = 1, far = 0. Without known distances it is relative: the blur radius is
 *       {@code maxBlur · |d − d_focus|}.</li>
 *   <li>{@link Kind#METRIC}: distance {@code z = code × unit}; the coordinate is {@code 1/z} in 1/m. A code
 *       of 0 means "unknown" and is taken as infinitely far.</li>
 * </ul>
 */
public final class DepthMap {
    /** How the samples of a depth map are to be read. */
    public enum Kind {
        /** Normalized inverse depth in [0, 1]: 1 = nearest, 0 = farthest. */
        INVERSE,
        /** Metric distance: sample code × unit = distance. */
        METRIC
    }

    /** What the synthetic generators compute; {@code null} for sampled maps. */
    private interface Generator {
        float at(double u, double v, double aspect);
    }

    private final int width;
    private final int height;
    private final float[] values;      // sampled maps: linear depth coordinate (see class doc), row-major
    private final Generator generator; // synthetic maps
    private final Kind kind;
    private final String origin;

    private DepthMap(int width, int height, float[] values, Generator generator, Kind kind, String origin) {
        this.width = width;
        this.height = height;
        this.values = values;
        this.generator = generator;
        this.kind = kind;
        this.origin = origin;
    }

    // ------------------------------------------------------------------------------------------ factories

    /**
     * Wraps normalized inverse depth samples (near = 1, far = 0).
     *
     * @param width  map width, at least 1
     * @param height map height, at least 1
     * @param values {@code width*height} values, row-major, copied; clamped to [0, 1]
     * @return the map
     * @throws IllegalArgumentException for bad sizes or a NaN value
     */
    public static DepthMap ofInverse(int width, int height, float[] values) {
        float[] v = checkPlane(width, height, values).clone();
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw new IllegalArgumentException("depth map value " + i + " is NaN");
            }
            v[i] = Math.max(0f, Math.min(1f, v[i]));
        }
        return new DepthMap(width, height, v, null, Kind.INVERSE, "inverse depth map " + width + "x" + height);
    }

    /**
     * Wraps metric distances in metres.
     *
     * @param width  map width, at least 1
     * @param height map height, at least 1
     * @param metres {@code width*height} distances; 0 or less (and +∞) mean infinitely far; copied
     * @return the map
     * @throws IllegalArgumentException for bad sizes or a NaN value
     */
    public static DepthMap ofMetres(int width, int height, float[] metres) {
        float[] v = checkPlane(width, height, metres);
        float[] q = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw new IllegalArgumentException("depth map value " + i + " is NaN");
            }
            q[i] = v[i] > 0f ? 1f / v[i] : 0f;
        }
        return new DepthMap(width, height, q, null, Kind.METRIC, "metric depth map " + width + "x" + height);
    }

    private static float[] checkPlane(int width, int height, float[] values) {
        Objects.requireNonNull(values, "values");
        if (width < 1 || height < 1 || (long) width * height != values.length) {
            throw new IllegalArgumentException("depth map of " + width + "x" + height + " cannot hold "
                    + values.length + " values");
        }
        return values;
    }

    /**
     * Reads a gray depth image (8 or 16 bits; for colour images the mean of the first three bands). Codes
     * are data, not light: no transfer curve is applied.
     *
     * @param image         the depth image
     * @param kind          how to read the codes
     * @param metresPerCode for {@link Kind#METRIC}: distance of one code step in metres (0.001 for mm)
     * @return the map
     */
    public static DepthMap fromImage(BufferedImage image, Kind kind, double metresPerCode) {
        return fromImage(image, kind, metresPerCode, "depth image " + image.getWidth() + "x" + image.getHeight());
    }

    private static DepthMap fromImage(BufferedImage image, Kind kind, double metresPerCode, String origin) {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.METRIC && !(metresPerCode > 0)) {
            throw new IllegalArgumentException("metres per code = " + metresPerCode + " must be positive");
        }
        Raster r = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        int bands = Math.min(3, r.getNumBands());
        if (image.getColorModel().hasAlpha() && r.getNumBands() == 2) {
            bands = 1; // gray + alpha
        }
        int bits = r.getSampleModel().getSampleSize(0);
        double maxCode = bits >= 31 ? Integer.MAX_VALUE : (double) ((1L << bits) - 1);
        float[] out = new float[w * h];
        int[] row = new int[w];
        double[] acc = new double[w];
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(acc, 0);
            for (int b = 0; b < bands; b++) {
                r.getSamples(r.getMinX(), r.getMinY() + y, w, 1, b, row);
                for (int x = 0; x < w; x++) {
                    acc[x] += row[x];
                }
            }
            for (int x = 0; x < w; x++) {
                double code = acc[x] / bands;
                if (kind == Kind.INVERSE) {
                    out[y * w + x] = (float) (code / maxCode);
                } else {
                    double z = code * metresPerCode;
                    out[y * w + x] = z > 0 ? (float) (1.0 / z) : 0f;
                }
            }
        }
        return new DepthMap(w, h, out, null, kind, origin);
    }

    /**
     * Reads a depth image file with {@code javax.imageio}.
     *
     * @param file          the file (PNG 8/16-bit gray recommended)
     * @param kind          how to read the codes
     * @param metresPerCode for {@link Kind#METRIC}: metres per code step
     * @return the map
     * @throws IllegalArgumentException naming the file if it is missing or cannot be decoded
     */
    public static DepthMap read(Path file, Kind kind, double metresPerCode) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("depth map '" + file + "' does not exist or is not a file");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("depth map '" + file + "' cannot be read: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IllegalArgumentException("depth map '" + file
                    + "' cannot be read: not an image format javax.imageio knows (use PNG)");
        }
        return fromImage(img, kind, metresPerCode, "depth map '" + file + "'");
    }

    /**
     * A tilted ground plane seen by a level camera: above the horizon is infinitely far (0); below it
     * inverse depth grows linearly with the row, reaching 1 at the bottom edge (for a flat ground, 1/z is
     * proportional to the angle below the horizon).
     *
     * @param horizon the horizon's height as a fraction of the image height from the top, in [0, 1)
     * @return a relative inverse depth map
     */
    public static DepthMap groundPlane(double horizon) {
        if (!(horizon >= 0 && horizon < 1)) {
            throw new IllegalArgumentException("horizon = " + horizon + " is out of range: allowed is 0 to below 1");
        }
        final double h = horizon;
        return new DepthMap(0, 0, null, (u, v, a) -> (float) Math.max(0, (v - h) / (1 - h)),
                Kind.INVERSE, "ground plane (horizon " + horizon + ")");
    }

    /**
     * A radial fall-off: nearest (1) at the centre, falling linearly to 0 at the farthest corner (distances
     * measured in image-height units, so it is round on any aspect).
     *
     * @param cx centre x as a fraction of the width
     * @param cy centre y as a fraction of the height
     * @return a relative inverse depth map
     */
    public static DepthMap radial(double cx, double cy) {
        checkUnit("centre x", cx);
        checkUnit("centre y", cy);
        return new DepthMap(0, 0, null, (u, v, a) -> {
            double dx = Math.max(cx, 1 - cx) * a;
            double dy = Math.max(cy, 1 - cy);
            double far = Math.sqrt(dx * dx + dy * dy);
            double d = Math.hypot((u - cx) * a, v - cy);
            return (float) (1 - d / far);
        }, Kind.INVERSE, "radial fall-off");
    }

    /**
     * A tilt-shift band: a sharp band through {@code (cx, cy)} at {@code angleDeg} (0 = horizontal) of total
     * width {@code bandWidth} (fraction of the image height); beyond it inverse depth changes linearly with
     * the distance from the band, nearer below it and farther above it, like a tilted focal plane over a
     * table-top scene. The band's centre has the value 0.5, so focusing on a point of the band keeps the
     * whole band sharp.
     *
     * @return a relative inverse depth map
     */
    public static DepthMap tiltShift(double cx, double cy, double angleDeg, double bandWidth) {
        checkUnit("centre x", cx);
        checkUnit("centre y", cy);
        checkUnit("band width", bandWidth);
        double t = Math.toRadians(angleDeg);
        double sn = Math.sin(t);
        double cs = Math.cos(t);
        double half = bandWidth / 2;
        return new DepthMap(0, 0, null, (u, v, a) -> {
            double sd = -(u - cx) * a * sn + (v - cy) * cs;
            double m = Math.max(0, Math.abs(sd) - half);
            return (float) (0.5 + Math.copySign(m, sd) * 0.5);
        }, Kind.INVERSE, "tilt-shift band");
    }

    private static void checkUnit(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " = " + v + " is out of range: allowed is 0 to 1");
        }
    }

    // ------------------------------------------------------------------------------------------ accessors

    /** @return how the map's values are to be read */
    public Kind kind() {
        return kind;
    }

    /** @return whether this map is synthetic (defined at any size) */
    public boolean isSynthetic() {
        return generator != null;
    }

    /** @return the sampled map's width, or 0 for a synthetic map */
    public int width() {
        return width;
    }

    /** @return the sampled map's height, or 0 for a synthetic map */
    public int height() {
        return height;
    }

    /** @return where the map came from (the file name for read maps), for messages */
    public String origin() {
        return origin;
    }

    /**
     * Resamples the map to an image's size (bilinear, pixel centres aligned), giving the linear depth
     * coordinate of the class description: normalized inverse depth for {@link Kind#INVERSE}, 1/z in 1/m
     * for {@link Kind#METRIC}.
     *
     * <p>A 1×1 map is a constant and fits any image. Otherwise the map's aspect ratio must match the
     * image's within 1 % (plus one pixel of rounding).
     *
     * @return a new plane of {@code width*height} values
     * @throws IllegalArgumentException naming the map when the aspect ratios differ
     */
    public float[] resample(int imageWidth, int imageHeight) {
        int n = Math.multiplyExact(imageWidth, imageHeight);
        float[] out = new float[n];
        if (generator != null) {
            double aspect = (double) imageWidth / imageHeight;
            for (int y = 0; y < imageHeight; y++) {
                double v = (y + 0.5) / imageHeight;
                for (int x = 0; x < imageWidth; x++) {
                    out[y * imageWidth + x] = generator.at((x + 0.5) / imageWidth, v, aspect);
                }
            }
            return out;
        }
        if (width == 1 && height == 1) {
            java.util.Arrays.fill(out, values[0]);
            return out;
        }
        checkAspect(imageWidth, imageHeight);
        if (width == imageWidth && height == imageHeight) {
            System.arraycopy(values, 0, out, 0, n);
            return out;
        }
        double sx = (double) width / imageWidth;
        double sy = (double) height / imageHeight;
        int[] x0 = new int[imageWidth];
        int[] x1 = new int[imageWidth];
        float[] fx = new float[imageWidth];
        for (int x = 0; x < imageWidth; x++) {
            double mx = Math.max(0, Math.min(width - 1, (x + 0.5) * sx - 0.5));
            x0[x] = (int) mx;
            x1[x] = Math.min(width - 1, x0[x] + 1);
            fx[x] = (float) (mx - x0[x]);
        }
        for (int y = 0; y < imageHeight; y++) {
            double my = Math.max(0, Math.min(height - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) my;
            int y1 = Math.min(height - 1, y0 + 1);
            float fy = (float) (my - y0);
            int r0 = y0 * width;
            int r1 = y1 * width;
            int o = y * imageWidth;
            for (int x = 0; x < imageWidth; x++) {
                float a = values[r0 + x0[x]] + fx[x] * (values[r0 + x1[x]] - values[r0 + x0[x]]);
                float b = values[r1 + x0[x]] + fx[x] * (values[r1 + x1[x]] - values[r1 + x0[x]]);
                out[o + x] = a + fy * (b - a);
            }
        }
        return out;
    }

    /**
     * @throws IllegalArgumentException when this sampled map's aspect ratio differs from the image's
     */
    void checkAspect(int imageWidth, int imageHeight) {
        if (generator != null || (width == 1 && height == 1)) {
            return;
        }
        // Scaling the map to the image width must give the image height within 1 % or one pixel.
        double expectH = (double) height * imageWidth / width;
        if (Math.abs(expectH - imageHeight) > Math.max(1.0, 0.01 * imageHeight)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s has size %dx%d (aspect %.3f) but the image is %dx%d (aspect %.3f): the aspect ratios"
                            + " must match (the map is resampled to the image size)",
                    origin, width, height, (double) width / height, imageWidth, imageHeight,
                    (double) imageWidth / imageHeight));
        }
    }

    @Override
    public String toString() {
        return "DepthMap[" + origin + ", " + kind + "]";
    }
}
