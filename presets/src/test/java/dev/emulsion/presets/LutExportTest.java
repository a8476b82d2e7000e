package dev.emulsion.presets;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.color.ColorMath;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.SrgbTransfer;
import dev.emulsion.lut.CubeLut;
import dev.emulsion.lut.HaldLut;
import dev.emulsion.lut.Lut3D;
import dev.emulsion.lut.LutExport;
import dev.emulsion.lut.LutStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 4 "Done when" 7: a preset's exported LUT reproduces its tone and colour stages. */
class LutExportTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(3);

    @TempDir
    Path dir;

    static double meanDeltaE(FloatImage a, FloatImage b) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < a.pixelCount(); i += 2) {
            sum += ColorMath.deltaE2000(ColorMath.linearSrgbToLab(a.red()[i], a.green()[i], a.blue()[i]),
                    ColorMath.linearSrgbToLab(b.red()[i], b.green()[i], b.blue()[i]));
            n++;
        }
        return sum / n;
    }

    @Test
    void exported65CubeMatchesTheStagesWithinHalfADeltaE() throws IOException {
        List<FloatImage> images = List.of(Fixtures.floatImage("astronaut.png"), Fixtures.floatImage("motorcycle_left.png"));
        for (String name : List.of("portra-400", "superia-xtra-400", "cinestill-800t", "tri-x-400")) {
            Preset p = PresetLibrary.withUserDir(dir).load(name);
            StringWriter w = new StringWriter();
            LutExport.cube(p.buildStages(), 65, p.title(), w);
            Lut3D lut = CubeLut.read(new StringReader(w.toString()), name + ".cube");
            FilterChain direct = FilterChain.builder().addAll(LutExport.colorStages(p.buildStages())).context(CTX).build();
            FilterChain viaLut = FilterChain.builder().add(new LutStage(lut, 1)).context(CTX).build();
            for (FloatImage img : images) {
                double de = meanDeltaE(direct.apply(img), viaLut.apply(img));
                System.out.printf("%s 65^3 cube: mean dE2000 %.3f%n", name, de);
                assertTrue(de < 0.5, name + ": " + de);
            }
            // negative control: the same lattice applied to linear values (ignoring the sRGB domain) is far off
            FloatImage wrong = images.get(0).copy();
            lut.apply(wrong.red(), wrong.green(), wrong.blue(), 0, wrong.pixelCount());
            assertTrue(meanDeltaE(direct.apply(images.get(0)), wrong) > 0.5);
        }
    }

    @Test
    void haldExportRoundTripsThroughA16BitPng() throws IOException {
        Preset p = PresetLibrary.withUserDir(dir).load("gold-200");
        Path png = dir.resolve("gold.png");
        LutExport.hald(p.buildStages(), 8, png);
        Lut3D hald = HaldLut.read(png);
        assertEquals(64, hald.size());
        assertEquals(16, ImageIO.read(png.toFile()).getColorModel().getComponentSize(0));
        Lut3D baked = LutExport.bake(p.buildStages(), 64);
        float[] a = hald.lattice();
        float[] b = baked.lattice();
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1.0 / 65535);
        }
        // grey input 18 % through the Hald LUT equals the stages' result within 8-bit-invisible error
        FilterChain direct = FilterChain.builder().addAll(LutExport.colorStages(p.buildStages())).context(CTX).build();
        FloatImage grey = FloatImage.filled(1, 1, 0.18f, 0.18f, 0.18f);
        float want = SrgbTransfer.encode(direct.apply(grey).green()[0]);
        float got = SrgbTransfer.encode(FilterChain.of(new LutStage(hald, 1)).apply(grey, CTX).green()[0]);
        assertEquals(want, got, 1e-3);
    }

    @Test
    void presetsReferenceALutRelativeToTheirFile() throws IOException {
        Files.createDirectories(dir.resolve("looks"));
        StringWriter w = new StringWriter();
        CubeLut.write(Lut3D.identity(5), w);
        Files.writeString(dir.resolve("looks/id.cube"), w.toString());
        Path preset = dir.resolve("looks/mine.toml");
        Files.writeString(preset, "schema = 2\ntitle = \"Mine\"\nlook = \"x\"\nextends = \"portra-400\"\n"
                + "[stages.lut]\nfile = \"id.cube\"\nstrength = 0.5\n");
        Preset p = PresetLibrary.withUserDir(dir.resolve("user")).load(preset.toString());
        assertTrue(p.stages().get("lut").text("file").endsWith("looks/id.cube"));
        FloatImage out = p.toChain(CTX).apply(FloatImage.filled(2, 2, 0.2f, 0.2f, 0.2f));
        assertTrue(out.red()[0] > 0);
    }
}
