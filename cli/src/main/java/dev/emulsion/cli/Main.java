package dev.emulsion.cli;

/** Entry point of the {@code emulsion} command (placeholder until the CLI lands). */
public final class Main {
    private Main() {
    }

    /** Runs the command line. */
    public static void main(String[] args) {
        System.err.println("emulsion: the CLI is not built yet");
        System.exit(1);
    }
}
