package dev.emulsion.lut;

/**
 * A LUT file that cannot be read: the message is one line naming the file, the line (when there is one) and
 * the reason, e.g. {@code look.cube:12: expected 3 numbers, found "0.5 abc 1"}.
 */
public final class LutFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the one-line message */
    public LutFormatException(String message) {
        super(message);
    }

    /**
     * @param message the one-line message
     * @param cause   the underlying problem
     */
    public LutFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
