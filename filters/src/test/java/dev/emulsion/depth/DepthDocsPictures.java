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
        DepthBlur blur = DepthBlur.builder().depth(map).distances(2.11, 5.02).focusDistance(2.5)
                .focalLength(85).fNumber(1.4).aperture(6, 0, 0.2).build();
        FloatImage out = blur.apply(img, ctx);
        write(img, "depth-motorcycle-before.png");
        write(out, "depth-motorcycle-after.png");
        // The bike's outline against the shelves: handlebar, mirror and headlight, 2× enlarged.
        write(sideBySide(zoom(crop(img, 400, 30, 200, 170), 2), zoom(crop(out, 400, 30, 200, 170), 2)),
                "depth-motorcycle-detail.png");
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
