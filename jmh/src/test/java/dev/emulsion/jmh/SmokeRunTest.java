package dev.emulsion.jmh;

import dev.emulsion.jmh.report.ResultTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the suite from rotting in CI: runs the floor and the fused point pass (with and without SuperWord) at
 * the smallest standard size through the real JMH runner, in forked JVMs as {@code jmh/run} does, with one
 * short iteration, and checks that results came back and that the report can read them. No timing is
 * asserted (the scores only have to be positive and finite).
 */
class SmokeRunTest {
    @Test
    void floorAndPointPassRunAndReport(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("smoke.json");
        Options opts = new OptionsBuilder()
                .include("dev\\.emulsion\\.jmh\\.FloorBenchmark\\.floor$")
                .include("dev\\.emulsion\\.jmh\\.SuperWordBenchmark\\.point_pass")
                .param("mp", "2")
                .param("threads", "1")
                .forks(1)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .jvmArgsPrepend("-Xmx1g")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        Collection<RunResult> results = new Runner(opts).run();

        Map<String, RunResult> byMethod = new HashMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            byMethod.put(bench.substring(bench.lastIndexOf('.') + 1), r);
        }
        assertEquals(java.util.Set.of("floor", "point_pass", "point_pass_scalar"), byMethod.keySet());
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score), r.getParams().getBenchmark() + " scored " + score);
        }
        // the scalar variant must really have run in a JVM without the auto-vectorizer
        assertTrue(byMethod.get("point_pass_scalar").getParams().getJvmArgs().contains("-XX:-UseSuperWord"));
        assertTrue(!byMethod.get("point_pass").getParams().getJvmArgs().contains("-XX:-UseSuperWord"));

        ResultTable table = new ResultTable();
        table.add(Files.readString(json, StandardCharsets.UTF_8));
        String text = table.text();
        assertTrue(text.contains("floor"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("point_pass ") && l.trim().endsWith("×")),
                "point_pass row should carry a SIMD gain:\n" + text);
    }
}
