package dev.emulsion.depth;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.chain.StripScheduler;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the pictures of docs/depth.md into docs/img/. Runs only with {@code -Demulsion.docs=true}:
 * {@code mvn -q -B -pl filters test -Dtest=DepthDocsPictures -Demulsion.docs=true}.
 */
@EnabledIfSystemProperty(named = "emulsion.docs", matches = "true")
class DepthDocsPictures {
    static final Path OUT = Path.of("../docs/img");

    static void write(FloatImage img, String name) throws IOException {
        Files.createDirectories(OUT);
        BufferedImage bi = ImageConversion.toBufferedImage(img, 8, 1);
        ImageIO.write(bi, "png", new File(OUT.toFile(), name));
    }

    static FloatImage crop(FloatImage img, int x0, int y0, int w, int h) {
        FloatImage out = FloatImage.create(w, h, false);
        for (int c = 0; c < 3; c++) {
            float[] s = img.plane(c);
            float[] d = out.plane(c);
            for (int y = 0; y < h; y++) {
                System.arraycopy(s, (y0 + y) * img.width() + x0, d, y * w, w);
            }
        }
        return out;
    }

    static FloatImage sideBySide(FloatImage a, FloatImage b) {
        int gap = 8;
        FloatImage out = FloatImage.filled(a.width() + gap + b.width(), Math.max(a.height(), b.height()), 1f, 1f, 1f);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < a.height(); y++) {
                System.arraycopy(a.plane(c), y * a.width(), out.plane(c), y * out.width(), a.width());
            }
            for (int y = 0; y < b.height(); y++) {
                System.arraycopy(b.plane(c), y * b.width(), out.plane(c), y * out.width() + a.width() + gap, b.width());
            }
        }
        return out;
    }

    @Test
    void motorcycle() throws IOException {
        FloatImage img = Fixtures.image("motorcycle_left.png");
        DepthMap map = DepthMap.read(Fixtures.file("motorcycle_depth16.png"), DepthMap.Kind.INVERSE, 0);
        RenderContext ctx = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.sequential());
        // The settings of DepthBlurFixtureTest: 85 mm f/2, focused on the tank.
        FloatImage out = DepthBlurFixtureTest.tankFocused(map).apply(img, ctx);
        write(crop(img, 190, 0, 450, 330), "depth-motorcycle-before.png");
        write(crop(out, 190, 0, 450, 330), "depth-motorcycle-after.png");
        // The bike's outline against the shelves (mirror, handlebar, headlight), 2× enlarged.
        write(sideBySide(zoom(crop(img, 420, 40, 180, 150), 2), zoom(crop(out, 420, 40, 180, 150), 2)),
                "depth-motorcycle-detail.png");
    }

    /**
     * Bokeh: clipped 8-bit highlights (code 255 = linear 1.0) far behind a sharp subject, rendered with a
     * circular aperture and with six straight blades; the default highlight boost (gain 2 above 0.95) makes them
     * bloom.
     */
    @Test
    void bokeh() throws IOException {
        int w = 360;
        int h = 240;
        FloatImage img = FloatImage.create(w, h, false);
        float[] depth = new float[w * h];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int i = 0; i < w * h; i++) {
            int y = i / w;
            img.red()[i] = 0.010f + 0.02f * y / h;
            img.green()[i] = 0.012f + 0.015f * y / h;
            img.blue()[i] = 0.025f;
            depth[i] = 30f;
        }
        float[][] colours = {{1f, 0.75f, 0.35f}, {1f, 1f, 1f}, {0.5f, 0.8f, 1f}, {1f, 0.45f, 0.3f}};
        for (int k = 0; k < 60; k++) {
            int x = 10 + rnd.nextInt(w - 20);
            int y = 10 + rnd.nextInt(h - 20);
            float[] c = colours[k % colours.length];
            for (int dy = 0; dy < 2; dy++) {
                for (int dx = 0; dx < 2; dx++) {
                    int i = (y + dy) * w + x + dx;
                    img.red()[i] = c[0];
                    img.green()[i] = c[1];
                    img.blue()[i] = c[2];
                }
            }
        }
        // A sharp subject in front: a grey post with a lit edge, at the focal distance.
        for (int y = 40; y < h; y++) {
            for (int x = 150; x < 200; x++) {
                int i = y * w + x;
                float v = x < 156 ? 0.6f : 0.08f + 0.04f * ((x / 6 + y / 6) % 2);
                img.red()[i] = v;
                img.green()[i] = v;
                img.blue()[i] = v * 0.9f;
                depth[i] = 2f;
            }
        }
        DepthMap map = DepthMap.ofMetres(w, h, depth);
        RenderContext ctx = RenderContext.defaults().withSeed(1).withScheduler(StripScheduler.sequential())
                .withFormat(dev.emulsion.chain.FilmFormat.FULL_FRAME_35MM);
        // At 360 px wide one pixel is 100 µm: 50 mm f/1.4 focused at 2 m gives a CoC radius of about 9 px at
        // 30 m; an 85 mm lens would give 27 px.
        DepthBlur circle = DepthBlur.builder().depth(map).focusDistance(2).focalLength(85).fNumber(1.4)
                .aperture(0, 0, 0).build();
        DepthBlur hexagon = DepthBlur.builder().depth(map).focusDistance(2).focalLength(85).fNumber(1.4)
                .aperture(6, 0, 0).build();
        write(sideBySide(img, sideBySide(circle.apply(img, ctx), hexagon.apply(img, ctx))), "depth-bokeh.png");
    }

    static FloatImage zoom(FloatImage img, int f) {
        FloatImage out = FloatImage.create(img.width() * f, img.height() * f, false);
        for (int c = 0; c < 3; c++) {
            float[] s = img.plane(c);
            float[] d = out.plane(c);
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    d[y * out.width() + x] = s[(y / f) * img.width() + x / f];
                }
            }
        }
        return out;
    }
}
