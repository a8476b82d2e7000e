package dev.emulsion.adapt;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.awt.image.BufferedImage;
import java.awt.image.BufferedImageOp;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Wraps any {@link BufferedImageOp} (a JDK {@code ConvolveOp}, a JH Labs filter, ...) as a {@link Stage}.
 * The image is encoded to 8-bit sRGB (dithered), filtered, and decoded back to linear light, so the op sees
 * the display-referred pixels it was written for. Many ops keep state between calls and are not
 * thread-safe; give a {@link Supplier} and a fresh op is made for every call. This adapter adds no
 * dependency: the op's library stays the caller's choice.
 */
public final class BufferedImageOpStage implements Stage {
    /** The declaration: a named wrapper with no parameters of its own (not part of the preset registry). */
    public static final StageSpec SPEC = StageSpec.builder("buffered-image-op", PipelineOrder.PRINT + 80,
                    "Any java.awt.image.BufferedImageOp applied to the 8-bit sRGB image")
            .param(Param.text("label", "a name for the wrapped op, for logs and benchmark tables"))
            .factory(v -> {
                throw new IllegalArgumentException(
                        "buffered-image-op cannot be created from parameters: build it in Java");
            })
            .build();

    private final Supplier<? extends BufferedImageOp> ops;
    private final ParamValues params;

    private BufferedImageOpStage(String label, Supplier<? extends BufferedImageOp> ops) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.params = SPEC.values(Map.of("label", label));
    }

    /**
     * Wraps a factory of ops: each {@link #apply} call filters with a new op, for ops that are not
     * thread-safe.
     *
     * @param label a short name
     * @param ops   makes a fresh, configured op
     */
    public static BufferedImageOpStage fresh(String label, Supplier<? extends BufferedImageOp> ops) {
        return new BufferedImageOpStage(label, ops);
    }

    /**
     * Wraps one op shared by every call: only for ops documented as thread-safe (such as the JDK's
     * {@code ConvolveOp}).
     */
    public static BufferedImageOpStage shared(String label, BufferedImageOp op) {
        Objects.requireNonNull(op, "op");
        return new BufferedImageOpStage(label, () -> op);
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
    public FloatImage apply(FloatImage input, RenderContext ctx) {
        BufferedImage src = ImageConversion.toBufferedImage(input, 8, ctx.seedFor(input));
        BufferedImageOp op = ops.get();
        BufferedImage dst = op.filter(src, null);
        FloatImage out = ImageConversion.toFloatImage(dst);
        if (out.width() != input.width() || out.height() != input.height()) {
            throw new IllegalStateException("op " + params.text("label") + " changed the image size from "
                    + input.width() + "x" + input.height() + " to " + out.width() + "x" + out.height());
        }
        if (input.hasAlpha() && !out.hasAlpha()) {
            out = out.withAlpha(input.alpha().clone());
        }
        return out;
    }
}
