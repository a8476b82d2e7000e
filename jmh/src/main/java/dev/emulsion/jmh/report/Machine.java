package dev.emulsion.jmh.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-line description of the machine the report is made on (the same machine that ran the suite). */
final class Machine {
    private Machine() {
    }

    /** @return CPU model, logical cores, memory and OS, as far as they can be read */
    static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        StringBuilder b = new StringBuilder();
        b.append(cpu == null ? "unknown CPU" : cpu);
        b.append(", ").append(Runtime.getRuntime().availableProcessors()).append(" logical cores");
        if (mem != null) {
            String[] kb = mem.trim().split("\\s+");
            try {
                b.append(", ").append(Math.round(Long.parseLong(kb[0]) / 1024.0 / 1024.0)).append(" GB RAM");
            } catch (NumberFormatException e) {
                b.append(", ").append(mem.trim()).append(" RAM");
            }
        }
        b.append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch"));
        return b.toString();
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                int colon = l.indexOf(':');
                if (colon > 0 && l.substring(0, colon).trim().equals(key)) {
                    return l.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
