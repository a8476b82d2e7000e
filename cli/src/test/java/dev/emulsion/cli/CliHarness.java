package dev.emulsion.cli;

import dev.emulsion.presets.PresetLibrary;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs the CLI in-process with captured output, and small file helpers shared by the tests. */
final class CliHarness {
    private CliHarness() {
    }

    /** What a run printed and returned. */
    static final class Result {
        final int code;
        final String out;
        final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** Runs {@code emulsion args...} with an empty user preset folder. */
    static Result run(Path userPresets, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                PresetLibrary.withUserDir(userPresets)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A preset with no stages: the identity look, to check the I/O path by itself. */
    static Path identityPreset(Path dir) throws IOException {
        Path p = dir.resolve("identity.toml");
        Files.writeString(p, "schema = 2\ntitle = \"identity\"\n");
        return p;
    }

    static BufferedImage read(Path p) throws IOException {
        BufferedImage img = ImageIO.read(p.toFile());
        if (img == null) {
            throw new IOException("no reader for " + p);
        }
        return img;
    }

    /** @return names of the files in a directory (hidden ones included), sorted */
    static String listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(","));
        }
    }
}
