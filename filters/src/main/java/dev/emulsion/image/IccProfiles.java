package dev.emulsion.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.util.Arrays;

/**
 * Recognises ICC profiles that are equivalent to sRGB (or standard gray), so that images tagged with an sRGB
 * profile take the fast path and everything else is converted colorimetrically.
 */
final class IccProfiles {
    private static final byte[] SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

    private IccProfiles() {
    }

    /** @return whether the profile describes sRGB: the JDK's own, or one whose description names sRGB */
    static boolean isSrgb(ICC_Profile p) {
        if (Arrays.equals(p.getData(), SRGB)) {
            return true;
        }
        String desc = description(p);
        return desc != null && desc.toLowerCase(java.util.Locale.ROOT).contains("srgb");
    }

    /** @return whether a gray profile is the JDK's standard gray */
    static boolean isStandardGray(ICC_Profile p) {
        return Arrays.equals(p.getData(), ICC_Profile.getInstance(ColorSpace.CS_GRAY).getData());
    }

    /** @return the profile's 'desc' text, or null */
    static String description(ICC_Profile p) {
        byte[] tag = p.getData(ICC_Profile.icSigProfileDescriptionTag);
        if (tag == null || tag.length < 12) {
            return null;
        }
        String type = new String(tag, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
        if (type.equals("desc")) {
            int len = ((tag[8] & 0xff) << 24) | ((tag[9] & 0xff) << 16) | ((tag[10] & 0xff) << 8) | (tag[11] & 0xff);
            len = Math.max(0, Math.min(len, tag.length - 12));
            return new String(tag, 12, len, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
        }
        if (type.equals("mluc") && tag.length >= 28) {
            int off = ((tag[20] & 0xff) << 24) | ((tag[21] & 0xff) << 16) | ((tag[22] & 0xff) << 8) | (tag[23] & 0xff);
            int len = ((tag[16] & 0xff) << 24) | ((tag[17] & 0xff) << 16) | ((tag[18] & 0xff) << 8) | (tag[19] & 0xff);
            if (off + len <= tag.length) {
                return new String(tag, off, len, java.nio.charset.StandardCharsets.UTF_16BE).trim();
            }
        }
        return null;
    }

    /** @return whether the colour space is an ICC space (for callers that need the profile) */
    static boolean isIcc(ColorSpace cs) {
        return cs instanceof ICC_ColorSpace;
    }
}
