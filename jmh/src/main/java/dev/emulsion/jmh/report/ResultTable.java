package dev.emulsion.jmh.report;

import dev.emulsion.jmh.BenchImages;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH JSON result files into the one table the suite reports: stage, size, threads, time per image
 * (median ± error), throughput, cost as a multiple of the memory-bandwidth floor, speed relative to the JH
 * Labs counterpart and the gain from C2's auto-vectorization. Used by {@code jmh/run}; JDK only.
 *
 * <p>Usage: {@code ResultTable [--markdown FILE] [--profile NAME] result.json...}. Without {@code --markdown}
 * the table is printed as aligned text. With it, the part of {@code FILE} between {@link #BEGIN} and
 * {@link #END} is replaced by a Markdown version (run facts, machine, table) and the file is rewritten.
 *
 * <p>Definitions (also in BENCHMARKS.md):
 * <ul>
 *   <li>ms/op: the median of all measured iterations of all forks, each iteration being JMH's average time
 *       per operation; ± is the largest distance from the median to any iteration, so every iteration
 *       fell within median ± error ("—" with one iteration). Not JMH's confidence interval of the mean: with
 *       the few iterations of the short profile its Student-t factor makes that interval meaningless.
 *   <li>MP/s: the image's exact megapixels divided by the median time.
 *   <li>× floor: median time over the {@code FloorBenchmark.floor} median at the same size and threads in the
 *       same run (a plain copy of the three float planes).
 *   <li>vs JH Labs: the {@code <method>_jhlabs} median over this method's median with the same parameters;
 *       above 1 means Emulsion is faster.
 *   <li>SIMD gain: the {@code <method>_scalar} median (same work in a JVM with {@code -XX:-UseSuperWord}) over
 *       this method's median; clearly above 1 means the loops were auto-vectorized.
 * </ul>
 */
public final class ResultTable {
    /** Marker line opening the generated section of a Markdown file. */
    public static final String BEGIN = "<!-- BEGIN GENERATED RESULTS: regenerate with jmh/run --markdown -->";
    /** Marker line closing the generated section. */
    public static final String END = "<!-- END GENERATED RESULTS -->";

    private static final String JHLABS = "_jhlabs";
    private static final String SCALAR = "_scalar";
    private static final String FLOOR_CLASS = "FloorBenchmark";
    private static final String PRESET_CLASS = "PresetBenchmark";
    /** Parameters always named in a row's label, even when the run has one value (the reader needs them). */
    private static final java.util.Set<String> ALWAYS_SHOWN = java.util.Set.of("preset", "stage");

    /** One benchmark result with the derived figures. */
    static final class Row {
        final String cls;
        final String method;
        final String extra;
        final TreeMap<String, String> extraParams;
        final String mpText;
        final double mp;
        final int threads;
        final double median;
        final double error;
        final int samples;
        String label;
        double floorRatio = Double.NaN;
        double jhlabsRatio = Double.NaN;
        double simdGain = Double.NaN;

        Row(String cls, String method, TreeMap<String, String> extraParams, String mpText, int threads,
            double median, double error, int samples) {
            this.cls = cls;
            this.method = method;
            this.extraParams = extraParams;
            this.extra = String.join(",", extraParams.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
            this.mpText = mpText;
            this.mp = mpText == null ? Double.NaN : BenchImages.actualMegapixels(Double.parseDouble(mpText));
            this.threads = threads;
            this.median = median;
            this.error = error;
            this.samples = samples;
        }

        double megapixelsPerSecond() {
            return mp / (median / 1000.0);
        }

        String key(String m) {
            return cls + "." + m + "|" + extra + "|" + mpText + "|" + threads;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> runFacts = new LinkedHashMap<>();

    /**
     * Reads JMH results.
     *
     * @param jsonText the content of a {@code -rf json} file (an array of results)
     */
    @SuppressWarnings("unchecked")
    public void add(String jsonText) {
        Object doc = Json.parse(jsonText);
        if (!(doc instanceof List)) {
            throw new IllegalArgumentException("a JMH result file is a JSON array");
        }
        for (Object o : (List<Object>) doc) {
            Map<String, Object> r = (Map<String, Object>) o;
            String bench = (String) r.get("benchmark");
            int dot = bench.lastIndexOf('.');
            String method = bench.substring(dot + 1);
            String fqcn = bench.substring(0, dot);
            String cls = fqcn.substring(fqcn.lastIndexOf('.') + 1);
            Map<String, Object> params = r.get("params") == null ? Map.of() : (Map<String, Object>) r.get("params");
            TreeMap<String, String> extra = new TreeMap<>();
            for (Map.Entry<String, Object> e : params.entrySet()) {
                if (!e.getKey().equals("mp") && !e.getKey().equals("threads")) {
                    extra.put(e.getKey(), String.valueOf(e.getValue()));
                }
            }
            String mp = params.get("mp") == null ? null : String.valueOf(params.get("mp"));
            int threads = params.get("threads") == null ? ((Number) r.get("threads")).intValue()
                    : Integer.parseInt(String.valueOf(params.get("threads")));
            Map<String, Object> metric = (Map<String, Object>) r.get("primaryMetric");
            double toMs = msPerUnit(String.valueOf(metric.get("scoreUnit")));
            List<Double> samples = new ArrayList<>();
            for (Object fork : (List<Object>) metric.get("rawData")) {
                for (Object v : (List<Object>) fork) {
                    samples.add(Json.number(v));
                }
            }
            // convert every iteration to ms per op first (throughput units invert), then take order statistics
            List<Double> ms = new ArrayList<>();
            for (double v : samples) {
                ms.add(toMs < 0 ? -toMs / v : v * toMs);
            }
            double median = median(ms);
            double error = spread(ms, median);
            rows.add(new Row(cls, method, extra, mp, threads, median, error, samples.size()));
            if (runFacts.isEmpty()) {
                runFacts.put("JMH", String.valueOf(r.get("jmhVersion")));
                runFacts.put("JVM", r.get("vmName") + " " + r.get("vmVersion") + " (JDK " + r.get("jdkVersion") + ")");
                runFacts.put("forks", fmtInt(r.get("forks")));
                runFacts.put("warmup", Json.number(r.get("warmupIterations")) == 0 ? "none"
                        : fmtInt(r.get("warmupIterations")) + " × " + r.get("warmupTime"));
                runFacts.put("measurement", fmtInt(r.get("measurementIterations")) + " × "
                        + r.get("measurementTime"));
                runFacts.put("mode", String.valueOf(r.get("mode")));
            }
        }
    }

    private static String fmtInt(Object n) {
        return n instanceof Number ? String.valueOf(((Number) n).intValue()) : String.valueOf(n);
    }

    /** @return milliseconds per unit for "x/op" units, or minus the ops-per-ms factor for "ops/x" units */
    static double msPerUnit(String unit) {
        String u = unit.trim();
        boolean perOp = u.endsWith("/op");
        String t = perOp ? u.substring(0, u.length() - 3) : u.startsWith("ops/") ? u.substring(4) : null;
        if (t == null) {
            throw new IllegalArgumentException("unsupported score unit " + unit);
        }
        double ms;
        switch (t) {
            case "ns": ms = 1e-6; break;
            case "us": ms = 1e-3; break;
            case "ms": ms = 1; break;
            case "s": ms = 1000; break;
            case "min": ms = 60000; break;
            default: throw new IllegalArgumentException("unsupported score unit " + unit);
        }
        return perOp ? ms : -ms;
    }

    /**
     * @return the largest distance from {@code median} to any sample (every iteration fell within
     *     median ± this), or NaN with fewer than 2 samples
     */
    static double spread(List<Double> v, double median) {
        if (v.size() < 2) {
            return Double.NaN;
        }
        double d = 0;
        for (double x : v) {
            d = Math.max(d, Math.abs(x - median));
        }
        return d;
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Computes labels and the floor, JH Labs and SIMD ratios; sorts the rows. */
    List<Row> derive() {
        Map<String, Row> byKey = new HashMap<>();
        Map<String, Row> floors = new HashMap<>();
        Map<String, Integer> methodClasses = new HashMap<>();
        Map<String, String> firstClass = new HashMap<>();
        for (Row r : rows) {
            byKey.put(r.key(r.method), r);
            if (r.cls.equals(FLOOR_CLASS) && r.method.equals("floor")) {
                floors.put(r.mpText + "|" + r.threads, r);
            }
            String prev = firstClass.putIfAbsent(r.method, r.cls);
            if (prev != null && !prev.equals(r.cls)) {
                methodClasses.put(r.method, 2);
            }
        }
        // a parameter with one value across a class's rows says nothing: leave it out of the labels
        Map<String, Map<String, java.util.Set<String>>> valuesByClass = new HashMap<>();
        for (Row r : rows) {
            for (Map.Entry<String, String> e : r.extraParams.entrySet()) {
                valuesByClass.computeIfAbsent(r.cls, k -> new HashMap<>())
                        .computeIfAbsent(e.getKey(), k -> new java.util.HashSet<>()).add(e.getValue());
            }
        }
        for (Row r : rows) {
            List<String> shown = new ArrayList<>();
            for (Map.Entry<String, String> e : r.extraParams.entrySet()) {
                if (ALWAYS_SHOWN.contains(e.getKey()) || valuesByClass.get(r.cls).get(e.getKey()).size() > 1) {
                    shown.add(e.getKey() + "=" + e.getValue());
                }
            }
            String shortCls = r.cls.endsWith("Benchmark") ? r.cls.substring(0, r.cls.length() - 9) : r.cls;
            if (r.cls.equals(PRESET_CLASS) && r.extraParams.containsKey("preset")
                    && r.extraParams.containsKey("stage")) {
                // a preset author reads "portra-400: grain" more easily than a parameter list
                r.label = "preset " + r.extraParams.get("preset") + ": " + r.extraParams.get("stage");
            } else {
                r.label = (methodClasses.containsKey(r.method) ? shortCls + "." : "") + r.method
                        + (shown.isEmpty() ? "" : " [" + String.join(",", shown) + "]");
            }
            Row floor = floors.get(r.mpText + "|" + r.threads);
            if (floor != null) {
                r.floorRatio = r.median / floor.median;
            }
            Row jh = byKey.get(r.key(r.method + JHLABS));
            int us = r.method.indexOf('_');
            if (jh == null && us > 0 && !r.method.endsWith(JHLABS) && !r.method.endsWith(SCALAR)) {
                // a variant such as grain_colour is compared with its family's baseline, grain_jhlabs
                jh = byKey.get(r.key(r.method.substring(0, us) + JHLABS));
            }
            if (jh != null) {
                r.jhlabsRatio = jh.median / r.median;
            }
            Row scalar = byKey.get(r.key(r.method + SCALAR));
            if (scalar != null) {
                r.simdGain = scalar.median / r.median;
            }
        }
        // other parameters keep the order JMH ran them in (a preset's stages in chain order)
        Map<String, Integer> extraOrder = new HashMap<>();
        for (Row r : rows) {
            extraOrder.putIfAbsent(r.cls + "|" + r.extra, extraOrder.size());
        }
        List<Row> out = new ArrayList<>(rows);
        out.sort(Comparator.<Row, Boolean>comparing(r -> !r.cls.equals(FLOOR_CLASS))
                .thenComparing(r -> r.cls)
                .thenComparing(r -> baseName(r.method))
                .thenComparingInt(r -> extraOrder.get(r.cls + "|" + r.extra))
                .thenComparingDouble(r -> Double.isNaN(r.mp) ? 0 : r.mp)
                .thenComparingInt(r -> r.threads)
                .thenComparing(r -> r.method));
        return out;
    }

    private static String baseName(String method) {
        if (method.endsWith(JHLABS)) {
            return method.substring(0, method.length() - JHLABS.length());
        }
        if (method.endsWith(SCALAR)) {
            return method.substring(0, method.length() - SCALAR.length());
        }
        return method;
    }

    private static final String[] HEADER = {
        "stage", "MP", "threads", "ms/op (median ± err)", "MP/s", "× floor", "vs JH Labs", "SIMD gain"};

    private static String[] cells(Row r) {
        return new String[] {
            r.label,
            r.mpText == null ? "—" : r.mpText,
            String.valueOf(r.threads),
            fmt(r.median) + " ± " + (Double.isNaN(r.error) ? "—" : fmt(r.error)),
            Double.isNaN(r.mp) ? "—" : fmt(r.megapixelsPerSecond()),
            ratio(r.floorRatio),
            ratio(r.jhlabsRatio),
            ratio(r.simdGain),
        };
    }

    /** @return a value with about three significant digits */
    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "—";
        }
        double a = Math.abs(v);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a >= 0.01 ? "%.3f" : "%.2g";
        return String.format(Locale.ROOT, f, v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "—" : fmt(v) + "×";
    }

    /** @return the aligned text table */
    public String text() {
        List<Row> list = derive();
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Row r : list) {
            lines.add(cells(r));
        }
        int[] width = new int[HEADER.length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(facts()).append('\n');
        for (int k = 0; k < lines.size(); k++) {
            String[] l = lines.get(k);
            for (int i = 0; i < l.length; i++) {
                boolean left = i == 0;
                String pad = " ".repeat(width[i] - l[i].length());
                b.append(left ? l[i] + pad : pad + l[i]).append(i + 1 < l.length ? "  " : "");
            }
            b.append('\n');
            if (k == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                b.append("-".repeat(total - 2)).append('\n');
            }
        }
        b.append("× floor: time / plain copy of the 3 float planes (same size, threads); vs JH Labs: JH Labs time / "
                + "Emulsion time (>1 = Emulsion faster); SIMD gain: time with -XX:-UseSuperWord / time with it.\n");
        int missing = 0;
        StringBuilder tb = new StringBuilder();
        for (Targets.Target t : Targets.all()) {
            Targets.Verdict v = t.eval.apply(list);
            if (v.status.equals("—")) {
                missing++;
            } else {
                tb.append(String.format(Locale.ROOT, "  %-8s %-3s %s: %s%n", v.status, t.issue, t.text, v.measured));
            }
        }
        b.append("\nTargets of issues 2–7");
        b.append(missing == 0 ? ":\n" : " (" + missing + " need rows not in this run, most the 24 MP rows of --full):\n");
        b.append(tb);
        return b.toString();
    }

    private String facts() {
        List<String> f = new ArrayList<>();
        for (Map.Entry<String, String> e : runFacts.entrySet()) {
            f.add(e.getKey() + " " + e.getValue());
        }
        return String.join("; ", f);
    }

    /**
     * @param profile the runner's profile name (for the record), or null
     * @param source  the results file(s), for the record
     * @return the Markdown section (without markers): run facts, machine, table
     */
    public String markdown(String profile, String source) {
        List<Row> list = derive();
        StringBuilder b = new StringBuilder();
        b.append("Generated ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm 'UTC'"))).append(" by `jmh/run --markdown`")
                .append(profile == null ? "" : " (profile `" + profile + "`)")
                .append(" from `").append(source).append("`. Do not edit by hand.\n\n");
        b.append("- Machine: ").append(Machine.describe()).append('\n');
        for (Map.Entry<String, String> e : runFacts.entrySet()) {
            b.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        b.append('\n');
        b.append('|');
        for (String h : HEADER) {
            b.append(' ').append(h).append(" |");
        }
        b.append("\n|");
        for (int i = 0; i < HEADER.length; i++) {
            b.append(i == 0 ? "---|" : "---:|");
        }
        b.append('\n');
        for (Row r : list) {
            b.append('|');
            for (String c : cells(r)) {
                b.append(' ').append(c.replace("|", "\\|")).append(" |");
            }
            b.append('\n');
        }
        b.append("\n#### Targets in this run\n\n| issue | target | measured by | measured | status |\n"
                + "|---|---|---|---:|---|\n");
        for (Targets.Target t : Targets.all()) {
            Targets.Verdict v = t.eval.apply(list);
            b.append("| ").append(t.issue).append(" | ").append(t.text).append(" | ").append(t.how).append(" | ")
                    .append(v.measured).append(" | ").append(v.status).append(" |\n");
        }
        return b.toString();
    }

    /**
     * Replaces the text between the markers of a Markdown document.
     *
     * @param document the whole file
     * @param section  the new content (without markers)
     * @return the new document
     * @throws IllegalArgumentException if the markers are missing or out of order
     */
    public static String replaceSection(String document, String section) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < 0 || end < begin) {
            throw new IllegalArgumentException("the markers '" + BEGIN + "' and '" + END
                    + "' must both appear, in that order");
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + section
                + (section.endsWith("\n") ? "" : "\n") + document.substring(end);
    }

    /**
     * Command line entry point; see the class comment.
     *
     * @param args options and result files
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path markdown = null;
        String profile = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--markdown": markdown = Path.of(args[++i]); break;
                case "--profile": profile = args[++i]; break;
                default: files.add(Path.of(args[i])); break;
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: ResultTable [--markdown FILE] [--profile NAME] result.json...");
            System.exit(2);
        }
        ResultTable t = new ResultTable();
        for (Path f : files) {
            t.add(Files.readString(f, StandardCharsets.UTF_8));
        }
        if (t.rows.isEmpty()) {
            System.err.println("no benchmark results in " + files);
            System.exit(1);
        }
        out.print(t.text());
        if (markdown != null) {
            String doc = Files.readString(markdown, StandardCharsets.UTF_8);
            String source = String.join(", ", files.stream().map(p -> p.getFileName().toString())
                    .toArray(String[]::new));
            Files.writeString(markdown, replaceSection(doc, t.markdown(profile, source)), StandardCharsets.UTF_8);
            out.println("updated the results section of " + markdown);
        }
    }
}
