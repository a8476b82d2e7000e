package dev.emulsion.cli;

import dev.emulsion.chain.FilterChain;
import dev.emulsion.presets.PresetLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch runner never has more images in flight than the heap budget allows, whatever --jobs says. */
class MemoryBoundTest {
    @TempDir
    Path dir;

    private BatchRunner.Summary runWithHeap(long heapBytes, int jobs, List<Job> work, int[] peak) {
        StringWriter err = new StringWriter();
        BatchRunner r = new BatchRunner(new PrintWriter(err, true), jobs, false, 92, 1L, null, false, heapBytes);
        BatchRunner.Summary s = r.run(work);
        peak[0] = r.peakRunning.get();
        return s;
    }

    private List<Job> jobs(String outName) throws IOException {
        FilterChain chain = PresetLibrary.withUserDir(dir.resolve("user")).load("portra-400").toChain();
        List<Job> list = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path in = dir.resolve("in" + i + ".png");
            if (!Files.exists(in)) {
                Files.write(in, BatchTest.png(300, 300, 0x102030 * (i + 1)));
            }
            list.add(new Job(in, dir.resolve(outName).resolve("o" + i + ".png"), "png", 0, chain, null));
        }
        return list;
    }

    @Test
    void aSmallHeapRunsOneImageAtATimeAndStillWritesAll() throws IOException {
        // 300x300 px at 56 B/px ≈ 5 MB per image; an 8 MB heap leaves a 6 MB budget: room for one
        int[] peak = new int[1];
        BatchRunner.Summary s = runWithHeap(8L << 20, 4, jobs("small"), peak);
        assertEquals(6, s.written);
        assertEquals(1, peak[0], "only one image fits the budget at a time");
    }

    @Test
    void aLargeHeapAllowsUpToJobsAtOnce() throws IOException {
        int[] peak = new int[1];
        BatchRunner.Summary s = runWithHeap(1L << 30, 3, jobs("large"), peak);
        assertEquals(6, s.written);
        assertTrue(peak[0] >= 1 && peak[0] <= 3, "never more than --jobs: " + peak[0]);
    }
}
