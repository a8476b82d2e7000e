package dev.emulsion.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch behaviour: bad inputs, atomic writes, no overwriting, usage errors, input expansion, subcommands. */
class BatchTest {
    @TempDir
    Path dir;
    Path in;
    Path user;

    @BeforeEach
    void setUp() throws IOException {
        in = Files.createDirectories(dir.resolve("in"));
        user = dir.resolve("user");
    }

    private CliHarness.Result run(String... args) {
        return CliHarness.run(user, args);
    }

    static byte[] png(int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb ^ (x * 7 + y * 3));
            }
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bos);
        return bos.toByteArray();
    }

    static byte[] jpeg(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", bos);
        return bos.toByteArray();
    }

    @Test
    void everyBadInputClassIsReportedAndTheRestIsWritten() throws IOException {
        Files.write(in.resolve("good1.png"), png(20, 10, 0x336699));
        Files.write(in.resolve("good2.jpg"), jpeg(64, 48));
        Files.write(in.resolve("empty.png"), new byte[0]);
        byte[] j = jpeg(256, 256);
        Files.write(in.resolve("truncated.jpg"), Arrays.copyOf(j, j.length / 2));
        byte[] p = png(64, 64, 0x123456);
        Files.write(in.resolve("truncated.png"), Arrays.copyOf(p, p.length * 2 / 3));
        Files.writeString(in.resolve("notes.jpg"), "this is not an image\n");
        byte[] gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0, ';'};
        Files.write(in.resolve("anim.png"), gif); // unsupported format behind an image extension
        Files.createSymbolicLink(in.resolve("dangling.png"), in.resolve("gone.png")); // unreadable
        Path out = dir.resolve("out");
        CliHarness.Result r = run("apply", "-p", "portra-400", in.toString(), "-o", out.toString());
        assertEquals(1, r.code, r.toString());
        for (String bad : new String[] {"empty.png", "truncated.jpg", "truncated.png", "notes.jpg", "anim.png",
            "dangling.png"}) {
            long lines = r.err.lines().filter(l -> l.startsWith("emulsion: ") && l.contains(bad)).count();
            assertEquals(1, lines, bad + " must give exactly one line:\n" + r.err);
            assertFalse(Files.exists(out.resolve(bad.replace(".jpg", ".jpg"))), bad + " left an output");
        }
        assertTrue(r.err.contains("empty.png: empty file"), r.err);
        assertTrue(r.err.contains("notes.jpg: not an image"), r.err);
        assertTrue(Files.size(out.resolve("good1.png")) > 0, "good files are still written");
        assertTrue(Files.size(out.resolve("good2.jpg")) > 0);
        assertEquals("good1.png,good2.jpg", CliHarness.listing(out), "no partial or temporary files");
        assertTrue(r.err.contains("2 written, 6 failed, 0 skipped"), r.err);
    }

    @Test
    void aNamedMissingFileFailsWithExitOneAndOthersStillRun() throws IOException {
        Files.write(in.resolve("a.png"), png(8, 8, 0xff0000));
        CliHarness.Result r = run("apply", "-p", "portra-400", in.resolve("a.png").toString(),
                in.resolve("missing.png").toString(), "-o", dir.resolve("out").toString());
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err.contains("missing.png: no such file"), r.err);
        assertTrue(Files.exists(dir.resolve("out/a.png")));
    }

    @Test
    void defaultOutputGoesBesideTheInputWithThePresetSuffix() throws IOException {
        Files.write(in.resolve("a.png"), png(8, 8, 0xff0000));
        CliHarness.Result r = run("apply", "-p", "portra-400", in.resolve("a.png").toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(Files.exists(in.resolve("a_portra-400.png")), CliHarness.listing(in));
        // a second run over the folder does not take its own outputs as inputs; the existing one is skipped
        CliHarness.Result again = run("apply", "-p", "portra-400", in.toString());
        assertEquals(0, again.code, again.toString());
        assertTrue(again.err.contains("0 written, 0 failed, 1 skipped"), again.err);
        assertEquals("a.png,a_portra-400.png", CliHarness.listing(in));
    }

    @Test
    void existingOutputIsSkippedWithoutOverwriteAndReplacedWithIt() throws IOException {
        Files.write(in.resolve("a.png"), png(8, 8, 0xff0000));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("a.png"), "keep me");
        CliHarness.Result r = run("apply", "-p", "portra-400", in.resolve("a.png").toString(), "-o", out.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.err.contains("skipped") && r.err.contains("--overwrite"), r.err);
        assertEquals("keep me", Files.readString(out.resolve("a.png")));
        CliHarness.Result r2 = run("apply", "-p", "portra-400", in.resolve("a.png").toString(), "-o", out.toString(),
                "--overwrite");
        assertEquals(0, r2.code, r2.toString());
        assertEquals(8, CliHarness.read(out.resolve("a.png")).getWidth(), "replaced by the image");
        assertEquals("a.png", CliHarness.listing(out));
    }

    @Test
    void anInputIsNeverOverwrittenEvenWithOverwrite() throws IOException {
        byte[] original = png(8, 8, 0x00ff00);
        Path a = in.resolve("a.png");
        Files.write(a, original);
        CliHarness.Result r = run("apply", "-p", "portra-400", a.toString(), "-o", a.toString(), "--overwrite");
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err.contains("a.png: refusing"), r.err);
        // the same file reached through the directory form and through a symbolic link
        CliHarness.Result r2 = run("apply", "-p", "portra-400", in.toString(), "-o", in.toString(), "--overwrite");
        assertEquals(1, r2.code, r2.toString());
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), a);
        CliHarness.Result r3 = run("apply", "-p", "portra-400", a.toString(), "-o", link.toString(), "--overwrite");
        assertEquals(1, r3.code, r3.toString());
        assertArrayEquals(original, Files.readAllBytes(a), "the input is untouched");
        assertEquals("a.png", CliHarness.listing(in));
    }

    @Test
    void aFailedWriteLeavesNoPartialOrTemporaryFile() throws IOException {
        Files.write(in.resolve("a.png"), png(8, 8, 0xff0000));
        Files.write(in.resolve("b.png"), png(8, 8, 0x0000ff));
        Path out = Files.createDirectories(dir.resolve("out"));
        // the target name is taken by a non-empty directory: the final rename must fail
        Files.createDirectories(out.resolve("a.png")).resolve("x").toFile().createNewFile();
        CliHarness.Result r = run("apply", "-p", "portra-400", in.toString(), "-o", out.toString(), "--overwrite");
        assertEquals(1, r.code, r.toString());
        assertTrue(r.err.contains("a.png: cannot write"), r.err);
        assertEquals("a.png,b.png", CliHarness.listing(out), "only the directory and the good output; no temp files");
        assertTrue(Files.isDirectory(out.resolve("a.png")));
    }

    @Test
    void usageErrorsExitTwoAndSayWhatIsAllowed() throws IOException {
        Files.write(in.resolve("a.png"), png(8, 8, 0xff0000));
        String a = in.resolve("a.png").toString();
        CliHarness.Result r = run("apply", "-p", "no-such-preset", a);
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("allowed is") && r.err.contains("portra-400"), r.err);
        r = run("apply", "-p", "portra-400", "--set", "tone.black-lift=5", a);
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("tone.black-lift") && r.err.contains("allowed is"), r.err);
        r = run("apply", "-p", "portra-400", "--set", "nostage.x=1", a);
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("known stages"), r.err);
        r = run("apply", "-p", "portra-400", "--frobnicate", a);
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("--frobnicate"), r.err);
        r = run("apply", "-p", "portra-400", "--quality", "0", a);
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("1 to 100"), r.err);
        r = run("apply", "-p", "portra-400", "--format", "gif", a);
        assertEquals(2, r.code, r.toString());
        r = run("apply", "-p", "portra-400", "--film-format", "110", a);
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("6x7"), r.err);
        r = run("apply", "-p", "portra-400", "--strength", "1.5", a);
        assertEquals(2, r.code, r.toString());
        r = run("apply", "-p", "portra-400", "--bits", "16", "--format", "jpg", a);
        assertEquals(2, r.code, r.toString());
        r = run("apply", "-p", "portra-400", a, "-o", dir.resolve("x.webp").toString());
        assertEquals(2, r.code, r.toString());
        assertTrue(r.err.contains("jpg, png and tif"), r.err);
        r = run("apply", "-p", "portra-400", a, "--focus", "0.5,0.5", "--focus-distance", "2m");
        assertEquals(2, r.code, r.toString());
        r = run("frobnicate");
        assertEquals(2, r.code, r.toString());
        r = run();
        assertEquals(2, r.code, r.toString());
        assertFalse(Files.exists(in.resolve("a_portra-400.png")), "usage errors write nothing");
    }

    @Test
    void shorthandsForMissingStagesAreUsageErrors() throws IOException {
        Files.write(in.resolve("a.png"), png(8, 8, 0xff0000));
        String a = in.resolve("a.png").toString();
        for (Shorthands.Entry e : Shorthands.TABLE) {
            if (dev.emulsion.param.StageRegistry.contains(e.stage())) {
                continue; // the stage has landed: its own tests cover the flag
            }
            String value = e.option.equals("--focus") ? "0.5,0.5" : e.option.equals("--depth") ? a : "2";
            CliHarness.Result r = run("apply", "-p", "portra-400", e.option, value, a);
            assertEquals(2, r.code, e.option + ": " + r);
            assertTrue(r.err.contains(e.stage()) && r.err.contains("not available"), r.err);
        }
    }

    @Test
    void shorthandKeysNameRealParametersOfStagesThatExist() {
        // after a merge this catches a renamed parameter: every key of a present stage must be declared
        for (Shorthands.Entry e : Shorthands.TABLE) {
            if (!dev.emulsion.param.StageRegistry.contains(e.stage())) {
                continue;
            }
            for (String key : e.keys) {
                String param = key.substring(key.indexOf('.') + 1);
                dev.emulsion.param.StageRegistry.get(e.stage()).param(param); // throws if unknown
            }
        }
    }

    @Test
    void shorthandValuesConvertUnits() {
        assertEquals("2.5", Shorthands.length("2.5m", "m", 1.0));
        assertEquals("2.5", Shorthands.length("250cm", "m", 1.0));
        assertEquals("85.0", Shorthands.length("85mm", "mm", 1000.0));
        assertEquals("85.0", Shorthands.length("85", "mm", 1000.0));
        assertEquals("1.8", Shorthands.fNumber("f/1.8"));
        assertEquals(java.util.List.of("0.5", "0.4"), Shorthands.point("0.5, 0.4"));
        assertThrowsIae(() -> Shorthands.length("far", "m", 1.0));
        assertThrowsIae(() -> Shorthands.point("1"));
    }

    private static void assertThrowsIae(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("expected IllegalArgumentException");
    }

    @Test
    void directoriesRecursionAndGlobsAndDepthPairing() throws IOException {
        Files.write(in.resolve("a.png"), png(8, 8, 0xff0000));
        Files.write(in.resolve("a.depth.png"), png(8, 8, 0x808080)); // a depth map is never an input
        Files.writeString(in.resolve("readme.txt"), "not an image, and not named: ignored");
        Path sub = Files.createDirectories(in.resolve("sub"));
        Files.write(sub.resolve("b.jpg"), jpeg(16, 16));
        assertEquals(in.resolve("a.depth.png").toAbsolutePath(), Inputs.depthFor(in.resolve("a.png"), null));
        assertEquals(null, Inputs.depthFor(sub.resolve("b.jpg"), null));

        CliHarness.Result flat = run("apply", "-p", "portra-400", in.toString(), "-o", dir.resolve("flat").toString());
        assertEquals(0, flat.code, flat.toString());
        assertEquals("a.png", CliHarness.listing(dir.resolve("flat")));

        CliHarness.Result rec = run("apply", "-p", "portra-400", "--recursive", in.toString(), "-o",
                dir.resolve("rec").toString());
        assertEquals(0, rec.code, rec.toString());
        assertEquals("a.png,sub", CliHarness.listing(dir.resolve("rec")));
        assertTrue(Files.exists(dir.resolve("rec/sub/b.jpg")), "relative folders are kept");

        CliHarness.Result glob = run("apply", "-p", "portra-400", in + "/**/*.jpg", "-o", dir.resolve("glob").toString(),
                "--format", "png");
        assertEquals(0, glob.code, glob.toString());
        assertEquals("sub", CliHarness.listing(dir.resolve("glob")));
        assertTrue(Files.exists(dir.resolve("glob/sub/b.png")));

        CliHarness.Result all = run("apply", "-p", "portra-400", in + "/**/*.{png,jpg}", "-o",
                dir.resolve("all").toString());
        assertEquals(0, all.code, all.toString());
        assertEquals("a.png,sub", CliHarness.listing(dir.resolve("all")), "**/ matches the top folder too");

        CliHarness.Result none = run("apply", "-p", "portra-400", in + "/*.webp", "-o", dir.resolve("none").toString());
        assertEquals(1, none.code, none.toString());
        assertTrue(none.err.contains("no files match"), none.err);
    }

    @Test
    void outputFileForOneInputAndDirectoryForMany() throws IOException {
        Files.write(in.resolve("a.png"), png(8, 8, 0xff0000));
        Files.write(in.resolve("b.png"), png(8, 8, 0x00ff00));
        CliHarness.Result one = run("apply", "-p", "portra-400", in.resolve("a.png").toString(), "-o",
                dir.resolve("single.jpg").toString(), "--quality", "80", "--seed", "7");
        assertEquals(0, one.code, one.toString());
        assertTrue(ImageFiles.sniff(Files.readAllBytes(dir.resolve("single.jpg"))).equals("jpeg"));
        CliHarness.Result many = run("apply", "-p", "portra-400", in.resolve("a.png").toString(),
                in.resolve("b.png").toString(), "-o", dir.resolve("many.jpg").toString());
        assertEquals(2, many.code, many.toString());
    }

    @Test
    void sameSeedReproducesAndJobsDoNotChangeTheResult() throws IOException {
        Files.write(in.resolve("a.png"), png(64, 40, 0x446688));
        Files.write(in.resolve("b.png"), png(40, 64, 0x886644));
        run("apply", "-p", "portra-400", in.toString(), "-o", dir.resolve("j1").toString(), "--jobs", "1", "--seed", "3");
        run("apply", "-p", "portra-400", in.toString(), "-o", dir.resolve("j2").toString(), "--jobs", "2", "--seed", "3");
        for (String f : new String[] {"a.png", "b.png"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("j1").resolve(f)), Files.readAllBytes(dir.resolve("j2").resolve(f)),
                    f + " identical across --jobs");
        }
    }

    @Test
    void presetsParamsCompletionAndVersion() throws IOException {
        CliHarness.Result list = run("presets", "list");
        assertEquals(0, list.code, list.toString());
        assertTrue(list.out.startsWith("NAME") && list.out.contains("portra-400") && list.out.contains("400"), list.out);
        CliHarness.Result show = run("presets", "show", "portra-400");
        assertEquals(0, show.code, show.toString());
        assertTrue(show.out.contains("[stages."), show.out);
        assertEquals(2, run("presets", "show", "nope").code);
        CliHarness.Result params = run("params");
        assertEquals(0, params.code);
        assertTrue(params.out.contains("## exposure") && params.out.contains("| `ev` |"), params.out);
        assertEquals(2, run("params", "nope").code);
        CliHarness.Result comp = run("completion");
        assertEquals(0, comp.code);
        assertTrue(comp.out.contains("complete") && comp.out.contains("apply"), comp.out.substring(0, 200));
        CliHarness.Result v = run("apply", "--version");
        assertEquals(0, v.code);
        assertTrue(v.out.startsWith("emulsion "), v.out);
        CliHarness.Result h = run("presets", "list", "--help");
        assertEquals(0, h.code);
        assertTrue(h.out.contains("Usage"), h.out);
    }

    @Test
    void presetExportWritesCubeAndHald() throws IOException {
        Path cube = dir.resolve("p.cube");
        CliHarness.Result r = run("presets", "export", "portra-400", "--cube", cube.toString(), "--size", "5");
        assertEquals(0, r.code, r.toString());
        java.util.List<String> lines = Files.readAllLines(cube);
        assertTrue(lines.contains("LUT_3D_SIZE 5"), lines.toString());
        long rows = lines.stream().filter(l -> l.matches("[0-9.]+ [0-9.]+ [0-9.]+")).count();
        assertEquals(125, rows);
        // identity preset → identity LUT (red runs fastest)
        Path idCube = dir.resolve("id.cube");
        Path identity = CliHarness.identityPreset(dir);
        assertEquals(0, run("presets", "export", identity.toString(), "--cube", idCube.toString(), "--size", "3").code);
        java.util.List<String> id = Files.readAllLines(idCube).stream().filter(l -> l.matches("[0-9.]+ [0-9.]+ [0-9.]+"))
                .collect(java.util.stream.Collectors.toList());
        assertEquals("0.500000 0.000000 0.000000", id.get(1));
        assertEquals("0.000000 0.500000 0.000000", id.get(3));
        assertEquals("1.000000 1.000000 1.000000", id.get(26));
        Path hald = dir.resolve("p.png");
        assertEquals(0, run("presets", "export", "portra-400", "--hald", hald.toString(), "--size", "16").code);
        assertEquals(64, CliHarness.read(hald).getWidth(), "Hald level 4: 64x64");
        assertEquals(2, run("presets", "export", "portra-400").code, "one of --cube/--hald is required");
    }
}
