package dev.emulsion.chain;

import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An ordered, immutable list of stages applied one after the other. Consecutive {@link PointStage}s are fused
 * into a single pass over row strips; other stages run whole-image. Strips run in parallel on the context's
 * {@link StripScheduler}, and the result is identical bit for bit whatever the number of threads. The input
 * is never modified. Thread-safe: one chain may render many images at once.
 *
 * <pre>{@code
 * FilterChain chain = FilterChain.builder()
 *         .add(new Exposure(0.3))
 *         .add(new WhiteBalance(5200, 0))
 *         .add(new BasicTone(0.02, 0.9))
 *         .build();
 * BufferedImage out = chain.apply(ImageIO.read(file));
 * }</pre>
 */
public final class FilterChain {
    /** Pixels per strip: three float planes of this many pixels stay well inside a core's L2 cache. */
    static final int STRIP_PIXELS = 16 * 1024;

    private final List<Stage> stages;
    private final RenderContext context;

    private FilterChain(List<Stage> stages, RenderContext context) {
        this.stages = List.copyOf(stages);
        this.context = context;
    }

    /** @return a builder for a chain */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a chain of these stages in this order, with the default context */
    public static FilterChain of(Stage... stages) {
        return builder().addAll(Arrays.asList(stages)).build();
    }

    /** @return the stages in order */
    public List<Stage> stages() {
        return stages;
    }

    /** @return the context used by {@link #apply(FloatImage)} and {@link #apply(BufferedImage)} */
    public RenderContext context() {
        return context;
    }

    /** @return a copy of this chain rendering with another context */
    public FilterChain withContext(RenderContext newContext) {
        return new FilterChain(stages, Objects.requireNonNull(newContext, "context"));
    }

    /**
     * Renders a float image with the chain's context.
     *
     * @param input linear-light image; never modified
     * @return a new image
     */
    public FloatImage apply(FloatImage input) {
        return apply(input, context);
    }

    /**
     * Renders a float image.
     *
     * @param input linear-light image; never modified
     * @param ctx   the context; its seed is resolved from {@code input} when not explicit
     * @return a new image (a copy when the chain is empty)
     */
    public FloatImage apply(FloatImage input, RenderContext ctx) {
        return render(input, ctx, false);
    }

    /**
     * Renders a float image that the caller hands over: its planes may be overwritten and may be those of
     * the result, so the caller must not use {@code input} afterwards. The result is the same, bit for bit,
     * as {@link #apply(FloatImage, RenderContext)}'s; what it saves is the copy a leading run of point stages
     * would otherwise make (a whole image allocated and written), which matters when an image was just
     * decoded for this render, as the CLI does.
     *
     * @param input linear-light image, consumed
     * @param ctx   the context; its seed is resolved from {@code input} when not explicit
     * @return the rendered image (possibly sharing planes with {@code input})
     */
    public FloatImage applyConsuming(FloatImage input, RenderContext ctx) {
        return render(input, ctx, true);
    }

    private FloatImage render(FloatImage input, RenderContext ctx, boolean consume) {
        Objects.requireNonNull(input, "input");
        RenderContext resolved = ctx.explicitSeed().isPresent() ? ctx : ctx.withSeed(ctx.seedFor(input));
        return renderStages(input, resolved, consume, stages.size());
    }

    /** Runs stages {@code [0, end)} on {@code input} with a resolved context. */
    private FloatImage renderStages(FloatImage input, RenderContext resolved, boolean consume, int end) {
        FloatImage current = input;
        boolean owned = consume;
        int i = 0;
        while (i < end) {
            Stage s = stages.get(i);
            if (s instanceof PointStage) {
                List<PointStage> run = new ArrayList<>();
                while (i < end && stages.get(i) instanceof PointStage) {
                    run.add((PointStage) stages.get(i));
                    i++;
                }
                current = runPointStages(run, current, resolved, owned);
            } else {
                FloatImage next = s.apply(current, resolved);
                if (next == current) {
                    throw new IllegalStateException("stage " + s.spec().name() + " returned its input");
                }
                current = next;
                i++;
            }
            // A stage may return a view that shares planes with what it was given (e.g. withAlpha); the
            // caller's input must then not be transformed in place by the next point stages.
            owned = consume || !sharesPlanes(current, input);
        }
        if (consume) {
            return current;
        }
        return current != input && !sharesPlanes(current, input) ? current : copyUnshared(current, input);
    }

