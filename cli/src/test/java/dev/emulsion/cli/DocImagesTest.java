package dev.emulsion.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders the README's before/after picture through the real CLI path. Writes {@code docs/img/} only when run
 * with {@code -Demulsion.docs=true}:
 * {@code mvn -q -B -pl cli -am test -Dtest=DocImagesTest -Dsurefire.failIfNoSpecifiedTests=false -Demulsion.docs=true}.
 * Otherwise it renders into a temporary folder and only checks that the picture can be made.
 */
class DocImagesTest {
    @TempDir
    Path tmp;

    static Path repoRoot() {
        Path p = Paths.get("").toAbsolutePath();
        return Files.exists(p.resolve("samples")) ? p : p.getParent();
    }

    @Test
    void readmeBeforeAfter() throws IOException {
        Path sample = repoRoot().resolve("samples/astronaut.png");
        assertTrue(Files.exists(sample), "samples/astronaut.png is part of the repository");
        CliHarness.Result r = CliHarness.run(tmp.resolve("user"), "apply", "-p", "portra-400", sample.toString(),
                "-o", tmp.resolve("out").toString(), "--seed", "1");
        assertEquals(0, r.code, r.toString());
        BufferedImage before = ImageIO.read(sample.toFile());
        BufferedImage after = ImageIO.read(tmp.resolve("out/astronaut.png").toFile());
        // a 1:1 crop around the face: grain and tone show at their real pixel size, and the file stays small
        int side = 280;
        int gap = 8;
        int cx = 90;
        int cy = 0;
        BufferedImage pair = new BufferedImage(side * 2 + gap, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = pair.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, pair.getWidth(), side);
        g.drawImage(before.getSubimage(cx, cy, side, side), 0, 0, null);
        g.drawImage(after.getSubimage(cx, cy, side, side), side + gap, 0, null);
        g.dispose();
        boolean docs = Boolean.getBoolean("emulsion.docs");
        Path target = docs ? repoRoot().resolve("docs/img/readme-before-after.png") : tmp.resolve("pair.png");
        Files.createDirectories(target.getParent());
        ImageIO.write(pair, "png", target.toFile());
        assertTrue(Files.size(target) < 450_000, "keep the README picture small: " + Files.size(target));
    }
}
