package dev.emulsion.depth;

import dev.emulsion.image.FloatImage;

/**
 * The negative control: the naive depth blur that G'MIC-style filters and JH Labs' VariableBlurFilter
 * amount to. Every pixel is a Gaussian average of its neighbours with the pixel's own CoC (σ = |c|/2, the
 * variance of a disc of radius |c|), separable, with no notion of occlusion. It leaks sharp foreground
 * colour into the blurred background (halos) and cannot spread a blurred foreground over a sharp
 * background.
 */
final class NaiveVariableGaussian {
    private NaiveVariableGaussian() {
    }

    static FloatImage apply(FloatImage in, float[] coc) {
        int w = in.width();
        int h = in.height();
        FloatImage tmp = in.blankLike();
        FloatImage out = in.blankLike();
        for (int c = 0; c < 3; c++) {
            pass(in.plane(c), tmp.plane(c), coc, w, h, true);
            pass(tmp.plane(c), out.plane(c), coc, w, h, false);
        }
        return out;
    }

    private static void pass(float[] src, float[] dst, float[] coc, int w, int h, boolean horizontal) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sigma = Math.abs(coc[y * w + x]) / 2.0;
                if (sigma < 0.3) {
                    dst[y * w + x] = src[y * w + x];
                    continue;
                }
                int r = (int) Math.ceil(3 * sigma);
                double sum = 0;
                double wsum = 0;
                for (int d = -r; d <= r; d++) {
                    int xx = horizontal ? x + d : x;
                    int yy = horizontal ? y : y + d;
                    if (xx < 0 || yy < 0 || xx >= w || yy >= h) {
                        continue;
                    }
                    double g = Math.exp(-d * d / (2 * sigma * sigma));
                    sum += g * src[yy * w + xx];
                    wsum += g;
                }
                dst[y * w + x] = (float) (sum / wsum);
            }
        }
    }
}
