package dev.emulsion.param;

/**
 * The physical order of the pipeline as ranks: a chain built from a preset runs its stages in ascending
 * rank. Light passes the lens, exposes the film, is developed, then printed or scanned and encoded; grain
 * always follows any blur, chromatic aberration precedes grain and halation precedes the tone curve.
 * A stage's rank is one of these constants plus a small offset within its phase.
 */
public final class PipelineOrder {
    /** Scene and camera settings on the incoming light: exposure, white balance. */
    public static final int SCENE = 100;
    /** The lens: distortion, lateral chromatic aberration, softness, depth of field, vignetting. */
    public static final int LENS = 200;
    /** Light inside the film: halation, bloom / diffusion. */
    public static final int LIGHT = 300;
    /** Development: characteristic curve, colour coupling, monochrome, grain. */
    public static final int DEVELOPMENT = 400;
    /** Print / scan: fade, split toning, LUTs, basic tone. */
    public static final int PRINT = 500;

    private PipelineOrder() {
    }
}