    /**
     * Index of the first stage of the chain's tail: the longest trailing run of {@link PointStage}s and
     * {@link BandStage}s, the stages whose output rows depend only on the same input rows.
     *
     * @return a number from 0 (every stage is in the tail) to {@code stages().size()} (an empty tail)
     */
    public int tailStart() {
        int i = stages.size();
        while (i > 0 && (stages.get(i - 1) instanceof PointStage || stages.get(i - 1) instanceof BandStage)) {
            i--;
        }
        return i;
    }

    /**
     * Renders the chain's body (the stages before {@link #tailStart()}) now and prepares its tail to run in
     * place, band of rows by band, through {@link Banded#renderRows}; once every row has been rendered the
     * image is, bit for bit, what {@link #applyConsuming(FloatImage, RenderContext)} returns. This lets a
     * caller overlap the tail with work that consumes finished rows (an encoder), and keeps each band in
     * cache from the first tail stage to its consumer. The body runs on the context's scheduler; the tail's
     * bands run wherever the caller runs them.
     *
     * @param input linear-light image, consumed as by {@link #applyConsuming}: do not use it afterwards
     * @param ctx   the context; its seed is resolved from {@code input} when not explicit
     * @return the body's result with the tail prepared
     */
    public Banded applyBanded(FloatImage input, RenderContext ctx) {
        Objects.requireNonNull(input, "input");
        RenderContext resolved = ctx.explicitSeed().isPresent() ? ctx : ctx.withSeed(ctx.seedFor(input));
        int tail = tailStart();
        FloatImage body = renderStages(input, resolved, true, tail);
        int w = body.width();
        int h = body.height();
        List<Object> segments = new ArrayList<>();
        int i = tail;
        while (i < stages.size()) {
            if (stages.get(i) instanceof PointStage) {
                List<PointKernel> run = new ArrayList<>();
                while (i < stages.size() && stages.get(i) instanceof PointStage) {
                    run.add(((PointStage) stages.get(i)).prepare(w, h, resolved));
                    i++;
                }
                segments.add(group(run.toArray(new PointKernel[0])));
            } else {
                segments.add(((BandStage) stages.get(i)).prepareBands(w, h, resolved));
                i++;
            }
        }
        return new Banded(body, resolved, segments);
    }

    /**
     * A render whose tail is still to run: {@link #image()} holds the body's result and
     * {@link #renderRows(int, int)} applies the tail to rows in place. Made by {@link #applyBanded}.
     * {@code renderRows} may run concurrently on disjoint row ranges; each row must be rendered exactly once
     * (a second time would apply the tail twice), after which it is final.
     */
    public static final class Banded {
        private final FloatImage image;
        private final RenderContext context;
        /** In order: a point run (list of kernels and colour-kernel groups) or a band kernel. */
        private final List<Object> segments;
        private final int stripRows;

        private Banded(FloatImage image, RenderContext context, List<Object> segments) {
            this.image = image;
            this.context = context;
            this.segments = segments;
            this.stripRows = Math.max(1, STRIP_PIXELS / image.width());
        }

        /** @return the image: the body's result, with the rows rendered so far final */
        public FloatImage image() {
            return image;
        }

        /** @return the resolved context the render uses (its {@link RenderContext#seed()} is set) */
        public RenderContext context() {
            return context;
        }

        /** @return whether the tail has no stages (rendering rows does nothing) */
        public boolean tailEmpty() {
            return segments.isEmpty();
        }

        /**
         * A band height for {@link #renderRows}: a multiple of the chain's strip height of about
         * {@code pixels} pixels, at least one strip. Any band layout gives the same result; this one keeps
         * the tail's point runs on the same strips as {@link FilterChain#apply}.
         *
         * @param pixels the band size wanted, in pixels
         * @return rows per band, at least 1
         */
        public int bandRows(int pixels) {
            int strips = Math.max(1, pixels / (stripRows * image.width()));
            return strips * stripRows;
        }

