package dev.emulsion.cli;

import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.Stage;
import dev.emulsion.image.FloatImage;
import dev.emulsion.image.ImageConversion;
import dev.emulsion.image.SrgbTransfer;
import dev.emulsion.presets.Preset;
import dev.emulsion.presets.PresetLibrary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code emulsion presets list|show|export}. */
@Command(name = "presets", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "List, show and export presets.")
final class PresetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private final PresetLibrary library;

    PresetsCommand(PresetLibrary library) {
        this.library = library;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: allowed is list, show or export");
    }

    private Preset load(String name) {
        try {
            return library.load(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Prints name, type, ISO and look of every preset. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "List the bundled presets and those in the user folder (~/.config/emulsion/presets).")
    int list() {
        PrintWriter out = spec.commandLine().getOut();
        List<Preset> all;
        try {
            all = library.all();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("emulsion: " + e.getMessage());
            return 1;
        }
        int nw = 4;
        int tw = 4;
        for (Preset p : all) {
            nw = Math.max(nw, p.name().length());
            tw = Math.max(tw, p.type().length());
        }
        String fmt = "%-" + nw + "s  %-" + tw + "s  %5s  %s%n";
        out.printf(Locale.ROOT, fmt, "NAME", "TYPE", "ISO", "LOOK");
        for (Preset p : all) {
            out.printf(Locale.ROOT, fmt, p.name(), p.type(), p.iso() > 0 ? Integer.toString(p.iso()) : "-", p.look());
        }
        out.flush();
        return 0;
    }

    /** Prints the effective TOML of a preset. */
    @Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Print a preset's effective TOML (inheritance resolved).")
    int show(@Parameters(paramLabel = "PRESET", description = "Preset name or .toml path.") String name) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(load(name).toToml());
        out.flush();
        return 0;
    }

    /** Exactly one of --cube or --hald. */
    static final class Target {
        @Option(names = "--cube", paramLabel = "FILE", required = true, description = "Write an Adobe/Resolve .cube 3D LUT.")
        Path cube;
        @Option(names = "--hald", paramLabel = "FILE", required = true, description = "Write a Hald CLUT PNG.")
        Path hald;
    }

    /** Bakes the colour stages of a preset into a LUT. */
    @Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Bake a preset's colour stages into a 3D LUT (.cube) or a Hald CLUT (PNG).",
                "Only colour stages are baked; grain, blur, halation and other spatial stages are left out (named on stderr)."})
    int export(@Parameters(paramLabel = "PRESET") String name,
               @ArgGroup(exclusive = true, multiplicity = "1") Target target,
               @Option(names = "--size", paramLabel = "N", description = "Cube size, 2-129 (default: 33; Hald level = ceil(sqrt(N)), at most 16).")
               Integer size) {
        Preset p = load(name);
        PrintWriter err = spec.commandLine().getErr();
        int n = size == null ? 33 : size;
        if (n < 2 || n > 129) {
            throw new ParameterException(spec.commandLine(), "--size " + n + " is out of range: allowed is 2 to 129");
        }
        List<Stage> colour = new ArrayList<>();
        for (Stage s : p.buildStages()) {
            if (s instanceof ColorStage) {
                colour.add(s);
            } else {
                err.println("emulsion: " + p.name() + ": stage " + s.spec().name()
                        + " is not a colour transform; it is left out of the LUT");
            }
        }
        FilterChain chain = FilterChain.builder().addAll(colour).seed(0).build();
        try {
            if (target.cube != null) {
                writeCube(p, chain, n, target.cube);
            } else {
                int level = Math.min(16, Math.max(2, (int) Math.ceil(Math.sqrt(size == null ? 64 : n))));
                writeHald(chain, p.strength(), level, target.hald);
            }
        } catch (IOException e) {
            err.println("emulsion: " + (target.cube != null ? target.cube : target.hald) + ": cannot write: "
                    + ImageFiles.reason(e));
            return 1;
        }
        return 0;
    }

    /** Renders the lattice: sRGB-encoded grid values → linear → chain → blended by strength. */
    private static FloatImage lattice(FilterChain chain, double strength, int n, int width) {
        int count = n * n * n;
        FloatImage in = FloatImage.create(width, count / width, false);
        float[] r = in.red();
        float[] g = in.green();
        float[] b = in.blue();
        for (int i = 0; i < count; i++) {
            r[i] = (float) SrgbTransfer.decodeExact((i % n) / (double) (n - 1));
            g[i] = (float) SrgbTransfer.decodeExact(((i / n) % n) / (double) (n - 1));
            b[i] = (float) SrgbTransfer.decodeExact((i / (n * n)) / (double) (n - 1));
        }
        FloatImage out = chain.apply(in);
        if (strength < 1) {
            float s = (float) strength;
            for (int c = 0; c < 3; c++) {
                float[] o = out.plane(c);
                float[] q = in.plane(c);
                for (int i = 0; i < count; i++) {
                    o[i] = q[i] + s * (o[i] - q[i]);
                }
            }
        }
        return out;
    }

    private static void writeCube(Preset p, FilterChain chain, int n, Path file) throws IOException {
        FloatImage out = lattice(chain, p.strength(), n, n * n);
        Path tmp = temp(file);
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            w.write("TITLE \"" + p.title().replace('"', '\'') + "\"\n");
            w.write("# Emulsion preset " + p.name() + ": colour stages only, sRGB in and out\n");
            w.write("LUT_3D_SIZE " + n + "\n");
            w.write("DOMAIN_MIN 0.0 0.0 0.0\nDOMAIN_MAX 1.0 1.0 1.0\n");
            float[] r = out.red();
            float[] g = out.green();
            float[] b = out.blue();
            for (int i = 0; i < r.length; i++) {
                w.write(String.format(Locale.ROOT, "%.6f %.6f %.6f%n", enc(r[i]), enc(g[i]), enc(b[i])));
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeHald(FilterChain chain, double strength, int level, Path file) throws IOException {
        int cube = level * level;
        int side = level * level * level;
        FloatImage out = lattice(chain, strength, cube, side);
        Path tmp = temp(file);
        try (OutputStream os = Files.newOutputStream(tmp)) {
            ImageFiles.write(ImageConversion.toBufferedImage(out, 16, 0), "png", 0, null, os);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path temp(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    }

    private static double enc(float linear) {
        return Math.max(0, Math.min(1, SrgbTransfer.encodeExact(Math.max(0, linear))));
    }
}
