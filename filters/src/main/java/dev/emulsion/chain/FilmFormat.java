package dev.emulsion.chain;

import java.util.Locale;

/**
 * The film frame an image is imagined to have been captured on. Stages size grain, halation, blur and
 * aberration in µm on film and convert to pixels through {@link #pixelPitchMicrons(int, int)}, so a preview
 * and a full-size export share one look.
 */
public enum FilmFormat {
    /** 35 mm full frame, 36 × 24 mm. */
    FULL_FRAME_35MM("35mm", 36.0, 24.0),
    /** 6 × 4.5 medium format, 56 × 41.5 mm. */
    MEDIUM_645("645", 56.0, 41.5),
    /** 6 × 6 medium format, 56 × 56 mm. */
    MEDIUM_6X6("6x6", 56.0, 56.0),
    /** 6 × 7 medium format, 69.5 × 56 mm. */
    MEDIUM_6X7("6x7", 69.5, 56.0),
    /** 4 × 5 inch sheet film, image area 120 × 95 mm. */
    LARGE_4X5("4x5", 120.0, 95.0);

    private final String id;
    private final double longMm;
    private final double shortMm;

    FilmFormat(String id, double longMm, double shortMm) {
        this.id = id;
        this.longMm = longMm;
        this.shortMm = shortMm;
    }

    /** @return the short name used in presets and on the command line ("35mm", "645", "6x6", "6x7", "4x5") */
    public String id() {
        return id;
    }

    /** @return the frame's long side in mm */
    public double longSideMm() {
        return longMm;
    }

    /** @return the frame's short side in mm */
    public double shortSideMm() {
        return shortMm;
    }

    /** @return the frame diagonal in mm */
    public double diagonalMm() {
        return Math.hypot(longMm, shortMm);
    }

    /**
     * The size on film of one pixel: the image's long side spans the frame's long side.
     *
     * @return pixel pitch in µm
     */
    public double pixelPitchMicrons(int width, int height) {
        return longMm * 1000.0 / Math.max(width, height);
    }

    /**
     * @return the format with that id (case-insensitive)
     * @throws IllegalArgumentException listing the ids that exist
     */
    public static FilmFormat fromId(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT);
        for (FilmFormat f : values()) {
            if (f.id.equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown film format '" + id + "': allowed is one of 35mm, 645, 6x6, 6x7, 4x5");
    }
}
