package dev.emulsion.cli;

import dev.emulsion.chain.ColorStage;
import dev.emulsion.chain.Stage;
import dev.emulsion.lut.LutExport;
import dev.emulsion.presets.Preset;
import dev.emulsion.presets.PresetLibrary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
               @Option(names = "--size", paramLabel = "N", description = "Cube size, 2-256 (default: 33; 17, 33, 65 usual; Hald level = ceil(sqrt(N)), at most 16).")
               Integer size) {
        Preset p = load(name);
        PrintWriter err = spec.commandLine().getErr();
        int n = size == null ? 33 : size;
        if (n < 2 || n > 256) {
            throw new ParameterException(spec.commandLine(), "--size " + n + " is out of range: allowed is 2 to 256");
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
        try {
            if (target.cube != null) {
                LutExport.cube(colour, n, p.strength(), p.title(), target.cube);
            } else {
                int level = Math.min(16, Math.max(2, (int) Math.ceil(Math.sqrt(size == null ? 64 : n))));
                LutExport.hald(colour, level, p.strength(), target.hald);
            }
        } catch (IOException e) {
            err.println("emulsion: " + (target.cube != null ? target.cube : target.hald) + ": cannot write: "
                    + ImageFiles.reason(e));
            return 1;
        }
        return 0;
    }
}
