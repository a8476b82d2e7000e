package dev.emulsion.jmh.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's arithmetic on hand-made JMH results. */
class ResultTableTest {
    private static String result(String bench, String mp, String threads, String unit, String error,
                                 double... samples) {
        StringBuilder raw = new StringBuilder();
        for (double s : samples) {
            raw.append(raw.length() == 0 ? "" : ", ").append(s);
        }
        return "{ \"jmhVersion\" : \"1.37\", \"benchmark\" : \"dev.emulsion.jmh." + bench + "\", \"mode\" : \"avgt\","
                + " \"threads\" : 1, \"forks\" : 1, \"jvmArgs\" : [], \"params\" : { \"mp\" : \"" + mp
                + "\", \"threads\" : \"" + threads + "\" }, \"primaryMetric\" : { \"score\" : 1.0, \"scoreError\" : "
                + error + ", \"scoreUnit\" : \"" + unit + "\", \"rawData\" : [ [ " + raw + " ] ] },"
                + " \"secondaryMetrics\" : { } }";
    }

    @Test
    void mediansRatiosAndUnits() {
        String json = "[" + String.join(",",
                result("FloorBenchmark.floor", "24", "1", "ms/op", "0.5", 10, 11, 12),
                result("GrainBenchmark.grain", "24", "1", "ms/op", "\"NaN\"", 40, 30, 1000),
                result("GrainBenchmark.grain_jhlabs", "24", "1", "s/op", "0.01", 0.120, 0.120, 0.120),
                result("SuperWordBenchmark.point_pass", "24", "1", "ms/op", "1", 20, 20, 20),
                result("SuperWordBenchmark.point_pass_scalar", "24", "1", "ms/op", "1", 50, 50, 50),
                result("GrainBenchmark.grain", "24", "2", "ms/op", "1", 20, 20, 20)) + "]";
        ResultTable t = new ResultTable();
        t.add(json);
        Map<String, ResultTable.Row> rows = new java.util.HashMap<>();
        for (ResultTable.Row r : t.derive()) {
            rows.put(r.method + "/" + r.threads, r);
        }
        ResultTable.Row grain = rows.get("grain/1");
        assertEquals(40, grain.median, 1e-9, "median, not mean (the outlier 1000 must not count)");
        assertEquals(40.0 / 11.0, grain.floorRatio, 1e-9, "over the floor's median, 11");
        assertEquals(3.0, grain.jhlabsRatio, 1e-9, "JH Labs 120 ms (given in s/op) over 40 ms");
        assertEquals(24.0 / 0.040, grain.megapixelsPerSecond(), 1e-6);
        assertEquals(0.0, rows.get("grain_jhlabs/1").error, 1e-9, "identical iterations: no spread");
        assertEquals(960.0, grain.error, 1e-9, "every iteration within median ± error: 1000 - 40");
        assertEquals(1.0, rows.get("floor/1").error, 1e-9);
        assertTrue(Double.isNaN(rows.get("grain/2").floorRatio), "no floor row at 2 threads");
        assertTrue(Double.isNaN(rows.get("grain/2").jhlabsRatio), "no JH Labs row at 2 threads");
        assertEquals(2.5, rows.get("point_pass/1").simdGain, 1e-9);
        // a wrong pairing (floor of the other thread count) would give a different multiple: guard the key
        assertEquals(1.0, rows.get("floor/1").floorRatio, 1e-9);

        List<ResultTable.Row> order = t.derive();
        assertEquals("floor", order.get(0).method, "the floor comes first");
        String text = t.text();
        assertTrue(text.contains("40.0 ± 960"), text);
        assertTrue(text.contains("3.00×"), text);
        // targets: grain is 3× JH Labs at 24 MP (asked: ≥ 5×) and 2× faster on 2 threads (asked: ≥ 1.7×)
        assertTrue(text.contains("MISSED   #3  grain ≥ 5×"), text);
        assertTrue(text.contains("met      #3  grain ≥ 1.7× faster on 2 threads than on 1, 24 MP: 2.00×"), text);
        assertTrue(text.contains("reported #7  the fused point pass"), text);
    }

    @Test
    void throughputUnitsBecomeTimePerOp() {
        assertEquals(1000, ResultTable.msPerUnit("s/op"), 0);
        assertEquals(-1, ResultTable.msPerUnit("ops/ms"), 0);
        assertThrows(IllegalArgumentException.class, () -> ResultTable.msPerUnit("furlongs"));
        assertEquals(2.5, ResultTable.median(List.of(4.0, 1.0, 3.0, 2.0)), 0);
        assertEquals(1.5, ResultTable.spread(List.of(4.0, 1.0, 3.0, 2.0), 2.5), 0);
        assertTrue(Double.isNaN(ResultTable.spread(List.of(4.0), 4.0)));
    }

    @Test
    void markdownSectionIsReplacedBetweenMarkers() {
        String doc = "# T\n\nbefore\n" + ResultTable.BEGIN + "\nold table\n" + ResultTable.END + "\nafter\n";
        String out = ResultTable.replaceSection(doc, "new table\n");
        assertEquals("# T\n\nbefore\n" + ResultTable.BEGIN + "\nnew table\n" + ResultTable.END + "\nafter\n", out);
        assertEquals(out, ResultTable.replaceSection(out, "new table\n"), "idempotent");
        assertThrows(IllegalArgumentException.class, () -> ResultTable.replaceSection("no markers", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> ResultTable.replaceSection(ResultTable.END + ResultTable.BEGIN, "x"));
    }

    @Test
    void jsonReaderHandlesJmhOutput() {
        Object v = Json.parse("{\"a\" : [1, -2.5e3, \"NaN\", true, null, {\"b\": \"x\\\"y\\u00e9\"}]}");
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) ((Map<String, Object>) v).get("a");
        assertEquals(-2500.0, Json.number(a.get(1)), 0);
        assertTrue(Double.isNaN(Json.number(a.get(2))));
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(null, a.get(4));
        assertEquals("x\"yé", ((Map<?, ?>) a.get(5)).get("b"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
    }
}