        /**
         * Applies the tail to rows {@code [y0, y1)} of {@link #image()} in place, on the calling thread.
         *
         * @param y0 first row, inclusive
         * @param y1 last row, exclusive
         * @throws IllegalArgumentException if the range is not inside the image
         */
        public void renderRows(int y0, int y1) {
            int w = image.width();
            int h = image.height();
            if (y0 < 0 || y1 > h || y0 > y1) {
                throw new IllegalArgumentException("rows [" + y0 + ", " + y1 + ") are not inside 0.." + h);
            }
            float[] r = image.red();
            float[] g = image.green();
            float[] b = image.blue();
            for (Object seg : segments) {
                if (seg instanceof PointKernel) {
                    ((PointKernel) seg).process(new Strip(r, g, b, image.alpha(), w, h, y0, y1));
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<Object> groups = (List<Object>) seg;
                // The point run goes strip by strip, every kernel on a strip while it is in cache, on the
                // strips FilterChain.apply cuts (aligned to multiples of stripRows).
                for (int s0 = y0; s0 < y1; ) {
                    int s1 = Math.min(y1, (s0 / stripRows + 1) * stripRows);
                    Strip strip = new Strip(r, g, b, image.alpha(), w, h, s0, s1);
                    for (Object k : groups) {
                        if (k instanceof ColorKernel[]) {
                            ColorBlocks.run((ColorKernel[]) k, r, g, b, r, g, b, s0 * w, s1 * w);
                        } else {
                            ((PointKernel) k).process(strip);
                        }
                    }
                    s0 = s1;
                }
            }
        }
    }

