package dev.emulsion.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * A planar, linear-light, scene-referred float image: one {@code float[]} per channel (red, green, blue and an
 * optional alpha), each {@code width * height} long, row-major, pixel {@code (x, y)} at index
 * {@code y * width + x}.
 *
 * <p>Colour channels are linear light in {@link #space()}; values above 1.0 are kept. Alpha, when present, is
 * straight (not premultiplied) coverage in [0, 1].
 *
 * <p>A {@code FloatImage} is a plain container: its arrays are exposed for speed and are mutable. The library's
 * stages never write to an image they were given; they return a new one. Code that hands an image to a stage
 * must likewise not change it while the stage runs.
 */
public final class FloatImage {
    private final int width;
    private final int height;
    private final float[] red;
    private final float[] green;
    private final float[] blue;
    private final float[] alpha;
    private final WorkingSpace space;

    /**
     * Wraps existing planes without copying.
     *
     * @param width  width in pixels, at least 1
     * @param height height in pixels, at least 1
     * @param red    red plane, {@code width * height} long
     * @param green  green plane, same length
     * @param blue   blue plane, same length
     * @param alpha  alpha plane of the same length, or {@code null} for an opaque image
     * @param space  the colour space of the planes
     * @throws IllegalArgumentException if a size is not positive or a plane has the wrong length
     */
    public FloatImage(int width, int height, float[] red, float[] green, float[] blue, float[] alpha,
                      WorkingSpace space) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " must be at least 1x1");
        }
        long n = (long) width * height;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " exceeds 2^31-1 pixels");
        }
        checkPlane("red", red, n);
        checkPlane("green", green, n);
        checkPlane("blue", blue, n);
        if (alpha != null) {
            checkPlane("alpha", alpha, n);
        }
        this.width = width;
        this.height = height;
        this.red = red;
        this.green = green;
        this.blue = blue;
        this.alpha = alpha;
        this.space = Objects.requireNonNull(space, "space");
    }

    private static void checkPlane(String name, float[] plane, long n) {
        Objects.requireNonNull(plane, name);
        if (plane.length != n) {
            throw new IllegalArgumentException(name + " plane has " + plane.length + " values, expected " + n);
        }
    }

    /**
     * Creates a black image in linear sRGB.
     *
     * @param width    width in pixels
     * @param height   height in pixels
     * @param hasAlpha whether to allocate an alpha plane (initialised to 1, opaque)
     * @return a new image
     */
    public static FloatImage create(int width, int height, boolean hasAlpha) {
        int n = Math.multiplyExact(width, height);
        float[] a = null;
        if (hasAlpha) {
            a = new float[n];
            Arrays.fill(a, 1f);
        }
        return new FloatImage(width, height, new float[n], new float[n], new float[n], a, WorkingSpace.LINEAR_SRGB);
    }

    /**
     * Creates a flat image of one linear colour, for tests and synthetic scenes.
     *
     * @return a new opaque image filled with {@code (r, g, b)}
     */
    public static FloatImage filled(int width, int height, float r, float g, float b) {
        FloatImage img = create(width, height, false);
        Arrays.fill(img.red, r);
        Arrays.fill(img.green, g);
        Arrays.fill(img.blue, b);
        return img;
    }

    /** @return a new image of the same size, space and alpha-ness, with zeroed colour planes and alpha copied */
    public FloatImage blankLike() {
        int n = pixelCount();
        return new FloatImage(width, height, new float[n], new float[n], new float[n],
                alpha == null ? null : alpha.clone(), space);
    }

    /** @return a deep copy */
    public FloatImage copy() {
        return new FloatImage(width, height, red.clone(), green.clone(), blue.clone(),
                alpha == null ? null : alpha.clone(), space);
    }

    /** @return width in pixels */
    public int width() {
        return width;
    }

    /** @return height in pixels */
    public int height() {
        return height;
    }

    /** @return {@code width * height} */
    public int pixelCount() {
        return width * height;
    }

    /** @return the red plane (live, not a copy) */
    public float[] red() {
        return red;
    }

    /** @return the green plane (live, not a copy) */
    public float[] green() {
        return green;
    }

    /** @return the blue plane (live, not a copy) */
    public float[] blue() {
        return blue;
    }

    /** @return the alpha plane (live), or {@code null} if the image is opaque */
    public float[] alpha() {
        return alpha;
    }

    /** @return whether the image has an alpha plane */
    public boolean hasAlpha() {
        return alpha != null;
    }

    /**
     * @param channel 0 red, 1 green, 2 blue, 3 alpha
     * @return that plane (live)
     * @throws IllegalArgumentException for another index or alpha on an opaque image
     */
    public float[] plane(int channel) {
        switch (channel) {
            case 0: return red;
            case 1: return green;
            case 2: return blue;
            case 3:
                if (alpha != null) {
                    return alpha;
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("channel " + channel + " does not exist in this image");
    }

    /** @return the colour space of the colour planes */
    public WorkingSpace space() {
        return space;
    }

    /** @return a new image sharing these colour planes with the given alpha plane (or none) */
    public FloatImage withAlpha(float[] newAlpha) {
        return new FloatImage(width, height, red, green, blue, newAlpha, space);
    }

    @Override
    public String toString() {
        return "FloatImage[" + width + "x" + height + (alpha != null ? ", alpha" : "") + ", " + space + "]";
    }
}
