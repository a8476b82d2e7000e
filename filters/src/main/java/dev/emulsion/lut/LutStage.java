package dev.emulsion.lut;

import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.PointKernel;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Strip;
import dev.emulsion.color.Scratch;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Applies a 3D (or 1D) LUT read from a {@code .cube} file or a Hald CLUT image, blended with the input by
 * {@code strength}. The LUT is defined on sRGB-encoded values, as Resolve, Photoshop, FFmpeg and darktable
 * expect: each linear pixel is encoded to sRGB (clamped to [0, 1], so scene values above 1 are looked up at
 * 1), looked up with tetrahedral interpolation, and decoded back to linear light, all in one pass per strip
 * ({@link Lut3D#applyLinear}).
 */
public final class LutStage implements ColorStage {
    /** The declaration: {@code lut.file}, {@code lut.strength}. */
    public static final StageSpec SPEC = StageSpec.builder("lut", PipelineOrder.PRINT + 20,
                    "A .cube or Hald CLUT lookup table on sRGB-encoded values")
            .param(Param.path("file", "the .cube file or Hald CLUT image (PNG/TIFF); in a preset, relative to the preset file"))
            .param(Param.real("strength", "", 0, 1, 1, "blend of the LUT's result with the input, in linear light"))
            .factory(v -> new LutStage(v.text("file"), v.real("strength")))
            .build();

    private final Lut3D lut;
    private final double strength;
    private final ParamValues params;

    /**
     * Reads the LUT file.
     *
     * @param file     a .cube file, or an image holding a Hald CLUT
     * @param strength 0 to 1
     * @throws IllegalArgumentException when the file is missing or malformed (naming the file and line)
     */
    public LutStage(String file, double strength) {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("lut.file is required: allowed is the path of a .cube file or Hald CLUT image");
        }
        this.strength = SPEC.checkReal("strength", strength);
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("file", file);
        raw.put("strength", strength);
        this.params = SPEC.values(raw);
        this.lut = load(Paths.get(file));
    }

    /**
     * Uses a LUT already in memory (its {@code file} parameter is absent).
     *
     * @param lut      the LUT, defined on sRGB-encoded values
     * @param strength 0 to 1
     */
    public LutStage(Lut3D lut, double strength) {
        this.lut = Objects.requireNonNull(lut, "lut");
        this.strength = SPEC.checkReal("strength", strength);
        this.params = SPEC.values(Map.of("strength", strength));
    }

    /**
     * Reads a LUT by its file name: {@code .cube} as text, anything else as a Hald CLUT image.
     *
     * @throws IllegalArgumentException (a {@link LutFormatException} for bad content) naming the file
     */
    public static Lut3D load(Path file) {
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".cube")) {
                return CubeLut.read(file);
            }
            return HaldLut.read(file);
        } catch (NoSuchFileException e) {
            throw new LutFormatException(file + ": no such file", e);
        } catch (IOException e) {
            throw new LutFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @return the LUT */
    public Lut3D lut() {
        return lut;
    }

    @Override
    public StageSpec spec() {
        return SPEC;
    }

    @Override
    public ParamValues params() {
        return params;
    }

    @Override
    public PointKernel prepare(int width, int height, RenderContext ctx) {
        final float s = (float) strength;
        final boolean blend = strength < 1.0;
        return (Strip st) -> {
            float[] r = st.red();
            float[] g = st.green();
            float[] b = st.blue();
            int start = st.start();
            int end = st.end();
            int n = end - start;
            float[] kr = null;
            float[] kg = null;
            float[] kb = null;
            if (blend) {
                kr = Scratch.load(0, r, start, n);
                kg = Scratch.load(1, g, start, n);
                kb = Scratch.load(2, b, start, n);
            }
            lut.applyLinear(r, g, b, start, end);
            if (blend) {
                for (int k = 0; k < n; k++) {
                    r[start + k] = kr[k] + s * (r[start + k] - kr[k]);
                }
                for (int k = 0; k < n; k++) {
                    g[start + k] = kg[k] + s * (g[start + k] - kg[k]);
                }
                for (int k = 0; k < n; k++) {
                    b[start + k] = kb[k] + s * (b[start + k] - kb[k]);
                }
            }
        };
    }
}
