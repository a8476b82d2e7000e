package dev.emulsion.presets;

import dev.emulsion.chain.FilmFormat;
import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.Mix;
import dev.emulsion.image.FloatImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetLibraryTest {
    @TempDir
    Path dir;

    private Path write(String name, String toml) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, toml, StandardCharsets.UTF_8);
        return p;
    }

    private PresetLibrary lib() {
        return PresetLibrary.withUserDir(dir.resolve("user"));
    }

    @Test
    void everyBundledPresetLoadsAndBuildsAChain() {
        List<String> names = PresetLibrary.bundledNames();
        assertFalse(names.isEmpty());
        for (String n : names) {
            Preset p = lib().load(n);
            assertEquals(n, p.name());
            assertFalse(p.title().isEmpty(), n + " has a title");
            assertFalse(p.look().isEmpty(), n + " has a look");
            FloatImage out = p.toChain().apply(FloatImage.filled(8, 8, 0.18f, 0.18f, 0.18f));
            assertTrue(Float.isFinite(out.red()[0]), n);
        }
    }

    @Test
    void bundleIndexListsExactlyTheBundledFiles() throws IOException {
        Path res = Paths.get("src/main/resources/dev/emulsion/presets");
        Set<String> files;
        try (Stream<Path> s = Files.list(res)) {
            files = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".toml"))
                    .map(f -> f.substring(0, f.length() - 5)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(files, new TreeSet<>(PresetLibrary.bundledNames()));
    }

    @Test
    void extendsOverridesSomeValuesAndKeepsTheRest() throws IOException {
        write("base.toml", "schema = 2\ntitle = \"Base\"\nlook = \"base look\"\niso = 200\nformat = \"6x7\"\n"
                + "[stages.exposure]\nev = 0.5\n[stages.tone]\nblack-lift = 0.04\n");
        Path child = write("child.toml", "schema = 2\nextends = \"base.toml\"\ntitle = \"Child\"\n"
                + "[stages.exposure]\nev = -1\n[stages.tone]\nenabled = false\n[stages.white-balance]\ntemperature = 5000\n");
        Preset p = lib().load(child.toString());
        assertEquals("child", p.name());
        assertEquals("Child", p.title());
        assertEquals("base look", p.look());
        assertEquals(200, p.iso());
        assertEquals(FilmFormat.MEDIUM_6X7, p.format().orElseThrow());
        assertEquals(-1.0, p.stages().get("exposure").real("ev"));
        assertFalse(p.stages().containsKey("tone"), "enabled = false drops an inherited stage");
        assertEquals(5000.0, p.stages().get("white-balance").real("temperature"));
        assertEquals(List.of("exposure", "white-balance"), List.copyOf(p.stages().keySet()), "pipeline order");
    }

    @Test
    void userFolderPresetsAreFoundByNameAndShadowBundledOnes() throws IOException {
        Files.createDirectories(dir.resolve("user"));
        Files.writeString(dir.resolve("user/mine.toml"), "schema = 2\ntitle = \"Mine\"\nlook = \"x\"\n"
                + "extends = \"portra-400\"\n[stages.exposure]\nev = 1\n");
        Preset mine = lib().load("mine");
        assertEquals(1.0, mine.stages().get("exposure").real("ev"));
        assertTrue(mine.stages().containsKey("white-balance"), "inherits from the bundled preset");
        Files.writeString(dir.resolve("user/portra-400.toml"), "schema = 2\ntitle = \"My Portra\"\n"
                + "extends = \"portra-400\"\n[stages.exposure]\nev = -0.5\n");
        Preset shadow = lib().load("portra-400");
        assertEquals("My Portra", shadow.title());
        assertEquals(-0.5, shadow.stages().get("exposure").real("ev"));
        assertTrue(shadow.stages().containsKey("white-balance"), "extending its own name reaches the bundled one");
        assertTrue(lib().userNames().contains("mine"));
    }

    @Test
    void schemaOneIsMigrated() throws IOException {
        Path old = write("old.toml", "title = \"Old\"\nlook = \"old\"\nintensity = 0.5\n[exposure]\nev = 2\n");
        Preset p = lib().load(old.toString());
        assertEquals(0.5, p.strength());
        assertEquals(2.0, p.stages().get("exposure").real("ev"));
        assertInstanceOf(Mix.class, p.toChain().stages().get(0), "strength below 1 blends the look");
    }

    @Test
    void strengthBlendsTheWholeLookLinearly() throws IOException {
        Path p = write("s.toml", "schema = 2\nstrength = 0.25\n[stages.exposure]\nev = 1\n");
        FloatImage in = FloatImage.filled(4, 4, 0.2f, 0.2f, 0.2f);
        FloatImage out = lib().load(p.toString()).toChain().apply(in);
        assertEquals(0.2f + 0.25f * 0.2f, out.red()[0], 1e-6);
    }

    @Test
    void brokenPresetsNameFileKeyValueAndAllowedRange() throws IOException {
        assertError(write("a.toml", "schema = 2\ncolour = 1\n"), "a.toml", "unknown key 'colour'");
        assertError(write("b.toml", "schema = 2\n[stages.sparkle]\nx = 1\n"), "b.toml", "unknown stage 'sparkle'");
        assertError(write("c.toml", "schema = 2\n[stages.exposure]\nev = \"bright\"\n"), "c.toml",
                "exposure.ev = bright", "allowed is a number from -10 to 10");
        assertError(write("d.toml", "schema = 2\n[stages.exposure]\nev = 12\n"), "d.toml",
                "stages.exposure.ev = 12", "allowed is a number from -10 to 10");
        assertError(write("e.toml", "schema = 2\n[stages.exposure]\nstops = 1\n"), "e.toml",
                "stages.exposure.stops", "unknown parameter");
        write("f.toml", "schema = 2\nextends = \"g.toml\"\n");
        write("g.toml", "schema = 2\nextends = \"f.toml\"\n");
        assertError(dir.resolve("f.toml"), "cycle");
        assertError(write("h.toml", "schema = 9\n"), "h.toml", "schema = 9", "allowed is 1 to 2");
        assertError(write("i.toml", "schema = 2\nstrength = 1.5\n"), "i.toml", "strength = 1.5", "0 to 1");
        assertError(write("j.toml", "schema = 2\n[stages\nev = 1\n"), "j.toml", "not a valid TOML file");
        assertError(dir.resolve("missing.toml"), "missing.toml", "no such file");
        PresetException unknown = assertThrows(PresetException.class, () -> lib().load("portra-9000"));
        assertTrue(unknown.getMessage().contains("unknown preset 'portra-9000'")
                && unknown.getMessage().contains("portra-400"), unknown.getMessage());
    }

    private void assertError(Path file, String... parts) {
        PresetException e = assertThrows(PresetException.class, () -> lib().load(file.toString()));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void overridesValidateLikeThePresetFile() {
        Preset p = lib().load("portra-400").with("exposure.ev", "0.7").with("white-balance.tint", "-5");
        assertEquals(0.7, p.stages().get("exposure").real("ev"));
        assertEquals(-5.0, p.stages().get("white-balance").real("tint"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.with("exposure.ev", "99"));
        assertTrue(e.getMessage().contains("exposure.ev = 99"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.with("nope.x", "1"));
        assertThrows(IllegalArgumentException.class, () -> p.with("exposure", "1"));
        assertFalse(p.with("tone.enabled", "false").stages().containsKey("tone"));
    }

    @Test
    void effectiveTomlLoadsBackToTheSamePreset() throws IOException {
        Preset p = lib().load("portra-400").with("exposure.ev", "0.3");
        Path again = write("again.toml", p.toToml());
        Preset q = lib().load(again.toString());
        assertEquals(p.stages().keySet(), q.stages().keySet());
        for (String stage : p.stages().keySet()) {
            assertEquals(p.stages().get(stage).toString(), q.stages().get(stage).toString());
        }
        FloatImage in = FloatImage.filled(3, 3, 0.3f, 0.2f, 0.1f);
        FilterChain a = p.toChain();
        FilterChain b = q.toChain();
        assertArrayEquals(a.apply(in).red(), b.apply(in).red());
    }
}
