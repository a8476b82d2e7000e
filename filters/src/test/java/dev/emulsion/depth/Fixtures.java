package dev.emulsion.depth;

import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Access to ../shared/fixtures: missing files skip a test locally but fail it under CI=true. */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir() {
        // Surefire runs in the module directory (filters/); the project root's ../shared/fixtures is then
        // ../../shared/fixtures. A checkout one level deeper (a worktree) finds it one more level up;
        // -Demulsion.fixtures=DIR overrides.
        String prop = System.getProperty("emulsion.fixtures");
        if (prop != null) {
            return Path.of(prop);
        }
        for (String c : new String[] {"../../shared/fixtures", "../shared/fixtures", "../../../shared/fixtures"}) {
            Path p = Path.of(c);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return Path.of("../../shared/fixtures");
    }

    static Path file(String name) {
        Path f = dir().resolve(name);
        if (!Files.isRegularFile(f)) {
            String msg = "fixture " + f.toAbsolutePath() + " is missing";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg + " (CI=true: fixtures must be present)");
            }
            assumeTrue(false, msg);
        }
        return f;
    }

    static FloatImage image(String name) throws IOException {
        BufferedImage img = ImageIO.read(file(name).toFile());
        return ImageConversion.toFloatImage(img);
    }
}
