package dev.emulsion.chain;

import dev.emulsion.image.FloatImage;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What stages need to know beyond their parameters: the random seed, the film format (to turn µm on film
 * into pixels) and the scheduler that runs row strips in parallel. Immutable; the {@code with} methods
 * return modified copies.
 *
 * <p>Seed: an explicit seed reproduces a render bit for bit. Without one, {@link #seedFor(FloatImage)}
 * derives a seed from the image content, so every image of a batch gets its own grain pattern while the
 * same image still renders the same way every time.
 */
public final class RenderContext {
    private static final RenderContext DEFAULT =
            new RenderContext(null, FilmFormat.FULL_FRAME_35MM, null);

    private final Long seed;
    private final FilmFormat format;
    private final StripScheduler scheduler;

    private RenderContext(Long seed, FilmFormat format, StripScheduler scheduler) {
        this.seed = seed;
        this.format = format;
        this.scheduler = scheduler;
    }

    /** @return a context with no explicit seed, 35 mm film and all cores */
    public static RenderContext defaults() {
        return DEFAULT;
    }

    /** @return a copy with an explicit seed */
    public RenderContext withSeed(long newSeed) {
        return new RenderContext(newSeed, format, scheduler);
    }

    /** @return a copy whose seed will be derived from each image */
    public RenderContext withDerivedSeed() {
        return new RenderContext(null, format, scheduler);
    }

    /** @return a copy with another film format */
    public RenderContext withFormat(FilmFormat newFormat) {
        return new RenderContext(seed, Objects.requireNonNull(newFormat, "format"), scheduler);
    }

    /** @return a copy with another scheduler */
    public RenderContext withScheduler(StripScheduler newScheduler) {
        return new RenderContext(seed, format, Objects.requireNonNull(newScheduler, "scheduler"));
    }

    /** @return the explicit seed, if one was set */
    public OptionalLong explicitSeed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /**
     * @param image the image being rendered
     * @return the explicit seed, or one derived from the image's size and content
     */
    public long seedFor(FloatImage image) {
        return seed != null ? seed : contentHash(image);
    }

    /**
     * The seed of a resolved context. A {@link FilterChain} resolves the seed from its input before any
     * stage runs, so stages may call this.
     *
     * @throws IllegalStateException if no seed was set or resolved
     */
    public long seed() {
        if (seed == null) {
            throw new IllegalStateException("the render context's seed is not resolved; use seedFor(image)");
        }
        return seed;
    }

    /** @return the film format */
    public FilmFormat format() {
        return format;
    }

    /** @return the scheduler for parallel work (all cores unless set) */
    public StripScheduler scheduler() {
        return scheduler != null ? scheduler : StripScheduler.allCores();
    }

    /** @return pixel pitch on film in µm for an image of this size */
    public double pixelPitchMicrons(int width, int height) {
        return format.pixelPitchMicrons(width, height);
    }

    /**
     * A 64-bit hash of the image's size and about 65 000 evenly spaced samples of its planes: cheap at any
     * size, and different for different images.
     */
    public static long contentHash(FloatImage image) {
        long h = mix(0x9E3779B97F4A7C15L ^ image.width() * 0x100000001B3L ^ ((long) image.height() << 32));
        int n = image.pixelCount();
        int step = Math.max(1, n / 65536);
        float[][] planes = {image.red(), image.green(), image.blue()};
        for (float[] p : planes) {
            for (int i = 0; i < n; i += step) {
                h = mix(h ^ Float.floatToIntBits(p[i]));
            }
        }
        return h;
    }

    /** SplitMix64 finaliser: a strong 64-bit mixing function, useful for counter-based random numbers. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "RenderContext[seed=" + (seed == null ? "derived" : seed) + ", format=" + format.id()
                + ", threads=" + scheduler().threads() + "]";
    }
}
