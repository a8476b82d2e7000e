package dev.emulsion.cli;

import dev.emulsion.image.FloatImage;

/**
 * The EXIF bits the CLI needs: read the Orientation tag (0x0112) of IFD0 from an APP1 "Exif" payload, reset
 * it to 1 in a copy (the pixels are turned upright on read, so the kept EXIF must not turn them again), and
 * turn a float image upright.
 */
final class Exif {
    private static final int TAG_ORIENTATION = 0x0112;

    private Exif() {
    }

    /** @return the orientation 1–8, or 1 when absent or unreadable */
    static int orientation(byte[] app1) {
        int at = orientationValueOffset(app1);
        if (at < 0) {
            return 1;
        }
        int v = readShort(app1, at, app1[6] == 'I');
        return v >= 1 && v <= 8 ? v : 1;
    }

    /** @return a copy of the payload with Orientation set to 1 (unchanged copy when it has none) */
    static byte[] withUprightOrientation(byte[] app1) {
        byte[] copy = app1.clone();
        int at = orientationValueOffset(copy);
        if (at >= 0) {
            boolean le = copy[6] == 'I';
            copy[at] = (byte) (le ? 1 : 0);
            copy[at + 1] = (byte) (le ? 0 : 1);
        }
        return copy;
    }

    /** Offset of the Orientation SHORT value in the payload, or -1. The TIFF header starts at byte 6. */
    private static int orientationValueOffset(byte[] b) {
        try {
            int t = 6;
            if (b.length < t + 8) {
                return -1;
            }
            boolean le;
            if (b[t] == 'I' && b[t + 1] == 'I') {
                le = true;
            } else if (b[t] == 'M' && b[t + 1] == 'M') {
                le = false;
            } else {
                return -1;
            }
            long ifd = readInt(b, t + 4, le) & 0xffffffffL;
            int p = (int) (t + ifd);
            if (ifd < 8 || p + 2 > b.length) {
                return -1;
            }
            int n = readShort(b, p, le);
            for (int i = 0; i < n; i++) {
                int e = p + 2 + i * 12;
                if (e + 12 > b.length) {
                    return -1;
                }
                if (readShort(b, e, le) == TAG_ORIENTATION && readShort(b, e + 2, le) == 3) {
                    return e + 8;
                }
            }
            return -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static int readShort(byte[] b, int p, boolean le) {
        int a = b[p] & 0xff;
        int c = b[p + 1] & 0xff;
        return le ? a | (c << 8) : (a << 8) | c;
    }

    private static int readInt(byte[] b, int p, boolean le) {
        return le ? readShort(b, p, true) | (readShort(b, p + 2, true) << 16)
                : (readShort(b, p, false) << 16) | readShort(b, p + 2, false);
    }

    /**
     * Turns an image upright according to an EXIF orientation (1 = already upright; 2–8 mirror/rotate as the
     * EXIF 2.3 table says: 3 = 180°, 6 = the camera was turned clockwise, so rotate 90° clockwise to view).
     *
     * @return the upright image (the same object for orientation 1)
     */
    static FloatImage upright(FloatImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.width();
        int h = src.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        FloatImage out = FloatImage.create(ow, oh, src.hasAlpha());
        int planes = src.hasAlpha() ? 4 : 3;
        for (int c = 0; c < planes; c++) {
            float[] s = src.plane(c);
            float[] d = out.plane(c);
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int sx;
                    int sy;
                    switch (orientation) {
                        case 2: sx = w - 1 - x; sy = y; break;
                        case 3: sx = w - 1 - x; sy = h - 1 - y; break;
                        case 4: sx = x; sy = h - 1 - y; break;
                        case 5: sx = y; sy = x; break;
                        case 6: sx = y; sy = h - 1 - x; break;
                        case 7: sx = w - 1 - y; sy = h - 1 - x; break;
                        default: sx = w - 1 - y; sy = x; break; // 8
                    }
                    d[y * ow + x] = s[sy * w + sx];
                }
            }
        }
        return out;
    }
}