    /** @return whether {@code a} and {@code b} have any plane array in common */
    static boolean sharesPlanes(FloatImage a, FloatImage b) {
        float[][] pa = {a.red(), a.green(), a.blue(), a.alpha()};
        float[][] pb = {b.red(), b.green(), b.blue(), b.alpha()};
        for (float[] x : pa) {
            for (float[] y : pb) {
                if (x != null && x == y) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return {@code result} with every plane it shares with {@code input} copied */
    private static FloatImage copyUnshared(FloatImage result, FloatImage input) {
        float[][] p = {result.red(), result.green(), result.blue(), result.alpha()};
        float[][] in = {input.red(), input.green(), input.blue(), input.alpha()};
        for (int i = 0; i < 4; i++) {
            for (float[] q : in) {
                if (p[i] != null && p[i] == q) {
                    p[i] = p[i].clone();
                    break;
                }
            }
        }
        return new FloatImage(result.width(), result.height(), p[0], p[1], p[2], p[3], result.space());
    }

    /**
     * Converts a {@code BufferedImage} to linear light (colour-managed, see {@link ImageConversion}), renders
     * it, and converts back to an sRGB image of the same type where that type can hold the result (see
     * {@link ImageConversion#toBufferedImageLike}). The output dither is seeded from the render seed, so an
     * explicit seed reproduces the result bit for bit.
     *
     * @param input any common {@code BufferedImage}; never modified
     * @return a new image
     */
    public BufferedImage apply(BufferedImage input) {
        Objects.requireNonNull(input, "input");
        StripScheduler scheduler = context.scheduler();
        FloatImage in = ImageConversion.toFloatImage(input, scheduler);
        RenderContext resolved = context.explicitSeed().isPresent() ? context : context.withSeed(context.seedFor(in));
        FloatImage out = render(in, resolved, true); // `in` is ours: no copy for a leading point run
        // The output dither is seeded like the stages, so an explicit seed reproduces the file bit for bit.
        return ImageConversion.toBufferedImageLike(out, input, resolved.seed() ^ 0x5DEECE66DL, scheduler);
    }

    /**
     * Runs point stages fused: each strip is copied once (unless the image is already owned) and every
     * kernel transforms it while it is in cache.
     *
     * @param inPlace whether {@code input} belongs to the caller's pipeline and may be overwritten
     */
    static FloatImage runPointStages(List<PointStage> run, FloatImage input, RenderContext ctx, boolean inPlace) {
        int w = input.width();
        int h = input.height();
        RenderContext resolved = ctx.explicitSeed().isPresent() ? ctx : ctx.withSeed(ctx.seedFor(input));
        PointKernel[] kernels = new PointKernel[run.size()];
        for (int k = 0; k < kernels.length; k++) {
            kernels[k] = run.get(k).prepare(w, h, resolved);
        }
        FloatImage out = inPlace ? input : input.blankLike();
        float[] sr = input.red();
        float[] sg = input.green();
        float[] sb = input.blue();
        float[] dr = out.red();
        float[] dg = out.green();
        float[] db = out.blue();
        int rowsPerStrip = Math.max(1, STRIP_PIXELS / w);
        int strips = (h + rowsPerStrip - 1) / rowsPerStrip;
        // Consecutive colour kernels form one group that runs block by block (see ColorKernel): each block is
        // read once, from the input when the group comes first, and written once.
        List<Object> groups = group(kernels);
        resolved.scheduler().forEach(strips, s -> {
            int y0 = s * rowsPerStrip;
            int y1 = Math.min(h, y0 + rowsPerStrip);
            int from = y0 * w;
            int to = y1 * w;
            boolean copied = inPlace;
            Strip strip = new Strip(dr, dg, db, out.alpha(), w, h, y0, y1);
            for (Object g : groups) {
                if (g instanceof ColorKernel[]) {
                    ColorBlocks.run((ColorKernel[]) g, copied ? dr : sr, copied ? dg : sg, copied ? db : sb,
                            dr, dg, db, from, to);
                } else {
                    if (!copied) {
                        System.arraycopy(sr, from, dr, from, to - from);
                        System.arraycopy(sg, from, dg, from, to - from);
                        System.arraycopy(sb, from, db, from, to - from);
                    }
                    ((PointKernel) g).process(strip);
                }
                copied = true;
            }
            if (!copied) {
                System.arraycopy(sr, from, dr, from, to - from);
                System.arraycopy(sg, from, dg, from, to - from);
                System.arraycopy(sb, from, db, from, to - from);
            }
        });
        return out;
    }

    /** @return the kernels in order, runs of consecutive colour kernels merged into one array each */
    private static List<Object> group(PointKernel[] kernels) {
        List<Object> out = new ArrayList<>();
        List<ColorKernel> run = new ArrayList<>();
        for (PointKernel k : kernels) {
            if (k instanceof ColorKernel) {
                run.add((ColorKernel) k);
                continue;
            }
            if (!run.isEmpty()) {
                out.add(run.toArray(new ColorKernel[0]));
                run.clear();
            }
            out.add(k);
        }
        if (!run.isEmpty()) {
            out.add(run.toArray(new ColorKernel[0]));
        }
        return out;
    }

    /** Collects stages in order; {@link #build()} makes the immutable chain. */
    public static final class Builder {
        private final List<Stage> stages = new ArrayList<>();
        private RenderContext context = RenderContext.defaults();

        private Builder() {
        }

        /** Appends a stage. */
        public Builder add(Stage stage) {
            stages.add(Objects.requireNonNull(stage, "stage"));
            return this;
        }

        /** Appends stages in order. */
        public Builder addAll(List<? extends Stage> more) {
            for (Stage s : more) {
                add(s);
            }
            return this;
        }

        /** Sets the whole render context. */
        public Builder context(RenderContext ctx) {
            this.context = Objects.requireNonNull(ctx, "context");
            return this;
        }

        /** Sets an explicit seed (bit-for-bit reproducible renders). */
        public Builder seed(long seed) {
            this.context = context.withSeed(seed);
            return this;
        }

        /** Sets the film format. */
        public Builder format(FilmFormat format) {
            this.context = context.withFormat(format);
            return this;
        }

        /** Sets the number of threads (default: all cores). */
        public Builder threads(int threads) {
            this.context = context.withScheduler(StripScheduler.ofThreads(threads));
            return this;
        }

        /** Runs strips on a caller-supplied executor with this many threads taking part. */
        public Builder executor(java.util.concurrent.ExecutorService executor, int threads) {
            this.context = context.withScheduler(StripScheduler.of(executor, threads));
            return this;
        }

        /** @return the chain */
        public FilterChain build() {
            return new FilterChain(stages, context);
        }
    }
}
