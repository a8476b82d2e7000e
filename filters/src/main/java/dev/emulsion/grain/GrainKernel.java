package dev.emulsion.grain;

/**
 * The spatial shape of grain at one pixel pitch: a symmetric 1-D tap set {@code h} whose outer product
 * {@code h ⊗ h} filters white noise into grain.
 *
 * <p>The continuous model is a dye cloud / silver clump with a Gaussian profile of standard deviation
 * {@code clump / 4} (95 % of it within the clump diameter), minus {@code ε} times a cloud twice as wide.
 * Each tap is the profile integrated over one pixel, so a coarse pitch tends to white noise and a fine pitch
 * to the sampled profile. {@code ε} is solved so that the first absolute moment of the autocorrelation,
 * {@code Σ|τ|·C(τ)}, is zero: then the variance of a k-pixel box mean is exactly {@code S0 / k} for every k
 * beyond the kernel's support (Selwyn's law holds from small apertures on, instead of approaching it as
 * {@code 1 − O(ℓ/k)} as a purely positive blur does). The negative lobe this needs is shallow (a few % of
 * the peak) and lifts the grain's Wiener spectrum by about 10 % at mid frequencies.
 */
final class GrainKernel {
    /** Taps of the 1-D kernel, index {@code radius} is the centre; not normalised. */
    final double[] taps;
    /** Kernel radius in pixels. */
    final int radius;
    /** {@code Σh}: the kernel's DC gain. */
    final double sum;
    /** {@code Σh²}: the kernel's energy. */
    final double energy;
    /** The weight of the wide negative lobe. */
    final double epsilon;

    private GrainKernel(double[] taps, double epsilon) {
        this.taps = taps;
        this.radius = taps.length / 2;
        double s = 0;
        double e = 0;
        for (double t : taps) {
            s += t;
            e += t * t;
        }
        this.sum = s;
        this.energy = e;
        this.epsilon = epsilon;
    }

    /**
     * Designs the kernel for a clump of {@code clumpPx} pixels (clump size in µm over pixel pitch in µm).
     *
     * @param clumpPx clump diameter in pixels, positive
     * @return the kernel
     */
    static GrainKernel design(double clumpPx) {
        double s1 = clumpPx / 4.0;
        double s2 = 2.0 * s1;
        // Support: 2.5 σ of the wide lobe after pixel integration (the lobes' truncation is part of the
        // design: ε is solved on the truncated taps); at least one tap either side.
        double wide = Math.sqrt(s2 * s2 + 1.0 / 12.0);
        int r = Math.max(1, Math.min(64, (int) Math.ceil(2.5 * wide)));
        double[] h1 = integratedGaussian(s1, r);
        double[] h2 = integratedGaussian(s2, r);
        // S1(ε) = a − 2εb + ε²d, quadratic in ε.
        double a = firstMoment(h1, h1);
        double b = firstMoment(h1, h2);
        double d = firstMoment(h2, h2);
        double eps;
        double disc = b * b - a * d;
        if (d <= 0) {
            eps = 0;
        } else if (disc >= 0) {
            eps = (b - Math.sqrt(disc)) / d;
        } else {
            eps = b / d;
        }
        eps = Math.max(0, Math.min(0.9, eps));
        double[] h = new double[2 * r + 1];
        for (int i = 0; i < h.length; i++) {
            h[i] = h1[i] - eps * h2[i];
        }
        return new GrainKernel(h, eps);
    }

    /** Σ_τ |τ| · Σ_i f[i]·g[i+τ] for two kernels of equal length. */
    static double firstMoment(double[] f, double[] g) {
        int n = f.length;
        double m = 0;
        for (int tau = -(n - 1); tau <= n - 1; tau++) {
            double c = 0;
            for (int i = 0; i < n; i++) {
                int j = i + tau;
                if (j >= 0 && j < n) {
                    c += f[i] * g[j];
                }
            }
            m += Math.abs(tau) * c;
        }
        return m;
    }

    /** A Gaussian of standard deviation {@code s} pixels integrated over each pixel, taps −r..r. */
    private static double[] integratedGaussian(double s, int r) {
        double[] h = new double[2 * r + 1];
        double k = 1.0 / (s * Math.sqrt(2.0));
        for (int i = -r; i <= r; i++) {
            h[i + r] = 0.5 * (erf((i + 0.5) * k) - erf((i - 0.5) * k));
        }
        return h;
    }

    /** Error function, Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7). */
    static double erf(double x) {
        double t = 1.0 / (1.0 + 0.3275911 * Math.abs(x));
        double y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                + 0.254829592) * t * Math.exp(-x * x);
        return x >= 0 ? y : -y;
    }
}
