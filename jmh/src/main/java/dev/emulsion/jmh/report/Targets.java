package dev.emulsion.jmh.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The speed targets of issues 2–7, evaluated from the rows of one run. A target whose rows are not in the run
 * (another size, a benchmark not yet written or named differently) says which rows it needs instead of a
 * figure. Benchmarks are found by a regular expression on {@code Class.method}; when a family names its
 * methods differently, adjust the expression here, in one place.
 */
final class Targets {
    /** A target's outcome. */
    static final class Verdict {
        final String measured;
        final String status;

        Verdict(String measured, String status) {
            this.measured = measured;
            this.status = status;
        }
    }

    /** One target: where it comes from, what it asks, how it is measured. */
    static final class Target {
        final String issue;
        final String text;
        final String how;
        final Function<List<ResultTable.Row>, Verdict> eval;

        Target(String issue, String text, String how, Function<List<ResultTable.Row>, Verdict> eval) {
            this.issue = issue;
            this.text = text;
            this.how = how;
            this.eval = eval;
        }
    }

    private static final String BIG = "24";

    private Targets() {
    }

    /** @return every target, in issue order */
    static List<Target> all() {
        List<Target> t = new ArrayList<>();
        t.add(new Target("#2", "conversion in, conversion out and the fused point pass measured at 24 MP",
                "ConversionBenchmark.convert_in / convert_out / fused_point_pass, 24 MP, most threads",
                rows -> report(rows, "ConversionBenchmark\\.(convert_in|convert_out|fused_point_pass)")));
        t.add(new Target("#3", "grain ≥ 5× the throughput of JH Labs NoiseFilter, 24 MP, same threads",
                "GrainBenchmark.grain vs grain_jhlabs, worst thread count",
                rows -> atLeast(min(rows, "GrainBenchmark\\.grain", BIG, r -> r.jhlabsRatio), 5)));
        t.add(new Target("#3", "colour grain (three correlated dye layers) ≥ 5× JH Labs NoiseFilter, 24 MP",
                "GrainBenchmark.grain_colour vs grain_jhlabs, worst thread count",
                rows -> atLeast(min(rows, "GrainBenchmark\\.grain_colour", BIG, r -> r.jhlabsRatio), 5)));
        t.add(new Target("#3", "grain ≥ 1.7× faster on 2 threads than on 1, 24 MP",
                "GrainBenchmark.grain, time at 1 thread / time at 2",
                rows -> atLeast(threadSpeedup(rows, "GrainBenchmark\\.grain"), 1.7)));
        t.add(new Target("#4", "a preset's fused tone + colour pass ≤ 4× the floor, 24 MP",
                "ColorPassBenchmark.color_pass × floor, worst preset and thread count",
                rows -> atMost(max(rows, "ColorPassBenchmark\\.color_pass", BIG, r -> r.floorRatio), 4)));
        t.add(new Target("#4", "that pass ≥ 3× the throughput of JH Labs CurvesFilter, 24 MP, same threads",
                "ColorPassBenchmark.color_pass vs color_pass_jhlabs, worst case",
                rows -> atLeast(min(rows, "ColorPassBenchmark\\.color_pass", BIG, r -> r.jhlabsRatio), 3)));
        t.add(new Target("#4", "a 33³ tetrahedral LUT pass ≤ 6× the floor, 24 MP",
                "any benchmark method named *lut* (not _jhlabs), worst case × floor",
                rows -> atMost(max(rows, "\\w+\\.\\w*lut\\w*", BIG, r -> r.floorRatio), 6)));
        t.add(new Target("#5", "halation ≥ 20× the throughput of JH Labs GlowFilter, 24 MP, same threads",
                "OpticsBenchmark.halation vs halation_jhlabs, worst case",
                rows -> atLeast(min(rows, "OpticsBenchmark\\.halation", BIG, r -> r.jhlabsRatio), 20)));
        t.add(new Target("#5", "halation within 1.5× of its own cost at a 10× smaller radius, 24 MP",
                "OpticsBenchmark.halation (65 µm) / halationNarrow (6.5 µm), worst thread count",
                rows -> atMost(methodRatio(rows, "OpticsBenchmark", "halation", "halationNarrow"), 1.5)));
        t.add(new Target("#5", "chromatic aberration ≤ 6× the floor, 24 MP",
                "OpticsBenchmark.*chromatic*, worst case × floor",
                rows -> atMost(max(rows, "OpticsBenchmark\\.\\w*chromatic\\w*", BIG, r -> r.floorRatio), 6)));
        t.add(new Target("#6", "depth blur (max radius 40 px) ≥ 10× JH Labs VariableBlurFilter, 24 MP",
                "DepthBenchmark.depthBlur vs depthBlur_jhlabs, worst case",
                rows -> atLeast(min(rows, "DepthBenchmark\\.depthBlur", BIG, r -> r.jhlabsRatio), 10)));
        t.add(new Target("#6", "depth blur at radius 80 ≤ 2.5× its cost at radius 40, 24 MP",
                "DepthBenchmark.depthBlur80 / depthBlur, worst thread count",
                rows -> atMost(methodRatio(rows, "DepthBenchmark", "depthBlur80", "depthBlur"), 2.5)));
        t.add(new Target("#7", "end to end: apply ≤ 2× decode + encode of the same 24 MP JPEG, 2 threads",
                "EndToEndBenchmark.apply / decode_encode (same JVM, same run)",
                rows -> atMost(endToEnd(rows), 2)));
        t.add(new Target("#7", "the fused point pass and a neighbourhood stage are auto-vectorized",
                "SuperWordBenchmark: time with -XX:-UseSuperWord / time with it, 24 MP",
                rows -> report(rows, "SuperWordBenchmark\\.(point_pass|neighbourhood)", BIG, r -> r.simdGain, "×")));
        t.add(new Target("#7", "peak resident memory of apply on 24 MP ≤ 1.5 GB; a 100 × 2 MP batch in one "
                + "invocation ≥ 2× faster than 100 invocations", "jmh/end-to-end (process-level; its own section)",
                rows -> new Verdict("see the end-to-end section", "—")));
        return t;
    }

