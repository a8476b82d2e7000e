package dev.emulsion.jmh;

import dev.emulsion.chain.Stage;
import dev.emulsion.presets.Preset;
import dev.emulsion.presets.PresetLibrary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@link PresetBenchmark} and {@code jmh/run --preset} get a preset's stages: the one seam between the
 * benchmarks and the preset loader.
 *
 * <p>A preset is given as a bundled name ({@code portra-400}), a path to a preset file, or
 * {@code stages:LIST} with a stage list in {@link BenchStages} syntax (handy for trying a setting without
 * writing a file). Names and paths go through
 * {@link PresetLibrary}.
 *
 * <p>Also a small command for the runner script: {@code --bundled} prints the bundled preset names and
 * {@code --stages PRESET} every value of {@code PresetBenchmark}'s {@code stage} parameter that applies to
 * the preset ({@code all}, {@code points} and {@code color} when it has such stages, then each stage label),
 * comma-separated.
 */
public final class PresetStages {
    /** Prefix of an inline stage list. */
    public static final String INLINE = "stages:";

    private PresetStages() {
    }

    /**
     * @param preset a bundled name, a preset file path, or {@code stages:LIST}
     * @return the preset's stages in the order its chain runs them
     * @throws IllegalArgumentException if the preset cannot be found or is invalid
     */
    public static List<Stage> load(String preset) {
        String p = preset.trim();
        if (p.startsWith(INLINE)) {
            return BenchStages.parse(p.substring(INLINE.length()));
        }
        // The loader resolves names (user folder, then bundled) and paths; a preset blended below full
        // strength runs as one Mix stage, exactly as `emulsion apply` runs it.
        Preset loaded = PresetLibrary.standard().load(p);
        return loaded.strength() >= 1.0 ? loaded.buildStages() : loaded.toChain().stages();
    }

    /**
     * @return the names of the bundled presets
     */
    public static List<String> bundled() {
        return PresetLibrary.bundledNames();
    }

    /**
     * Labels for the stages of a list, as {@code PresetBenchmark}'s {@code stage} parameter names them: the
     * stage name, with {@code #2}, {@code #3} ... for repeated stages.
     *
     * @param stages the preset's stages
     * @return one label per stage, in order
     */
    public static List<String> labels(List<Stage> stages) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Stage s : stages) {
            String name = s.spec().name();
            int n = seen.merge(name, 1, Integer::sum);
            out.add(n == 1 ? name : name + "#" + n);
        }
        return out;
    }

    /**
     * Prints what the runner script asks for.
     *
     * @param args {@code --bundled} or {@code --stages PRESET}
     */
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--bundled")) {
            System.out.println(String.join(",", bundled()));
        } else if (args.length == 2 && args[0].equals("--stages")) {
            try {
                List<Stage> stages = load(args[1]);
                List<String> values = new ArrayList<>();
                values.add("all");
                if (stages.stream().anyMatch(st -> st instanceof dev.emulsion.chain.PointStage)) {
                    values.add("points");
                }
                if (stages.stream().anyMatch(st -> st instanceof dev.emulsion.chain.ColorStage)) {
                    values.add("color");
                }
                values.addAll(labels(stages));
                System.out.println(String.join(",", values));
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
        } else {
            System.err.println("usage: PresetStages --bundled | --stages PRESET");
            System.exit(2);
        }
    }
}
