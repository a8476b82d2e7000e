package dev.emulsion.presets;

import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import org.junit.jupiter.api.Assumptions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shared fixture photographs: ../../shared/fixtures from the module folder (the main checkout), or
 * ../../../shared/fixtures (a worktree under /work/wt), or the folder named by -Demulsion.fixtures.
 */
final class Fixtures {
    static final Path DIR = locate();

    private Fixtures() {
    }

    private static Path locate() {
        String prop = System.getProperty("emulsion.fixtures");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        Path main = Paths.get("../../shared/fixtures");
        Path worktree = Paths.get("../../../shared/fixtures");
        return Files.isDirectory(main) || !Files.isDirectory(worktree) ? main : worktree;
    }

    /**
     * Loads a fixture. Missing: fails under CI=true (so CI can never pass by skipping), skips otherwise.
     */
    static BufferedImage image(String name) {
        Path p = DIR.resolve(name);
        if (!Files.isRegularFile(p)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("fixture " + p.toAbsolutePath() + " is missing under CI");
            }
            Assumptions.assumeTrue(false, "fixture " + p + " missing");
        }
        try {
            return ImageIO.read(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FloatImage floatImage(String name) {
        return ImageConversion.toFloatImage(image(name));
    }
}
