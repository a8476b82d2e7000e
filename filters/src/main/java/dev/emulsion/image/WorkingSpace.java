package dev.emulsion.image;

/**
 * The colour space a {@link FloatImage}'s channels are expressed in. Every space here is linear light and
 * scene-referred: values above 1.0 are legal and kept until a tone stage compresses them.
 */
public enum WorkingSpace {
    /** Linear light with the sRGB / Rec. 709 primaries and D65 white: the working space of every stage. */
    LINEAR_SRGB
}
