package dev.emulsion.presets;

/**
 * A preset that cannot be loaded: the message names the file, the key, the value and what is allowed, in
 * one line (for example {@code my.toml: stages.grain.strength = 3 is out of range: allowed is a number from
 * 0 to 2}).
 */
public final class PresetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the one-line explanation */
    public PresetException(String message) {
        super(message);
    }

    /** @param message the one-line explanation; @param cause the underlying error */
    public PresetException(String message, Throwable cause) {
        super(message, cause);
    }
}
