package dev.emulsion.optics;

import dev.emulsion.chain.FilterChain;
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
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders the optics pictures under {@code docs/img/}. Runs only when asked:
 * <pre>mvn -q -B -pl filters test -Dtest=OpticsPicturesTest -Demulsion.docs=true</pre>
 * (the vignette picture reads {@code ../shared/fixtures/coffee.png}, or {@code $EMULSION_FIXTURES/coffee.png}).
 */
@EnabledIfSystemProperty(named = "emulsion.docs", matches = "true")
class OpticsPicturesTest {
    static final RenderContext CTX = RenderContext.defaults().withSeed(3).withScheduler(StripScheduler.ofThreads(2));
    static final File OUT = new File("../docs/img");

    /** A synthetic night street: dark sky, buildings with lit windows, street lamps, a neon sign, tail lights. */
    static FloatImage nightStreet(int w, int h) {
        FloatImage img = FloatImage.create(w, h, false);
        float[] r = img.red();
        float[] g = img.green();
        float[] b = img.blue();
        SplittableRandom rnd = new SplittableRandom(12);
        int horizon = (int) (h * 0.72);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double t = (double) y / horizon;
                if (y < horizon) {
                    r[i] = (float) (0.003 + 0.02 * t * t);
                    g[i] = (float) (0.004 + 0.014 * t * t);
                    b[i] = (float) (0.012 + 0.02 * t * t);
                } else {
                    double u = (double) (y - horizon) / (h - horizon);
                    r[i] = (float) (0.012 + 0.01 * u);
                    g[i] = (float) (0.010 + 0.008 * u);
                    b[i] = (float) (0.010 + 0.006 * u);
                }
            }
        }
        // buildings with windows
        int x = 0;
        while (x < w) {
            int bw = 70 + rnd.nextInt(120);
            int top = (int) (h * (0.18 + 0.3 * rnd.nextDouble()));
            float shade = (float) (0.004 + 0.004 * rnd.nextDouble());
            for (int y = top; y < horizon; y++) {
                for (int xx = x; xx < Math.min(w, x + bw); xx++) {
                    int i = y * w + xx;
                    r[i] = shade * 1.1f;
                    g[i] = shade;
                    b[i] = shade * 1.2f;
                }
            }
            for (int wy = top + 12; wy < horizon - 20; wy += 26) {
                for (int wx = x + 8; wx < x + bw - 14; wx += 22) {
                    if (rnd.nextDouble() < 0.16) {
                        boolean clipped = rnd.nextDouble() < 0.4;
                        float lr = clipped ? 1f : 0.35f + 0.3f * (float) rnd.nextDouble();
                        float lg = clipped ? 0.92f : lr * 0.75f;
                        float lb = clipped ? 0.7f : lr * 0.45f;
                        rect(img, wx, wy, 10, 14, lr, lg, lb);
                    }
                }
            }
            x += bw + 4 + rnd.nextInt(20);
        }
        // street lamps: poles and sodium heads far brighter than white (scene-referred, as from a raw file);
        // the windows above are clipped at 1.0 as in an 8-bit source and glow through the highlight boost
        for (int k = 0; k < 5; k++) {
            int lx = (int) (w * (0.1 + 0.2 * k));
            int ly = (int) (h * (0.55 + 0.05 * (k % 2)));
            rect(img, lx - 2, ly, 4, (int) (h * 0.9) - ly, 0.008f, 0.008f, 0.009f);
            disk(img, lx, ly - 4, 6, 24f, 15f, 6f);
        }
        // a neon sign: red and cyan bars
        rect(img, (int) (w * 0.42), (int) (h * 0.54), 90, 6, 1f, 0.12f, 0.2f);
        rect(img, (int) (w * 0.42), (int) (h * 0.54) + 14, 90, 6, 0.1f, 0.9f, 1f);
        // car tail lights on the street
        for (int k = 0; k < 3; k++) {
            int cx = (int) (w * (0.25 + 0.22 * k));
            int cy = (int) (h * 0.84);
            rect(img, cx, cy, 60, 18, 0.01f, 0.01f, 0.012f);
            disk(img, cx + 6, cy + 6, 4, 6f, 0.2f, 0.1f);
            disk(img, cx + 54, cy + 6, 4, 6f, 0.2f, 0.1f);
        }
        return img;
    }

    static void rect(FloatImage img, int x0, int y0, int rw, int rh, float vr, float vg, float vb) {
        int w = img.width();
        for (int y = Math.max(0, y0); y < Math.min(img.height(), y0 + rh); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x0 + rw); x++) {
                img.red()[y * w + x] = vr;
                img.green()[y * w + x] = vg;
                img.blue()[y * w + x] = vb;
            }
        }
    }

    static void disk(FloatImage img, int cx, int cy, double rad, float vr, float vg, float vb) {
        int w = img.width();
        for (int y = (int) (cy - rad - 1); y <= cy + rad + 1; y++) {
            for (int x = (int) (cx - rad - 1); x <= cx + rad + 1; x++) {
                double d = Math.hypot(x - cx, y - cy);
                double cover = Math.max(0, Math.min(1, rad + 0.5 - d));
                if (cover > 0 && x >= 0 && y >= 0 && x < w && y < img.height()) {
                    int i = y * w + x;
                    img.red()[i] = (float) (img.red()[i] * (1 - cover) + vr * cover);
                    img.green()[i] = (float) (img.green()[i] * (1 - cover) + vg * cover);
                    img.blue()[i] = (float) (img.blue()[i] * (1 - cover) + vb * cover);
                }
            }
        }
    }

    /** Crop of a float image. */
    static FloatImage crop(FloatImage img, int x0, int y0, int cw, int ch) {
        FloatImage out = FloatImage.create(cw, ch, false);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ch; y++) {
                System.arraycopy(img.plane(c), (y0 + y) * img.width() + x0, out.plane(c), y * cw, cw);
            }
        }
        return out;
    }

    /** Nearest-neighbour enlargement (to show pixels in a close-up). */
    static FloatImage enlarge(FloatImage img, int k) {
        int w = img.width();
        FloatImage out = FloatImage.create(w * k, img.height() * k, false);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < img.height() * k; y++) {
                for (int x = 0; x < w * k; x++) {
                    out.plane(c)[y * w * k + x] = img.plane(c)[(y / k) * w + x / k];
                }
            }
        }
        return out;
    }

    /** Before and after side by side with a 4 px dark gap. */
    static FloatImage sideBySide(FloatImage a, FloatImage b) {
        int gap = 4;
        int w = a.width() + gap + b.width();
        int h = a.height();
        FloatImage out = FloatImage.filled(w, h, 0.01f, 0.01f, 0.01f);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(a.plane(c), y * a.width(), out.plane(c), y * w, a.width());
                System.arraycopy(b.plane(c), y * b.width(), out.plane(c), y * w + a.width() + gap, b.width());
            }
        }
        return out;
    }

    static void write(FloatImage img, String name) throws IOException {
        assertTrue(OUT.isDirectory() || OUT.mkdirs());
        File f = new File(OUT, name);
        ImageIO.write(ImageConversion.toBufferedImage(img, 8, 3), "png", f);
        assertTrue(f.length() < 450_000, name + " is " + f.length() + " bytes");
    }

    @Test
    void halationNightStreet() throws IOException {
        int w = 1800;
        int h = 1200;
        FloatImage scene = nightStreet(w, h);
        FilterChain cinestill = FilterChain.of(Halation.ofClass(Halation.AntiHalation.NONE),
                new Bloom(0.04, 150, 900, 0.4, 2));
        FloatImage after = cinestill.apply(scene, CTX);
        int cx = 480;
        int cy = 600;
        write(sideBySide(crop(scene, cx, cy, 560, 440), crop(after, cx, cy, 560, 440)), "optics-halation.png");
    }

    @Test
    void chromaticAberrationCloseUp() throws IOException {
        int w = 1800;
        int h = 1200;
        FloatImage grid = FloatImage.filled(w, h, 0.85f, 0.85f, 0.85f);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x % 40 < 3 || y % 40 < 3) {
                    int i = y * w + x;
                    grid.red()[i] = 0.02f;
                    grid.green()[i] = 0.02f;
                    grid.blue()[i] = 0.02f;
                }
            }
        }
        // 1800 px across 36 mm: 20 µm per pixel; 40 / -30 µm is 2 / -1.5 px in the corners
        FloatImage ca = new ChromaticAberration(40, -30).apply(grid, CTX);
        write(sideBySide(enlarge(crop(grid, 0, 0, 140, 120), 4), enlarge(crop(ca, 0, 0, 140, 120), 4)),
                "optics-ca.png");
    }

    /** A bright day: blue sky, sea and sand, where a vignette shows in the corners. */
    static FloatImage beach(int w, int h) {
        FloatImage img = FloatImage.create(w, h, false);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double t = (double) y / h;
                double r;
                double g;
                double b;
                if (t < 0.55) {
                    double u = t / 0.55;
                    r = 0.18 + 0.35 * u;
                    g = 0.32 + 0.3 * u;
                    b = 0.75 + 0.1 * u;
                } else if (t < 0.7) {
                    r = 0.06;
                    g = 0.2;
                    b = 0.3;
                } else {
                    double u = (t - 0.7) / 0.3;
                    r = 0.62 - 0.15 * u;
                    g = 0.5 - 0.12 * u;
                    b = 0.32 - 0.08 * u;
                }
                img.red()[i] = (float) r;
                img.green()[i] = (float) g;
                img.blue()[i] = (float) b;
            }
        }
        disk(img, (int) (w * 0.78), (int) (h * 0.2), 16, 1f, 1f, 0.95f);
        return img;
    }

    @Test
    void vignette() throws IOException {
        FloatImage scene = beach(600, 400);
        FloatImage vig = new Vignette(-1.5, 35, 0, 0, 0, false, 0, 0, 0.6, true).apply(scene, CTX);
        write(sideBySide(scene, vig), "optics-vignette.png");
    }
}
