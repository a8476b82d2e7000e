package dev.emulsion.optics;

/**
 * Sub-pixel sampling for the geometric optics stages: Catmull-Rom bicubic interpolation whose result is
 * clamped to the range of the four nearest pixels. The clamp removes the overshoot ("ringing") a cubic kernel
 * puts beside hard edges while keeping its sharpness on smooth detail. Coordinates outside the image read the
 * nearest edge pixel.
 */
final class Resample {
    private Resample() {
    }

    /** Catmull-Rom weights for fractional offset {@code t} into {@code w[0..3]} (taps at −1, 0, 1, 2). */
    static void weights(float t, float[] w) {
        float t2 = t * t;
        float t3 = t2 * t;
        w[0] = 0.5f * (-t3 + 2f * t2 - t);
        w[1] = 0.5f * (3f * t3 - 5f * t2 + 2f);
        w[2] = 0.5f * (-3f * t3 + 4f * t2 + t);
        w[3] = 0.5f * (t3 - t2);
    }

    /**
     * Samples {@code plane} at ({@code sx}, {@code sy}) in pixel coordinates (pixel centres at integers).
     *
     * @param wx scratch of 4
     * @param wy scratch of 4
     */
    static float sample(float[] plane, int w, int h, float sx, float sy, boolean clampOvershoot, float[] wx, float[] wy) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        weights(sx - x0, wx);
        weights(sy - y0, wy);
        return sampleWith(plane, w, h, x0, y0, clampOvershoot, wx, wy);
    }

    /**
     * Samples with weights already computed for the cell whose top-left pixel is ({@code x0}, {@code y0}),
     * so several planes read at one position share them.
     */
    static float sampleWith(float[] plane, int w, int h, int x0, int y0, boolean clampOvershoot, float[] wx, float[] wy) {
        float acc = 0f;
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (int j = 0; j < 4; j++) {
            int yy = y0 - 1 + j;
            yy = yy < 0 ? 0 : (yy >= h ? h - 1 : yy);
            int row = yy * w;
            float line = 0f;
            for (int i = 0; i < 4; i++) {
                int xx = x0 - 1 + i;
                xx = xx < 0 ? 0 : (xx >= w ? w - 1 : xx);
                float v = plane[row + xx];
                line += wx[i] * v;
                if ((i == 1 || i == 2) && (j == 1 || j == 2)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            acc += wy[j] * line;
        }
        if (clampOvershoot) {
            acc = Math.max(lo, Math.min(hi, acc));
        }
        return acc;
    }
}
