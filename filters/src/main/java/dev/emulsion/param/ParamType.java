package dev.emulsion.param;

/** The value type of a declared {@link Param}. */
public enum ParamType {
    /** A real number ({@code double}) within [min, max]. */
    REAL,
    /** An integer ({@code int}) within [min, max]. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** One of a fixed list of lower-case words. */
    CHOICE,
    /** A fixed-length list of reals, each within [min, max] (per-channel triples, matrices). */
    REALS,
    /** Free text such as a file path; never empty when given. */
    TEXT
}
