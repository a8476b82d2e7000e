package dev.emulsion.chain;

import dev.emulsion.image.FloatImage;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.PipelineOrder;
import dev.emulsion.param.StageSpec;

import java.util.function.BiFunction;

/** Stages made from a lambda, for tests that need a stage with a particular behaviour and no parameters. */
final class TestStages {
    private TestStages() {
    }

    private static StageSpec spec(String name) {
        return StageSpec.builder(name, PipelineOrder.DEVELOPMENT, "test stage " + name)
                .factory(v -> {
                    throw new UnsupportedOperationException("test stages are built in Java");
                })
                .build();
    }

    /** @return a whole-image stage that renders with {@code body} */
    static Stage whole(String name, BiFunction<FloatImage, RenderContext, FloatImage> body) {
        StageSpec spec = spec(name);
        return new Stage() {
            @Override
            public StageSpec spec() {
                return spec;
            }

            @Override
            public ParamValues params() {
                return spec.defaults();
            }

            @Override
            public FloatImage apply(FloatImage input, RenderContext ctx) {
                return body.apply(input, ctx);
            }
        };
    }

    /** Prepares a kernel for an image of the given size. */
    @FunctionalInterface
    interface KernelFactory {
        /** @return the kernel for a {@code width × height} image */
        PointKernel prepare(int width, int height, RenderContext ctx);
    }

    /** @return a point stage whose kernels {@code kernels} prepares */
    static PointStage point(String name, KernelFactory kernels) {
        StageSpec spec = spec(name);
        return new PointStage() {
            @Override
            public StageSpec spec() {
                return spec;
            }

            @Override
            public ParamValues params() {
                return spec.defaults();
            }

            @Override
            public PointKernel prepare(int width, int height, RenderContext ctx) {
                return kernels.prepare(width, height, ctx);
            }
        };
    }
}
