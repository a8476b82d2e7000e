package dev.emulsion.presets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.emulsion.chain.FilmFormat;
import dev.emulsion.param.Param;
import dev.emulsion.param.ParamValues;
import dev.emulsion.param.StageRegistry;
import dev.emulsion.param.StageSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds and loads presets: bundled ones (in this jar), a user folder ({@code $XDG_CONFIG_HOME/emulsion/presets},
 * by default {@code ~/.config/emulsion/presets}) and explicit file paths. Resolves {@code extends} (with cycle
 * detection), migrates older schema versions, and validates every value against the stage declarations.
 * Thread-safe.
 *
 * <p>The preset file format (schema 2):
 * <pre>
 * schema = 2
 * name = "portra-400"          # optional; defaults to the file name
 * title = "Kodak Portra 400"
 * type = "colour negative"
 * iso = 400
 * look = "warm, flattering skin; medium-low contrast"
 * extends = "other-preset"     # optional: a preset name or a path relative to this file
 * strength = 1.0               # optional: 0 to 1 blend of the whole look
 * format = "35mm"              # optional film format: 35mm, 645, 6x6, 6x7, 4x5
 *
 * [stages.exposure]            # one table per stage; keys are the stage's declared parameters,
 * ev = 0.3                     # plus enabled = false to drop a stage inherited from a parent
 * </pre>
 * Schema 1 (the pre-release layout) had the stage tables at the top level and called strength
 * {@code intensity}; it is migrated on load.
 */
public final class PresetLibrary {
    /** The schema version this code writes and reads natively. */
    public static final int SCHEMA_VERSION = 2;

    private static final String BUNDLE = "/dev/emulsion/presets/";
    private static final Set<String> TOP_KEYS = Set.of("schema", "name", "title", "type", "iso", "look",
            "extends", "strength", "format", "stages");
    private static final TomlMapper TOML = new TomlMapper();

    private final Path userDir;

    private PresetLibrary(Path userDir) {
        this.userDir = userDir;
    }

