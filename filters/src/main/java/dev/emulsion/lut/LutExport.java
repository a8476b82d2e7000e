package dev.emulsion.lut;

import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.SrgbTransfer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Bakes the colour part of a look into a LUT other tools can use (Resolve, Photoshop, FFmpeg's
 * {@code lut3d}/{@code haldclut}, darktable). Only {@link ColorStage}s are baked, in order (film curve, colour,
 * fade, split tone, LUTs, tone); stages that depend on position, size or the seed (grain, vignette, halation,
 * blur) and whole-image stages are skipped, since a LUT cannot hold them.
 *
 * <p>The domain: the LUT maps sRGB-encoded input in [0, 1] to sRGB-encoded output in [0, 1], the convention
 * the tools above assume for display images. Lattice point {@code v} is decoded to linear light, run through
 * the stages and encoded back (clamped to [0, 1]). Scene-referred values above 1.0 cannot be represented:
 * such an input is looked up at 1.0, whereas the stages themselves would still roll it off smoothly. For the
 * 8- and 16-bit images these tools handle, every input is in the domain, and applying the 65³ export matches
 * the stages within a mean CIEDE2000 of 0.5 (tested).
 */
public final class LutExport {
    private LutExport() {
    }

    /** @return the stages of {@code stages} that a LUT can hold, in order */
    public static List<ColorStage> colorStages(List<? extends Stage> stages) {
        List<ColorStage> out = new ArrayList<>();
        for (Stage s : stages) {
            if (s instanceof ColorStage) {
                out.add((ColorStage) s);
            }
        }
        return out;
    }

    /**
     * Bakes the colour stages into a 3D LUT on sRGB-encoded [0, 1]³.
     *
     * @param stages any stages; only the {@link ColorStage}s are used
     * @param size   lattice size per axis, 2 to 256 (17, 33 or 65 are usual)
     * @return the LUT
     */
    public static Lut3D bake(List<? extends Stage> stages, int size) {
        return bake(stages, size, 1.0);
    }

    /**
     * Bakes the colour stages blended with the identity in linear light, as a preset's global
     * {@code strength} blends its look: {@code out = in + strength · (look(in) − in)}.
     *
     * @param strength 0 (identity) to 1 (the full look)
     */
    public static Lut3D bake(List<? extends Stage> stages, int size, double strength) {
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength = " + strength + " is out of range: allowed is a number from 0 to 1");
        }
        if (size < Lut3D.MIN_SIZE || size > Lut3D.MAX_3D_SIZE) {
            throw new IllegalArgumentException("LUT size " + size + " is out of range: allowed is 2 to 256 (17, 33, 65 usual)");
        }
        float[] code = new float[size];
        for (int i = 0; i < size; i++) {
            code[i] = (float) SrgbTransfer.decodeExact(i / (double) (size - 1));
        }
        FloatImage lattice = FloatImage.create(size, size * size, false);
        float[] r = lattice.red();
        float[] g = lattice.green();
        float[] b = lattice.blue();
        int i = 0;
        for (int bi = 0; bi < size; bi++) {
            for (int gi = 0; gi < size; gi++) {
                for (int ri = 0; ri < size; ri++) {
                    r[i] = code[ri];
                    g[i] = code[gi];
                    b[i] = code[bi];
                    i++;
                }
            }
        }
        FloatImage out = FilterChain.builder().addAll(colorStages(stages)).seed(0).build().apply(lattice);
        if (strength < 1) {
            float s = (float) strength;
            for (int c = 0; c < 3; c++) {
                float[] o = out.plane(c);
                float[] q = lattice.plane(c);
                for (int k = 0; k < i; k++) {
                    o[k] = q[k] + s * (o[k] - q[k]);
                }
            }
        }
        float[] l = new float[3 * i];
        for (int k = 0; k < i; k++) {
            l[3 * k] = encode(out.red()[k]);
            l[3 * k + 1] = encode(out.green()[k]);
            l[3 * k + 2] = encode(out.blue()[k]);
        }
        return Lut3D.of(size, l);
    }

    private static float encode(float v) {
        return (float) SrgbTransfer.encodeExact(Math.min(1.0, Math.max(0.0, v)));
    }

    /**
     * Writes the colour stages as a .cube file.
     *
     * @param stages the look (only its {@link ColorStage}s are used)
     * @param size   lattice size, 2 to 256 (17, 33, 65 usual)
     * @param out    where to write; flushed, not closed
     */
    public static void cube(List<? extends Stage> stages, int size, Writer out) throws IOException {
        cube(stages, size, "", out);
    }

    /**
     * Writes the colour stages as a .cube file with a TITLE line.
     *
     * @param title a title such as the preset's name ("" for none)
     */
    public static void cube(List<? extends Stage> stages, int size, String title, Writer out) throws IOException {
        cube(stages, size, 1.0, title, out);
    }

    /** Writes the colour stages, blended by {@code strength} (see {@link #bake(List, int, double)}), as .cube. */
    public static void cube(List<? extends Stage> stages, int size, double strength, String title, Writer out)
            throws IOException {
        Lut3D baked = bake(stages, size, strength);
        Lut3D titled = new Lut3D(title, 0, null, null, null, baked.size(), baked.lattice(), baked.domainMin(),
                baked.domainMax());
        CubeLut.write(titled, out);
        out.flush();
    }

    /**
     * Writes a .cube file safely: to a temporary file beside {@code file}, then renamed into place.
     */
    public static void cube(List<? extends Stage> stages, int size, String title, Path file) throws IOException {
        cube(stages, size, 1.0, title, file);
    }

    /** Writes a .cube file of the colour stages blended by {@code strength}, safely (temporary file, rename). */
    public static void cube(List<? extends Stage> stages, int size, double strength, String title, Path file)
            throws IOException {
        Path tmp = tempBeside(file);
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            cube(stages, size, strength, title, w);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Bakes the colour stages into a 16-bit Hald CLUT image.
     *
     * @param level Hald level, 2 to 16 (8 is 512 × 512 pixels, a 64³ lattice)
     */
    public static BufferedImage hald(List<? extends Stage> stages, int level) {
        return hald(stages, level, 1.0);
    }

    /** Bakes the colour stages blended by {@code strength} into a 16-bit Hald CLUT image. */
    public static BufferedImage hald(List<? extends Stage> stages, int level, double strength) {
        if (level < HaldLut.MIN_LEVEL || level > HaldLut.MAX_LEVEL) {
            throw new IllegalArgumentException("Hald level " + level + " is out of range: allowed is 2 to 16");
        }
        return HaldLut.toImage(bake(stages, level * level, strength));
    }

    /** Writes a 16-bit PNG Hald CLUT safely (temporary file, then rename). */
    public static void hald(List<? extends Stage> stages, int level, Path png) throws IOException {
        hald(stages, level, 1.0, png);
    }

    /** Writes a 16-bit PNG Hald CLUT of the colour stages blended by {@code strength}, safely. */
    public static void hald(List<? extends Stage> stages, int level, double strength, Path png) throws IOException {
        BufferedImage img = hald(stages, level, strength);
        Path tmp = tempBeside(png);
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer for 16-bit RGB");
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path tempBeside(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        return Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    }
}
