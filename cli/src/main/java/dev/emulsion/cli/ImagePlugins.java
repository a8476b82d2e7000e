package dev.emulsion.cli;

import java.util.Iterator;

/**
 * Chooses between the ImageIO plugins registered for a format: the JDK's own ({@code com.sun.*}, whose
 * JPEG codec is linked to the system libjpeg-turbo on Debian builds) or another one (TwelveMonkeys).
 * The command and the end-to-end benchmark choose through this class, so they measure the same codec.
 */
public final class ImagePlugins {
    private ImagePlugins() {
    }

    /** @return whether {@code plugin} is one of the JDK's own ImageIO plugins */
    public static boolean isJdk(Object plugin) {
        return plugin.getClass().getName().startsWith("com.sun.");
    }

    /**
     * @param plugins the registered plugins, in ImageIO's order
     * @param jdk     true to prefer the JDK's own plugin, false to prefer any other
     * @return the first plugin of the preferred kind, else the first plugin, else null when there is none
     */
    public static <T> T choose(Iterator<T> plugins, boolean jdk) {
        T first = null;
        while (plugins.hasNext()) {
            T p = plugins.next();
            if (isJdk(p) == jdk) {
                return p;
            }
            if (first == null) {
                first = p;
            }
        }
        return first;
    }
}