    private static List<ResultTable.Row> find(List<ResultTable.Row> rows, String regex, String mp) {
        Predicate<ResultTable.Row> p = r -> (r.cls + "." + r.method).matches(regex)
                && !r.method.endsWith("_jhlabs") && !r.method.endsWith("_scalar")
                && (mp == null || mp.equals(r.mpText));
        List<ResultTable.Row> out = new ArrayList<>();
        for (ResultTable.Row r : rows) {
            if (p.test(r)) {
                out.add(r);
            }
        }
        return out;
    }

    private static double min(List<ResultTable.Row> rows, String regex, String mp,
                              Function<ResultTable.Row, Double> f) {
        double m = Double.NaN;
        for (ResultTable.Row r : find(rows, regex, mp)) {
            double v = f.apply(r);
            if (!Double.isNaN(v)) {
                m = Double.isNaN(m) ? v : Math.min(m, v);
            }
        }
        return m;
    }

    private static double max(List<ResultTable.Row> rows, String regex, String mp,
                              Function<ResultTable.Row, Double> f) {
        double m = min(rows, regex, mp, r -> -f.apply(r));
        return -m;
    }

    private static double threadSpeedup(List<ResultTable.Row> rows, String regex) {
        double t1 = Double.NaN;
        double t2 = Double.NaN;
        for (ResultTable.Row r : find(rows, regex, BIG)) {
            if (r.threads == 1) {
                t1 = r.median;
            } else if (r.threads == 2) {
                t2 = r.median;
            }
        }
        return t1 / t2;
    }

    /** Time of one method over another of the same class at 24 MP, worst thread count. */
    private static double methodRatio(List<ResultTable.Row> rows, String cls, String num, String den) {
        double worst = Double.NaN;
        for (ResultTable.Row a : rows) {
            if (!a.cls.endsWith(cls) || !a.method.equals(num) || !BIG.equals(a.mpText)) {
                continue;
            }
            for (ResultTable.Row b : rows) {
                if (b.cls.equals(a.cls) && b.method.equals(den) && b.threads == a.threads
                        && BIG.equals(b.mpText)) {
                    double r = a.median / b.median;
                    worst = Double.isNaN(worst) ? r : Math.max(worst, r);
                }
            }
        }
        return worst;
    }

    private static double endToEnd(List<ResultTable.Row> rows) {
        double apply = Double.NaN;
        double io = Double.NaN;
        for (ResultTable.Row r : rows) {
            if (r.cls.equals("EndToEndBenchmark") && BIG.equals(r.mpText) && r.threads == 2) {
                if (r.method.equals("apply")) {
                    apply = r.median;
                } else if (r.method.equals("decode_encode")) {
                    io = r.median;
                }
            }
        }
        return apply / io;
    }

    private static Verdict atLeast(double v, double target) {
        if (Double.isNaN(v)) {
            return new Verdict("not in this run", "—");
        }
        return new Verdict(ResultTable.fmt(v) + "×", v >= target ? "met" : "MISSED");
    }

    private static Verdict atMost(double v, double target) {
        if (Double.isNaN(v)) {
            return new Verdict("not in this run", "—");
        }
        return new Verdict(ResultTable.fmt(v) + "×", v <= target ? "met" : "MISSED");
    }

    private static Verdict report(List<ResultTable.Row> rows, String regex) {
        int most = 0;
        for (ResultTable.Row r : find(rows, regex, BIG)) {
            most = Math.max(most, r.threads);
        }
        final int threads = most;
        List<String> parts = new ArrayList<>();
        for (ResultTable.Row r : find(rows, regex, BIG)) {
            if (r.threads == threads) {
                parts.add(r.method + " " + ResultTable.fmt(r.megapixelsPerSecond()) + " MP/s");
            }
        }
        return parts.isEmpty() ? new Verdict("not in this run", "—")
                : new Verdict(String.join(", ", parts) + " (" + threads + " threads)", "reported");
    }

    private static Verdict report(List<ResultTable.Row> rows, String regex, String mp,
                                  Function<ResultTable.Row, Double> f, String unit) {
        List<String> parts = new ArrayList<>();
        for (ResultTable.Row r : find(rows, regex, mp)) {
            double v = f.apply(r);
            if (!Double.isNaN(v)) {
                parts.add(r.method + " " + r.threads + "t " + ResultTable.fmt(v) + unit);
            }
        }
        return parts.isEmpty() ? new Verdict("not in this run", "—") : new Verdict(String.join(", ", parts),
                "reported");
    }
}