    /** @return a library whose user folder is taken from the environment (XDG_CONFIG_HOME or ~/.config) */
    public static PresetLibrary standard() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home"), ".config");
        return new PresetLibrary(base.resolve("emulsion").resolve("presets"));
    }

    /** @return a library with the given user preset folder (which need not exist) */
    public static PresetLibrary withUserDir(Path dir) {
        return new PresetLibrary(dir);
    }

    /** @return the user preset folder */
    public Path userDir() {
        return userDir;
    }

    /** @return the names of the bundled presets, in the order of the bundle's index */
    public static List<String> bundledNames() {
        List<String> names = new ArrayList<>();
        try (InputStream in = PresetLibrary.class.getResourceAsStream(BUNDLE + "index.txt")) {
            if (in == null) {
                return names;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                line = line.trim();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    names.add(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled preset index", e);
        }
        return names;
    }

    /** @return the names of the presets in the user folder (without .toml), sorted */
    public List<String> userNames() {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(userDir)) {
            try (Stream<Path> s = Files.list(userDir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".toml"))
                        .map(n -> n.substring(0, n.length() - 5)).sorted().forEach(names::add);
            } catch (IOException e) {
                throw new PresetException(userDir + ": cannot list the user preset folder: " + e.getMessage(), e);
            }
        }
        return names;
    }

    /**
     * Every preset this library can find: the user folder's (which shadow bundled ones of the same name), then
     * the bundled ones. A user preset that fails to load is reported by its exception.
     */
    public List<Preset> all() {
        Map<String, Preset> out = new LinkedHashMap<>();
        for (String n : userNames()) {
            out.put(n, load(n));
        }
        for (String n : bundledNames()) {
            out.putIfAbsent(n, load(n));
        }
        return new ArrayList<>(out.values());
    }

    /**
     * Loads a preset by name (user folder first, then bundled) or by file path (anything containing a path
     * separator or ending in {@code .toml}).
     *
     * @throws PresetException with a one-line message naming the file, key, value and what is allowed
     */
    public Preset load(String nameOrPath) {
        return resolve(locate(nameOrPath, null), new LinkedHashSet<>());
    }

    /** A preset file located but not yet parsed. */
    private static final class Source {
        final String label;
        final String name;
        final Path file;
        final String origin;

        Source(String label, String name, Path file, String origin) {
            this.label = label;
            this.name = name;
            this.file = file;
            this.origin = origin;
        }
    }

    private Source locate(String ref, Path relativeTo) {
        if (ref == null || ref.isBlank()) {
            throw new PresetException("a preset name or path must not be empty");
        }
        boolean looksLikePath = ref.contains("/") || ref.contains("\\") || ref.toLowerCase(Locale.ROOT).endsWith(".toml");
        if (looksLikePath) {
            Path p = Paths.get(ref);
            if (!p.isAbsolute() && relativeTo != null) {
                p = relativeTo.resolve(p);
            }
            String fn = p.getFileName().toString();
            String name = fn.toLowerCase(Locale.ROOT).endsWith(".toml") ? fn.substring(0, fn.length() - 5) : fn;
            return new Source(p.toString(), name, p, p.toString());
        }
        Path user = userDir.resolve(ref + ".toml");
        if (Files.isRegularFile(user)) {
            return new Source(user.toString(), ref, user, user.toString());
        }
        if (bundledNames().contains(ref)) {
            return new Source("bundled preset " + ref, ref, null, "bundled");
        }
        List<String> known = new ArrayList<>(userNames());
        for (String b : bundledNames()) {
            if (!known.contains(b)) {
                known.add(b);
            }
        }
        throw new PresetException("unknown preset '" + ref + "': allowed is a file path or one of "
                + String.join(", ", known));
    }

    private Preset resolve(Source src, Set<String> chain) {
        String key = src.file != null ? src.file.toAbsolutePath().normalize().toString() : "bundled:" + src.name;
        if (!chain.add(key)) {
            throw new PresetException(src.label + ": extends forms a cycle: " + String.join(" -> ", chain)
                    + " -> " + key);
        }
        Map<String, Object> top = parse(src);
        int schema = schemaOf(src, top);
        if (schema < SCHEMA_VERSION) {
            top = migrate(schema, top);
        }
        for (String k : top.keySet()) {
            if (!TOP_KEYS.contains(k)) {
                throw new PresetException(src.label + ": unknown key '" + k + "': allowed keys are "
                        + String.join(", ", new java.util.TreeSet<>(TOP_KEYS)));
            }
        }
        Map<String, Map<String, Object>> stages = stageTables(src, top);
        Path dir = src.file != null ? src.file.toAbsolutePath().getParent() : null;

        // inheritance: parent first, then this file's values on top
        Map<String, ParamValues> merged = new LinkedHashMap<>();
        String title = null;
        String type = null;
        int iso = 0;
        String look = null;
        double strength = 1.0;
        FilmFormat format = null;
        Object ext = top.get("extends");
        if (ext != null) {
            if (!(ext instanceof String)) {
                throw new PresetException(src.label + ": extends = " + ext + " is not valid: allowed is a preset name or path");
            }
            String ref = (String) ext;
            // a user preset that extends its own name tweaks the bundled preset it shadows
            Source parentSrc = src.file != null && ref.equals(src.name) && bundledNames().contains(ref)
                    ? new Source("bundled preset " + ref, ref, null, "bundled")
                    : locate(ref, dir);
            Preset parent = resolve(parentSrc, chain);
            merged.putAll(parent.stages());
            title = parent.title();
            type = parent.type();
            iso = parent.iso();
            look = parent.look();
            strength = parent.strength();
            format = parent.format().orElse(null);
        }
        title = text(src, top, "title", title);
        type = text(src, top, "type", type);
        look = text(src, top, "look", look);
        if (top.containsKey("iso")) {
            Object v = top.get("iso");
            if (!(v instanceof Number) || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())
                    || ((Number) v).intValue() < 1 || ((Number) v).intValue() > 100000) {
                throw new PresetException(src.label + ": iso = " + v + " is not valid: allowed is an integer from 1 to 100000");
            }
            iso = ((Number) v).intValue();
        }
        if (top.containsKey("strength")) {
            Object v = top.get("strength");
            if (!(v instanceof Number) || !(((Number) v).doubleValue() >= 0 && ((Number) v).doubleValue() <= 1)) {
                throw new PresetException(src.label + ": strength = " + v + " is out of range: allowed is a number from 0 to 1");
            }
            strength = ((Number) v).doubleValue();
        }
        if (top.containsKey("format")) {
            Object v = top.get("format");
            try {
                format = FilmFormat.fromId(String.valueOf(v));
            } catch (IllegalArgumentException e) {
                throw new PresetException(src.label + ": format = " + v + " is not valid: allowed is one of 35mm, 645, 6x6, 6x7, 4x5");
            }
        }
        for (Map.Entry<String, Map<String, Object>> e : stages.entrySet()) {
            String stageName = e.getKey();
            StageSpec spec;
            try {
                spec = StageRegistry.get(stageName);
            } catch (IllegalArgumentException ex) {
                throw new PresetException(src.label + ": [stages." + stageName + "]: " + ex.getMessage(), ex);
            }
            Map<String, Object> raw = new LinkedHashMap<>(e.getValue());
            Object enabled = raw.remove("enabled");
            if (enabled != null && !(enabled instanceof Boolean)) {
                throw new PresetException(src.label + ": stages." + stageName + ".enabled = " + enabled
                        + " is not valid: allowed is true or false");
            }
            if (Boolean.FALSE.equals(enabled)) {
                merged.remove(stageName);
                continue;
            }
            ParamValues base = merged.getOrDefault(stageName, spec.defaults());
            Map<String, Object> resolvedRaw = new LinkedHashMap<>();
            for (Map.Entry<String, Object> pv : raw.entrySet()) {
                Param param;
                try {
                    param = spec.param(pv.getKey());
                } catch (IllegalArgumentException ex) {
                    throw new PresetException(src.label + ": stages." + stageName + "." + pv.getKey()
                            + ": unknown parameter: " + ex.getMessage(), ex);
                }
                Object value = pv.getValue();
                if (param.isPath() && value instanceof String && dir != null) {
                    Path p = Paths.get((String) value);
                    if (!p.isAbsolute()) {
                        value = dir.resolve(p).normalize().toString();
                    }
                }
                resolvedRaw.put(pv.getKey(), value);
            }
            try {
                merged.put(stageName, base.with(resolvedRaw));
            } catch (IllegalArgumentException ex) {
                throw new PresetException(src.label + ": stages." + ex.getMessage(), ex);
            }
        }
        chain.remove(key);
        String name = top.get("name") instanceof String ? (String) top.get("name") : src.name;
        return new Preset(name, title, type, iso, look, src.origin, strength, format, merged);
    }

    private static String text(Source src, Map<String, Object> top, String key, String inherited) {
        if (!top.containsKey(key)) {
            return inherited;
        }
        Object v = top.get(key);
        if (!(v instanceof String)) {
            throw new PresetException(src.label + ": " + key + " = " + v + " is not valid: allowed is a text");
        }
        return (String) v;
    }

    private static int schemaOf(Source src, Map<String, Object> top) {
        Object v = top.get("schema");
        if (v == null) {
            return 1; // the pre-release layout carried no version
        }
        if (!(v instanceof Number) || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())
                || ((Number) v).intValue() < 1) {
            throw new PresetException(src.label + ": schema = " + v + " is not valid: allowed is an integer from 1 to "
                    + SCHEMA_VERSION);
        }
        int s = ((Number) v).intValue();
        if (s > SCHEMA_VERSION) {
            throw new PresetException(src.label + ": schema = " + s + " is newer than this version of Emulsion reads: "
                    + "allowed is 1 to " + SCHEMA_VERSION);
        }
        return s;
    }

    /**
     * Migrates a parsed document from an older schema to the current one, one version step at a time.
     * 1 → 2: stage tables move from the top level under {@code [stages]}; {@code intensity} becomes
     * {@code strength}.
     */
    static Map<String, Object> migrate(int from, Map<String, Object> top) {
        Map<String, Object> doc = new LinkedHashMap<>(top);
        int v = from;
        if (v == 1) {
            Map<String, Object> stages = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, Object>> it = doc.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Object> e = it.next();
                if (e.getValue() instanceof Map && !e.getKey().equals("stages")) {
                    stages.put(e.getKey(), e.getValue());
                    it.remove();
                }
            }
            if (doc.containsKey("intensity")) {
                doc.put("strength", doc.remove("intensity"));
            }
            doc.put("stages", stages);
            v = 2;
        }
        doc.put("schema", v);
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> stageTables(Source src, Map<String, Object> top) {
        Object st = top.get("stages");
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (st == null) {
            return out;
        }
        if (!(st instanceof Map)) {
            throw new PresetException(src.label + ": stages = " + st + " is not valid: allowed is a table of stage tables");
        }
        for (Map.Entry<String, Object> e : ((Map<String, Object>) st).entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                throw new PresetException(src.label + ": stages." + e.getKey() + " = " + e.getValue()
                        + " is not valid: allowed is a table [stages." + e.getKey() + "]");
            }
            out.put(e.getKey(), (Map<String, Object>) e.getValue());
        }
        return out;
    }

    private Map<String, Object> parse(Source src) {
        JsonNode root;
        try {
            if (src.file != null) {
                if (!Files.exists(src.file)) {
                    throw new PresetException(src.label + ": no such file");
                }
                root = TOML.readTree(Files.readString(src.file, StandardCharsets.UTF_8));
            } else {
                try (InputStream in = PresetLibrary.class.getResourceAsStream(BUNDLE + src.name + ".toml")) {
                    if (in == null) {
                        throw new PresetException(src.label + ": missing from the bundle");
                    }
                    root = TOML.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (NoSuchFileException e) {
            throw new PresetException(src.label + ": no such file", e);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            throw new PresetException(src.label + ": not a valid TOML file: " + msg, e);
        }
        if (root == null || !root.isObject()) {
            throw new PresetException(src.label + ": not a valid preset: the document is empty");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) toJava(root);
        return m;
    }

    private static Object toJava(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), toJava(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(toJava(x)));
            return l;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n.asText();
    }
}
