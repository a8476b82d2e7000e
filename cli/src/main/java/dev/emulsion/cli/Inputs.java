package dev.emulsion.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns the INPUT arguments of {@code apply} into files, plans each output path and pairs depth maps.
 *
 * <ul>
 *   <li>A file argument is always an input (so a non-image named explicitly is reported, not ignored).</li>
 *   <li>A directory contributes its image files (by extension); {@code --recursive} descends into
 *       subdirectories. Hidden files, depth maps ({@code name.depth.png|tif|tiff|jpg|jpeg}) and earlier
 *       outputs of the same preset ({@code name_<preset>.ext}) are left out.</li>
 *   <li>A glob pattern ({@code *}, {@code ?}, {@code [..]}, <code>{a,b}</code>, {@code **}) is expanded from its
 *       longest literal directory prefix; matches are filtered like a directory's files.</li>
 * </ul>
 */
final class Inputs {
    /** Extensions taken from directories and globs. */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "tif", "tiff", "webp", "bmp");
    /** Extensions a depth map may have. */
    static final List<String> DEPTH_EXTENSIONS = List.of("png", "tif", "tiff", "jpg", "jpeg");

    private Inputs() {
    }

    /** One input file and the directory its output keeps its relative location under (null for a file arg). */
    static final class Input {
        final Path file;
        final Path root;

        Input(Path file, Path root) {
            this.file = file;
            this.root = root;
        }

        /** @return the sub-directory below the argument's root, or an empty path */
        Path relativeDir() {
            if (root == null) {
                return Paths.get("");
            }
            Path parent = root.relativize(file).getParent();
            return parent == null ? Paths.get("") : parent;
        }
    }

    /** Result of expansion: the inputs, and arguments that matched nothing (reported as bad files). */
    static final class Expansion {
        final List<Input> inputs = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
    }

    /**
     * @param args        the INPUT arguments
     * @param recursive   descend into sub-directories
     * @param presetName  outputs named {@code stem_<presetName>} are not taken again as inputs
     */
    static Expansion expand(List<String> args, boolean recursive, String presetName) {
        Expansion ex = new Expansion();
        Map<Path, Input> seen = new LinkedHashMap<>();
        for (String arg : args) {
            Path p = Paths.get(arg);
            if (Files.isRegularFile(p) || (Files.exists(p) && !Files.isDirectory(p))) {
                seen.putIfAbsent(key(p), new Input(p, null));
            } else if (Files.isDirectory(p)) {
                for (Path f : walk(p, recursive ? Integer.MAX_VALUE : 1, f -> true)) {
                    if (isCandidate(f, presetName)) {
                        seen.putIfAbsent(key(f), new Input(f, p));
                    }
                }
            } else if (isGlob(arg)) {
                List<Path> matches = glob(arg, recursive);
                int before = seen.size();
                for (Path f : matches) {
                    if (isCandidate(f, presetName)) {
                        seen.putIfAbsent(key(f), new Input(f, globRoot(arg)));
                    }
                }
                if (seen.size() == before && matches.isEmpty()) {
                    ex.missing.add(arg);
                }
            } else {
                ex.missing.add(arg);
            }
        }
        ex.inputs.addAll(seen.values());
        return ex;
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** The longest leading run of path segments without glob characters. */
    static Path globRoot(String pattern) {
        String norm = pattern.replace('\\', '/');
        String[] parts = norm.split("/", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            if (isGlob(parts[i])) {
                break;
            }
            sb.append(parts[i]).append('/');
        }
        String root = sb.toString();
        if (root.isEmpty()) {
            return Paths.get(".");
        }
        return Paths.get(root.equals("/") ? "/" : root.substring(0, root.length() - 1));
    }

    private static List<Path> glob(String pattern, boolean recursive) {
        Path root = globRoot(pattern);
        String norm = pattern.replace('\\', '/');
        String rootText = root.toString().replace('\\', '/');
        String rest = rootText.equals(".") && !norm.startsWith("./") ? norm
                : norm.substring(Math.min(norm.length(), rootText.length() + (rootText.endsWith("/") ? 0 : 1)));
        int depth = rest.contains("**") || recursive ? Integer.MAX_VALUE : rest.split("/").length;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        // "**/" also matches no folder at all, as in most shells: dir/**/*.jpg includes dir/a.jpg
        PathMatcher top = rest.startsWith("**/") ? FileSystems.getDefault().getPathMatcher("glob:" + rest.substring(3))
                : m;
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        return walk(root, depth, f -> m.matches(root.relativize(f)) || top.matches(root.relativize(f)));
    }

    private static List<Path> walk(Path dir, int depth, java.util.function.Predicate<Path> filter) {
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(f -> !Files.isDirectory(f)).filter(filter).sorted().collect(Collectors.toList());
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** Whether a file found in a directory or by a glob is an input. */
    static boolean isCandidate(Path f, String presetName) {
        String name = f.getFileName().toString();
        if (name.startsWith(".")) {
            return false;
        }
        String ext = extension(name);
        if (!IMAGE_EXTENSIONS.contains(ext)) {
            return false;
        }
        if (isDepthMap(f)) {
            return false;
        }
        return presetName == null || !stem(name).endsWith("_" + presetName);
    }

    /** @return whether the file is named like a depth map ({@code name.depth.png} etc.) */
    static boolean isDepthMap(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : DEPTH_EXTENSIONS) {
            if (name.endsWith(".depth." + e)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The depth map paired with an input: {@code stem.depth.png} (then .tif, .tiff, .jpg, .jpeg) in {@code dir},
     * which is the input's own directory unless {@code --depth} named a directory.
     *
     * @return the depth file, or null when there is none
     */
    static Path depthFor(Path input, Path dir) {
        Path d = dir != null ? dir : input.toAbsolutePath().getParent();
        String stem = stem(input.getFileName().toString());
        for (String e : DEPTH_EXTENSIONS) {
            Path c = d.resolve(stem + ".depth." + e);
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        return null;
    }

    /** @return the lower-case extension without the dot, or "" */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** @return the name without its last extension */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
