package dev.emulsion.cli;

import dev.emulsion.chain.FilmFormat;
import dev.emulsion.chain.FilterChain;
import dev.emulsion.chain.RenderContext;
import dev.emulsion.param.StageRegistry;
import dev.emulsion.presets.Preset;
import dev.emulsion.presets.PresetLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code emulsion apply}: render images through a preset. */
@Command(name = "apply", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false,
        description = {"Apply a film preset to images, folders or glob patterns.",
            "Outputs go next to each input as NAME_<preset>.EXT unless -o names a directory (or a file, for "
                + "one input). Exit codes: 0 ok, 1 some file failed, 2 usage error."},
        footer = {"", "Depth maps: with depth flags or a preset using depth-blur, each input NAME.EXT is paired "
                + "with NAME.depth.png (or .tif, .tiff, .jpg, .jpeg) beside it; depth maps are never inputs."})
final class ApplyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--preset"}, required = true, paramLabel = "PRESET",
            description = "Bundled preset name (see 'emulsion presets list') or a path to a .toml file.")
    String preset;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files, directories or glob patterns.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Output directory (created if needed), or an output file when there is one input.")
    String output;

    @Option(names = "--format", paramLabel = "jpg|png|tif",
            description = "Output format (default: the output file's extension, else the input's; WebP/BMP → png).")
    String format;

    @Option(names = "--quality", paramLabel = "1-100", defaultValue = "92", description = "JPEG quality (default: ${DEFAULT-VALUE}).")
    int quality;

    @Option(names = "--bits", paramLabel = "8|16", description = "Output bits per channel for PNG/TIFF (default: as the input; JPEG is always 8).")
    Integer bits;

    @Option(names = "--seed", paramLabel = "N", description = "Grain/dither seed (default: derived from each image's content).")
    Long seed;

    @Option(names = "--set", paramLabel = "STAGE.PARAM=VALUE",
            description = "Override a preset parameter (repeatable); 'emulsion params' lists them. STAGE.enabled=false drops a stage.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--strength", paramLabel = "0-1", description = "Blend of the whole look with the original (default: the preset's).")
    Double strength;

    @Option(names = "--film-format", paramLabel = "35mm|645|6x6|6x7|4x5",
            description = "Film frame the image is imagined on; sizes grain and blur (default: the preset's, else 35mm).")
    String filmFormat;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Files processed at once (default: the number of cores; memory permitting).")
    Integer jobs;

    @Option(names = {"-r", "--recursive"}, description = "Descend into sub-directories of directory inputs.")
    boolean recursive;

    @Option(names = "--overwrite", description = "Replace existing outputs (an input is never overwritten).")
    boolean overwrite;

    @Option(names = "--lut", paramLabel = "FILE", description = "A .cube 3D LUT applied at the print stage (sets lut.file).")
    String lut;

    @Option(names = "--depth", paramLabel = "FILE|DIR",
            description = "Depth map for the one input, or a directory holding NAME.depth.png maps (sets depth-blur.depth).")
    String depth;

    @Option(names = "--depth-kind", paramLabel = "inverse|metric", description = "Depth map meaning: inverse (near = bright, MiDaS/Depth Anything) or metric.")
    String depthKind;

    @Option(names = "--focus", paramLabel = "X,Y", description = "Focus on this point, as fractions of width and height (e.g. 0.5,0.4).")
    String focus;

    @Option(names = "--focus-distance", paramLabel = "DIST", description = "Focus distance with a unit, e.g. 2.5m, 250cm, 8ft.")
    String focusDistance;

    @Option(names = "--aperture", paramLabel = "F", description = "Aperture f-number, e.g. 1.8 or f/1.8.")
    String aperture;

    @Option(names = "--focal-length", paramLabel = "LEN", description = "Lens focal length, e.g. 85mm.")
    String focalLength;

    @Option(names = "--blades", paramLabel = "N", description = "Aperture blade count (bokeh polygon).")
    String blades;

    private final PresetLibrary library;

    ApplyCommand(PresetLibrary library) {
        this.library = library;
    }

    private ParameterException usage(String msg) {
        return new ParameterException(spec.commandLine(), msg);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (quality < 1 || quality > 100) {
            throw usage("--quality " + quality + " is out of range: allowed is 1 to 100");
        }
        if (bits != null && bits != 8 && bits != 16) {
            throw usage("--bits " + bits + " is not allowed: allowed is 8 or 16");
        }
        if (jobs != null && (jobs < 1 || jobs > 256)) {
            throw usage("--jobs " + jobs + " is out of range: allowed is 1 to 256");
        }
        if (focus != null && focusDistance != null) {
            throw usage("--focus and --focus-distance both set the focus: allowed is one of them");
        }
        String fmt = format == null ? null : normalizeFormat(format);
        if (format != null && fmt == null) {
            throw usage("--format " + format + " is not allowed: allowed is jpg, png or tif");
        }
        FilmFormat film = null;
        if (filmFormat != null) {
            try {
                film = FilmFormat.fromId(filmFormat);
            } catch (IllegalArgumentException e) {
                throw usage("--film-format: " + e.getMessage());
            }
        }
        Preset p;
        try {
            p = library.load(preset);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (strength != null) {
            try {
                p = p.withStrength(strength);
            } catch (IllegalArgumentException e) {
                throw usage("--" + e.getMessage());
            }
        }
        // shorthands (one table: Shorthands.TABLE), then --set so an explicit --set wins
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--depth-kind", depthKind);
        flags.put("--focus", focus);
        flags.put("--focus-distance", focusDistance);
        flags.put("--aperture", aperture);
        flags.put("--focal-length", focalLength);
        flags.put("--blades", blades);
        flags.put("--lut", lut);
        for (Map.Entry<String, String> f : flags.entrySet()) {
            if (f.getValue() != null) {
                p = applyShorthand(p, Shorthands.of(f.getKey()), f.getValue());
            }
        }
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw usage("--set " + s + " is not valid: allowed is STAGE.PARAM=VALUE, e.g. --set exposure.ev=0.5");
            }
            try {
                p = p.with(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
            } catch (IllegalArgumentException e) {
                throw usage("--set " + s + ": " + e.getMessage());
            }
        }
        boolean depthMode = depth != null || p.stages().containsKey("depth-blur")
                || focus != null || focusDistance != null || aperture != null || focalLength != null
                || blades != null || depthKind != null;
        if (depth != null) {
            requireStage(Shorthands.DEPTH, "--depth");
        }

        Inputs.Expansion ex = Inputs.expand(inputs, recursive, p.name());
        int count = ex.inputs.size() + ex.missing.size();
        Path depthDir = null;
        Path depthFile = null;
        if (depth != null) {
            Path d = Paths.get(depth);
            if (Files.isDirectory(d)) {
                depthDir = d;
            } else if (!Files.isRegularFile(d)) {
                throw usage("--depth " + depth + ": no such file or directory");
            } else if (count > 1) {
                throw usage("--depth " + depth + " names one file but there are " + count
                        + " inputs: give a directory of NAME.depth.png maps, or put them beside the inputs");
            } else {
                depthFile = d;
            }
        }

        // output planning
        boolean outIsFile = false;
        Path out = output == null ? null : Paths.get(output);
        if (out != null) {
            boolean trailingSlash = output.endsWith("/") || output.endsWith(java.io.File.separator);
            String outExt = Inputs.extension(out.getFileName() == null ? "" : out.getFileName().toString());
            if (!trailingSlash && !Files.isDirectory(out) && Inputs.IMAGE_EXTENSIONS.contains(outExt)
                    && writerFormatOfExtension(outExt) == null) {
                throw usage("-o " + output + ": cannot write ." + outExt + " files: allowed output formats are jpg, png and tif");
            }
            outIsFile = !trailingSlash && !Files.isDirectory(out)
                    && writerFormatOfExtension(Inputs.extension(out.getFileName().toString())) != null;
            if (outIsFile && count > 1) {
                throw usage("-o " + output + " is a file but there are " + count
                        + " inputs: give a directory (e.g. -o out/)");
            }
            if (Files.exists(out) && !Files.isDirectory(out) && !outIsFile) {
                throw usage("-o " + output + " exists and is not a directory");
            }
            if (outIsFile && fmt == null) {
                fmt = writerFormatOfExtension(Inputs.extension(out.getFileName().toString()));
            }
        }
        if (bits != null && bits == 16 && "jpeg".equals(fmt)) {
            throw usage("--bits 16 cannot be written as JPEG: allowed is png or tif for 16-bit output");
        }

        // With depth blur, each input gets its own chain (its own depth map); the shared chain is built
        // only when no input needs one, since depth-blur without a map cannot be constructed.
        boolean perInputDepth = depthMode && StageRegistry.contains(Shorthands.DEPTH.stage());
        FilterChain chain = perInputDepth ? null : p.toChain(RenderContext.defaults());
        Map<Path, Path> planned = new HashMap<>();
        List<Job> jobsList = new ArrayList<>();
        for (Inputs.Input in : ex.inputs) {
            String inExt = Inputs.extension(in.file.getFileName().toString());
            String wf = fmt != null ? fmt : defaultFormat(inExt);
            String ext = extensionFor(wf, fmt == null ? inExt : null);
            String stem = Inputs.stem(in.file.getFileName().toString());
            Path target;
            if (out == null) {
                Path parent = in.file.toAbsolutePath().getParent();
                target = parent.resolve(stem + "_" + p.name() + "." + ext);
            } else if (outIsFile) {
                target = out;
            } else {
                target = out.resolve(in.relativeDir()).resolve(stem + "." + ext);
            }
            String refusal = null;
            if (samePath(in.file, target)) {
                refusal = "refusing to write the output over the input itself (" + target + ")";
            } else if (planned.containsKey(target.toAbsolutePath().normalize())) {
                refusal = "output " + target + " would also be written from "
                        + planned.get(target.toAbsolutePath().normalize()) + ": skipped to keep both";
            } else {
                planned.put(target.toAbsolutePath().normalize(), in.file);
            }
            FilterChain c = chain;
            if (perInputDepth) {
                Path dm = depthFile != null ? depthFile : Inputs.depthFor(in.file, depthDir);
                try {
                    c = dm != null ? p.with(Shorthands.DEPTH.key(), dm.toString()).toChain(RenderContext.defaults())
                            : p.toChain(RenderContext.defaults());
                } catch (IllegalArgumentException e) {
                    if (refusal == null) {
                        refusal = dm != null ? "depth map " + dm + ": " + e.getMessage()
                                : "no depth map for this input (expected " + Inputs.stem(in.file.getFileName().toString())
                                + ".depth.png beside it): " + e.getMessage();
                    }
                }
            }
            jobsList.add(new Job(in.file, target, wf, bits == null ? 0 : bits, c, refusal));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        boolean progress = System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"))
                && err == Main.SYSTEM_ERR;
        BatchRunner runner = new BatchRunner(err, jobs != null ? jobs : cores, overwrite, quality, seed, film,
                progress);
        for (String m : ex.missing) {
            runner.fail(m, Inputs.isGlob(m) ? "no files match this pattern" : "no such file or directory");
        }
        if (ex.inputs.isEmpty() && ex.missing.isEmpty()) {
            runner.fail(String.join(" ", inputs), "no image files found (JPEG, PNG, TIFF, WebP, BMP)"
                    + (recursive ? "" : "; use --recursive to look into sub-directories"));
        }
        BatchRunner.Summary s = runner.run(jobsList);
        return s.failed > 0 ? 1 : 0;
    }

    private Preset applyShorthand(Preset p, Shorthands.Entry e, String value) {
        requireStage(e, e.option);
        try {
            List<String> values = e.convert.apply(value);
            Preset q = p;
            for (int i = 0; i < e.keys.size(); i++) {
                q = q.with(e.keys.get(i), values.get(i));
            }
            return q;
        } catch (IllegalArgumentException ex) {
            throw usage(e.option + " " + value + ": " + ex.getMessage());
        }
    }

    private void requireStage(Shorthands.Entry e, String option) {
        if (!StageRegistry.contains(e.stage())) {
            throw usage(option + " needs the " + e.stage() + " stage, which is not available in this build "
                    + "(available stages: " + String.join(", ", stageNames()) + ")");
        }
    }

    private static List<String> stageNames() {
        List<String> l = new ArrayList<>();
        StageRegistry.all().forEach(s -> l.add(s.name()));
        return l;
    }

    private static boolean samePath(Path a, Path b) {
        try {
            if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
                return true;
            }
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** jpg/jpeg → jpeg, png → png, tif/tiff → tiff; null for anything else. */
    static String normalizeFormat(String f) {
        return writerFormatOfExtension(f.trim().toLowerCase(Locale.ROOT));
    }

    static String writerFormatOfExtension(String ext) {
        switch (ext) {
            case "jpg":
            case "jpeg":
                return "jpeg";
            case "png":
                return "png";
            case "tif":
            case "tiff":
                return "tiff";
            default:
                return null;
        }
    }

    /** The input's own format when it can be written, PNG otherwise (WebP, BMP). */
    static String defaultFormat(String inputExt) {
        String f = writerFormatOfExtension(inputExt);
        return f != null ? f : "png";
    }

    /** Keeps the input's spelling (jpeg/tif) when the format was not chosen explicitly. */
    static String extensionFor(String writerFormat, String inputExt) {
        if (inputExt != null && writerFormat.equals(writerFormatOfExtension(inputExt))) {
            return inputExt;
        }
        switch (writerFormat) {
            case "jpeg":
                return "jpg";
            case "tiff":
                return "tif";
            default:
                return "png";
        }
    }
}
