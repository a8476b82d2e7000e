package dev.emulsion.chain;

/**
 * A band of whole rows, {@code [y0, y1)}, of an image that a {@link PointKernel} transforms in place. The
 * planes are those of the whole image; the kernel touches indices {@link #start()} to {@link #end()}
 * (exclusive) only. Not thread-safe: each worker gets its own strips.
 */
public final class Strip {
    private final float[] red;
    private final float[] green;
    private final float[] blue;
    private final float[] alpha;
    private final int width;
    private final int height;
    private final int y0;
    private final int y1;

    /**
     * @param red    whole red plane
     * @param green  whole green plane
     * @param blue   whole blue plane
     * @param alpha  whole alpha plane or {@code null}
     * @param width  image width
     * @param height image height
     * @param y0     first row, inclusive
     * @param y1     last row, exclusive
     */
    public Strip(float[] red, float[] green, float[] blue, float[] alpha, int width, int height, int y0, int y1) {
        this.red = red;
        this.green = green;
        this.blue = blue;
        this.alpha = alpha;
        this.width = width;
        this.height = height;
        this.y0 = y0;
        this.y1 = y1;
    }

    /** @return the red plane of the whole image */
    public float[] red() {
        return red;
    }

    /** @return the green plane of the whole image */
    public float[] green() {
        return green;
    }

    /** @return the blue plane of the whole image */
    public float[] blue() {
        return blue;
    }

    /** @return the alpha plane of the whole image, or {@code null} */
    public float[] alpha() {
        return alpha;
    }

    /** @return image width */
    public int width() {
        return width;
    }

    /** @return image height */
    public int height() {
        return height;
    }

    /** @return first row of the strip */
    public int y0() {
        return y0;
    }

    /** @return row after the last row of the strip */
    public int y1() {
        return y1;
    }

    /** @return index of the strip's first pixel */
    public int start() {
        return y0 * width;
    }

    /** @return index after the strip's last pixel */
    public int end() {
        return y1 * width;
    }
}
