package dev.emulsion.lut;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads and writes Adobe/Resolve {@code .cube} files: {@code TITLE}, {@code LUT_1D_SIZE} (2–65536),
 * {@code LUT_3D_SIZE} (2–256), {@code DOMAIN_MIN}/{@code DOMAIN_MAX} (three numbers, default 0 and 1),
 * Resolve's {@code LUT_1D_INPUT_RANGE}/{@code LUT_3D_INPUT_RANGE}, {@code #} comments and blank lines; then
 * the entries, three numbers per line, red changing fastest. A file with both sizes holds the 1D entries
 * first. Other keywords before the data are ignored. Every error names the file and the line.
 */
public final class CubeLut {
    private CubeLut() {
    }

    /**
     * Reads a .cube file.
     *
     * @throws IOException         if the file cannot be read
     * @throws LutFormatException  if it is not a valid .cube file (message: {@code file:line: reason})
     */
    public static Lut3D read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    /**
     * Reads .cube text.
     *
     * @param in     the text
     * @param source the name used in error messages (a file name)
     * @throws IOException        if reading fails
     * @throws LutFormatException if the text is not a valid .cube file
     */
    public static Lut3D read(Reader in, String source) throws IOException {
        BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
        String title = "";
        int size1 = 0;
        int size3 = 0;
        float[] min = {0, 0, 0};
        float[] max = {1, 1, 1};
        float[] min1 = null;
        float[] max1 = null;
        float[] min3 = null;
        float[] max3 = null;
        float[][] t1 = null;
        float[] l3 = null;
        int n1 = 0;
        int n3 = 0;
        int lineNo = 0;
        String line;
        boolean data = false;
        while ((line = r.readLine()) != null) {
            lineNo++;
            int hash = line.indexOf('#');
            String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (s.isEmpty()) {
                continue;
            }
            char c0 = s.charAt(0);
            if (Character.isLetter(c0) && !isNumberStart(s)) {
                String[] tok = s.split("\\s+");
                String key = tok[0].toUpperCase(Locale.ROOT);
                if (data) {
                    throw error(source, lineNo, "keyword " + tok[0] + " after the entries began");
                }
                switch (key) {
                    case "TITLE": {
                        String rest = s.substring(tok[0].length()).trim();
                        if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
                            rest = rest.substring(1, rest.length() - 1);
                        }
                        title = rest;
                        break;
                    }
                    case "LUT_1D_SIZE":
                        if (size1 != 0) {
                            throw error(source, lineNo, "LUT_1D_SIZE given twice");
                        }
                        size1 = size(source, lineNo, tok, Lut3D.MAX_1D_SIZE);
                        break;
                    case "LUT_3D_SIZE":
                        if (size3 != 0) {
                            throw error(source, lineNo, "LUT_3D_SIZE given twice");
                        }
                        size3 = size(source, lineNo, tok, Lut3D.MAX_3D_SIZE);
                        break;
                    case "DOMAIN_MIN":
                        min = numbers(source, lineNo, s, tok, 3);
                        break;
                    case "DOMAIN_MAX":
                        max = numbers(source, lineNo, s, tok, 3);
                        break;
                    case "LUT_1D_INPUT_RANGE": {
                        float[] v = numbers(source, lineNo, s, tok, 2);
                        min1 = new float[] {v[0], v[0], v[0]};
                        max1 = new float[] {v[1], v[1], v[1]};
                        break;
                    }
                    case "LUT_3D_INPUT_RANGE": {
                        float[] v = numbers(source, lineNo, s, tok, 2);
                        min3 = new float[] {v[0], v[0], v[0]};
                        max3 = new float[] {v[1], v[1], v[1]};
                        break;
                    }
                    default:
                        break; // vendor keywords (LUT_IN_VIDEO_RANGE, ...) do not change the data
                }
                continue;
            }
            // an entry
            if (!data) {
                if (size1 == 0 && size3 == 0) {
                    throw error(source, lineNo, "entries before LUT_1D_SIZE or LUT_3D_SIZE");
                }
                data = true;
                if (size1 != 0) {
                    t1 = new float[3][size1];
                }
                if (size3 != 0) {
                    l3 = new float[3 * size3 * size3 * size3];
                }
            }
            String[] tok = s.split("\\s+");
            float[] v = new float[3];
            if (tok.length != 3) {
                throw error(source, lineNo, "expected 3 numbers, found \"" + s + "\"");
            }
            for (int k = 0; k < 3; k++) {
                v[k] = number(source, lineNo, tok[k]);
            }
            if (n1 < size1) {
                t1[0][n1] = v[0];
                t1[1][n1] = v[1];
                t1[2][n1] = v[2];
                n1++;
            } else if (size3 != 0 && n3 < size3 * size3 * size3) {
                l3[3 * n3] = v[0];
                l3[3 * n3 + 1] = v[1];
                l3[3 * n3 + 2] = v[2];
                n3++;
            } else {
                throw error(source, lineNo, "more entries than the declared size allows ("
                        + expected(size1, size3) + ")");
            }
        }
        if (size1 == 0 && size3 == 0) {
            throw error(source, lineNo, "no LUT_1D_SIZE or LUT_3D_SIZE: not a .cube file");
        }
        long want = expected(size1, size3);
        long got = (long) n1 + n3;
        if (got != want) {
            throw error(source, lineNo, "truncated: expected " + want + " entries, found " + got);
        }
        if (min1 == null) {
            min1 = min;
            max1 = max;
        }
        if (min3 == null) {
            min3 = min;
            max3 = max;
        }
        try {
            return new Lut3D(title, size1, t1, min1, max1, size3, l3, min3, max3);
        } catch (IllegalArgumentException e) {
            throw new LutFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static boolean isNumberStart(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("nan") || l.startsWith("inf");
    }

    private static long expected(int size1, int size3) {
        return (long) size1 + (long) size3 * size3 * size3;
    }

    private static int size(String source, int lineNo, String[] tok, int maxSize) {
        if (tok.length != 2) {
            throw error(source, lineNo, tok[0] + " needs one integer");
        }
        int n;
        try {
            n = Integer.parseInt(tok[1]);
        } catch (NumberFormatException e) {
            throw error(source, lineNo, tok[0] + " " + tok[1] + " is not an integer");
        }
        if (n < Lut3D.MIN_SIZE || n > maxSize) {
            throw error(source, lineNo, tok[0] + " " + n + " is out of range: allowed is " + Lut3D.MIN_SIZE
                    + " to " + maxSize);
        }
        return n;
    }

    private static float[] numbers(String source, int lineNo, String s, String[] tok, int count) {
        if (tok.length != count + 1) {
            throw error(source, lineNo, tok[0] + " needs " + count + " numbers, found \"" + s + "\"");
        }
        float[] v = new float[count];
        for (int k = 0; k < count; k++) {
            v[k] = number(source, lineNo, tok[k + 1]);
        }
        return v;
    }

    private static float number(String source, int lineNo, String tok) {
        float v;
        try {
            v = Float.parseFloat(tok);
        } catch (NumberFormatException e) {
            throw error(source, lineNo, "\"" + tok + "\" is not a number");
        }
        if (!Float.isFinite(v)) {
            throw error(source, lineNo, "\"" + tok + "\" is not a finite number");
        }
        return v;
    }

    private static LutFormatException error(String source, int lineNo, String msg) {
        return new LutFormatException(source + ":" + lineNo + ": " + msg);
    }

    /**
     * Writes a 3D LUT as .cube text (six decimals, red fastest).
     *
     * @param lut a LUT with a 3D lattice
     * @param out where to write; not closed
     */
    public static void write(Lut3D lut, Writer out) throws IOException {
        if (lut.size() == 0) {
            throw new IllegalArgumentException("only 3D LUTs can be written");
        }
        StringBuilder sb = new StringBuilder(64);
        if (!lut.title().isEmpty()) {
            out.write("TITLE \"" + lut.title().replace('"', '\'') + "\"\n");
        }
        out.write("# written by Emulsion; input and output are sRGB-encoded values\n");
        out.write("LUT_3D_SIZE " + lut.size() + "\n");
        float[] lo = lut.domainMin();
        float[] hi = lut.domainMax();
        out.write("DOMAIN_MIN " + lo[0] + " " + lo[1] + " " + lo[2] + "\n");
        out.write("DOMAIN_MAX " + hi[0] + " " + hi[1] + " " + hi[2] + "\n");
        float[] l = lut.lattice();
        for (int i = 0; i < l.length; i += 3) {
            sb.setLength(0);
            fixed(sb, l[i]).append(' ');
            fixed(sb, l[i + 1]).append(' ');
            fixed(sb, l[i + 2]).append('\n');
            out.append(sb);
        }
    }

    /** Appends v with six decimals, without String.format's cost (a 65³ LUT has 275 000 lines). */
    static StringBuilder fixed(StringBuilder sb, float v) {
        long m = Math.round(Math.abs((double) v) * 1e6);
        if (v < 0 && m != 0) {
            sb.append('-');
        }
        sb.append(m / 1000000).append('.');
        String frac = Long.toString(m % 1000000);
        for (int k = frac.length(); k < 6; k++) {
            sb.append('0');
        }
        return sb.append(frac);
    }
}
