package dev.emulsion.presets;

import dev.emulsion.chain.RenderContext;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import dev.emulsion.image.SrgbTransfer;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders docs/img/contact-sheet.png: every bundled preset on the astronaut and the motorcycle fixtures,
 * labelled. Writes only with {@code -Demulsion.docs=true}:
 * {@code mvn -q -B -pl presets -am test -Dtest=ContactSheetTest -Dsurefire.failIfNoSpecifiedTests=false -Demulsion.docs=true}.
 */
class ContactSheetTest {
    static final Path OUT = Paths.get("../docs/img/contact-sheet.png");
    static final int THUMB = 176;
    static final int LABEL = 34;
    static final int COLS = 7;

    @Test
    void contactSheet() throws IOException {
        if (!Boolean.getBoolean("emulsion.docs")) {
            return;
        }
        BufferedImage full = Fixtures.image("astronaut.png");
        // the top 80 % (face, suit, helmet) keeps the sheet under 1.5 MB
        BufferedImage astro = scaled(full.getSubimage(0, 0, full.getWidth(), full.getHeight() * 4 / 5));
        BufferedImage moto = scaled(Fixtures.image("motorcycle_left.png"));
        List<String> names = new ArrayList<>();
        names.add("original");
        names.addAll(PresetLibrary.bundledNames());
        int cells = names.size();
        int rows = (cells + COLS - 1) / COLS;
        int cellH = astro.getHeight() + moto.getHeight() + LABEL + 4;
        BufferedImage sheet = new BufferedImage(COLS * (THUMB + 4) + 4, rows * cellH + 4, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(new Color(24, 24, 24));
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        PresetLibrary lib = PresetLibrary.withUserDir(Paths.get("target/no-user-presets"));
        FloatImage fa = ImageConversion.toFloatImage(astro);
        FloatImage fm = ImageConversion.toFloatImage(moto);
        for (int k = 0; k < cells; k++) {
            String n = names.get(k);
            BufferedImage a = astro;
            BufferedImage m = moto;
            String title = "Original";
            String sub = "no look";
            if (k > 0) {
                Preset p = lib.load(n);
                RenderContext ctx = RenderContext.defaults().withSeed(1);
                a = rounded(p.toChain(ctx).apply(fa));
                m = rounded(p.toChain(ctx).apply(fm));
                title = p.title();
                sub = n;
            }
            int x = 4 + (k % COLS) * (THUMB + 4);
            int y = 4 + (k / COLS) * cellH;
            g.drawImage(a, x, y, null);
            g.drawImage(m, x, y + a.getHeight(), null);
            g.setColor(Color.WHITE);
            int size = 13;
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            while (size > 8 && g.getFontMetrics().stringWidth(title) > THUMB - 6) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, --size));
            }
            g.drawString(title, x + 3, y + a.getHeight() + m.getHeight() + 15);
            g.setColor(new Color(170, 170, 170));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(sub, x + 3, y + a.getHeight() + m.getHeight() + 29);
        }
        g.dispose();
        Files.createDirectories(OUT.getParent());
        ImageIO.write(sheet, "png", OUT.toFile());
        assertTrue(Files.size(OUT) < 1_500_000, "contact sheet is " + Files.size(OUT) + " bytes; keep it under 1.5 MB");
    }

    /**
     * 8-bit sRGB by plain rounding: dither would be right for a print but its code-level noise doubles the
     * PNG's size, and thumbnails of 8-bit fixtures have no gradients to band.
     */
    private static BufferedImage rounded(FloatImage f) {
        BufferedImage out = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[f.width()];
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int i = y * f.width() + x;
                int r = Math.round(SrgbTransfer.encode(f.red()[i]) * 255f);
                int g = Math.round(SrgbTransfer.encode(f.green()[i]) * 255f);
                int b = Math.round(SrgbTransfer.encode(f.blue()[i]) * 255f);
                row[x] = (r << 16) | (g << 8) | b;
            }
            out.getRaster().setDataElements(0, y, f.width(), 1, row);
        }
        return out;
    }

    private static BufferedImage scaled(BufferedImage src) {
        int w = THUMB;
        int h = (int) Math.round(src.getHeight() * (double) THUMB / src.getWidth());
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        // two halving steps then the rest keeps the thumbnail from aliasing
        BufferedImage cur = src;
        while (cur.getWidth() / 2 >= w) {
            BufferedImage half = new BufferedImage(cur.getWidth() / 2, cur.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
            Graphics2D hg = half.createGraphics();
            hg.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            hg.drawImage(cur, 0, 0, half.getWidth(), half.getHeight(), null);
            hg.dispose();
            cur = half;
        }
        g.drawImage(cur, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
