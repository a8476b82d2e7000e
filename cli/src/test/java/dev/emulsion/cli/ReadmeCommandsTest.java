package dev.emulsion.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the README true: every {@code ./emulsion ...} command in its shell examples runs and succeeds.
 * Commands run in-process; their relative file arguments are mapped into a scratch folder prepared with the
 * inputs the examples name (a folder of shots, a JPEG, a portrait with its depth map), and a {@code > FILE}
 * redirect writes standard output to that file.
 */
class ReadmeCommandsTest {
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PATHLIKE = Pattern.compile("[\\w./-]+(\\.(jpe?g|png|tiff?|toml|cube)|/)");

    @TempDir
    Path dir;

    static List<String> readmeCommands() throws IOException {
        String text = Files.readString(DocImagesTest.repoRoot().resolve("README.md"), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(text);
        while (m.find()) {
            for (String line : m.group(1).split("\n")) {
                String cmd = line.replaceFirst("\\s+#.*$", "").trim();
                if (cmd.startsWith("./emulsion ")) {
                    out.add(cmd);
                }
            }
        }
        return out;
    }

    private void prepareInputs() throws IOException {
        BufferedImage coffee = ImageIO.read(DocImagesTest.repoRoot().resolve("samples/coffee.png").toFile());
        BufferedImage astronaut = ImageIO.read(DocImagesTest.repoRoot().resolve("samples/astronaut.png").toFile());
        Files.createDirectories(dir.resolve("shots/sub"));
        Files.createDirectories(dir.resolve("samples"));
        for (String sample : new String[] {"astronaut.png", "coffee.png"}) {
            Files.copy(DocImagesTest.repoRoot().resolve("samples").resolve(sample), dir.resolve("samples").resolve(sample));
        }
        ImageIO.write(coffee, "png", dir.resolve("shots/coffee.png").toFile());
        ImageIO.write(astronaut, "png", dir.resolve("shots/sub/astronaut.png").toFile());
        BufferedImage rgb = new BufferedImage(coffee.getWidth(), coffee.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        rgb.createGraphics().drawImage(coffee, 0, 0, null);
        ImageIO.write(rgb, "jpeg", dir.resolve("photo.jpg").toFile());
        ImageIO.write(coffee, "png", dir.resolve("photo.png").toFile());
        ImageIO.write(astronaut, "png", dir.resolve("portrait.png").toFile());
        // inverse depth: the face (centre-top) near and bright, the background far and dark
        BufferedImage depth = new BufferedImage(astronaut.getWidth(), astronaut.getHeight(), BufferedImage.TYPE_USHORT_GRAY);
        short[] d = ((java.awt.image.DataBufferUShort) depth.getRaster().getDataBuffer()).getData();
        int w = depth.getWidth();
        for (int i = 0; i < d.length; i++) {
            double dx = (i % w - w * 0.5) / w;
            double dy = (i / w - w * 0.4) / w;
            d[i] = (short) (Math.hypot(dx, dy) < 0.3 ? 60000 : 8000);
        }
        ImageIO.write(depth, "png", dir.resolve("portrait.depth.png").toFile());
        Files.writeString(dir.resolve("my-look.toml"),
                "schema = 2\ntitle = \"My look\"\nextends = \"portra-400\"\n[stages.exposure]\nev = 0.2\n");
    }

    @Test
    void everyCommandInTheReadmeSucceeds() throws IOException {
        prepareInputs();
        List<String> commands = readmeCommands();
        assertTrue(commands.size() >= 5, "the README shows its commands: " + commands);
        Path userPresets = dir.resolve("user-presets");
        for (String cmd : commands) {
            List<String> args = new ArrayList<>();
            Path redirect = null;
            String[] tokens = cmd.substring("./emulsion ".length()).trim().split("\\s+");
            for (int i = 0; i < tokens.length; i++) {
                String t = tokens[i];
                if (t.equals(">")) {
                    redirect = dir.resolve(tokens[++i]);
                } else if (PATHLIKE.matcher(t).matches() && !t.contains("=")) {
                    args.add(dir.resolve(t).toString());
                } else {
                    args.add(t);
                }
            }
            CliHarness.Result r = CliHarness.run(userPresets, args.toArray(new String[0]));
            assertEquals(0, r.code, "README command failed: " + cmd + "\n" + r);
            if (redirect != null) {
                Files.writeString(redirect, r.out, StandardCharsets.UTF_8);
                assertFalse(r.out.isBlank(), cmd + " printed something");
            }
        }
        assertTrue(Files.exists(dir.resolve("out/coffee.png")), "the folder example wrote out/coffee.png");
        assertTrue(Files.exists(dir.resolve("out/sub/astronaut.png")), "sub-folders are kept");
        assertTrue(Files.exists(dir.resolve("print.tif")), "the TIFF example wrote print.tif");
    }
}
