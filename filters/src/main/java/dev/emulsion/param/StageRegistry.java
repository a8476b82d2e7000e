package dev.emulsion.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every stage the library knows, by name, found through {@link StageProvider} services. Presets, the CLI's
 * {@code --set} and the generated parameter reference all look stages up here.
 */
public final class StageRegistry {
    private static final Map<String, StageSpec> STAGES = load();

    private StageRegistry() {
    }

    private static Map<String, StageSpec> load() {
        List<StageSpec> all = new ArrayList<>();
        for (StageProvider p : ServiceLoader.load(StageProvider.class, StageRegistry.class.getClassLoader())) {
            all.addAll(p.stages());
        }
        all.sort(Comparator.comparingInt(StageSpec::rank).thenComparing(StageSpec::name));
        Map<String, StageSpec> m = new LinkedHashMap<>();
        for (StageSpec s : all) {
            if (m.put(s.name(), s) != null) {
                throw new IllegalStateException("two stages are named " + s.name());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** @return every stage declaration, in pipeline order */
    public static List<StageSpec> all() {
        return List.copyOf(STAGES.values());
    }

    /**
     * @return the named stage's declaration
     * @throws IllegalArgumentException naming the unknown stage and listing the known ones
     */
    public static StageSpec get(String name) {
        StageSpec s = STAGES.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown stage '" + name + "': known stages are "
                    + String.join(", ", STAGES.keySet()));
        }
        return s;
    }

    /** @return whether a stage of that name exists */
    public static boolean contains(String name) {
        return STAGES.containsKey(name);
    }
}
