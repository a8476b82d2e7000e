package dev.emulsion.chain;

import dev.emulsion.image.FloatImage;
import dev.emulsion.tone.Exposure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failure propagation, nesting and rejection in the scheduler and the chain that uses it. */
class StripSchedulerTest {

    /** A point stage whose kernel throws on the strip that holds row {@code failRow}. */
    static PointStage failing(int failRow) {
        return TestStages.point("test-failing", (width, height, ctx) -> s -> {
            if (failRow >= s.y0() && failRow < s.y1()) {
                throw new IllegalStateException("boom at row " + failRow);
            }
        });
    }

    /** A whole-image stage that runs a nested parallel pass on the context's scheduler. */
    static Stage nested() {
        return TestStages.whole("test-nested", (in, ctx) -> {
            FloatImage out = in.copy();
            int w = in.width();
            ctx.scheduler().forEach(in.height(), y -> ctx.scheduler().forRanges(w, 8, (x0, x1) -> {
                for (int x = x0; x < x1; x++) {
                    out.red()[y * w + x] += 1f;
                }
            }));
            return out;
        });
    }

    @Test
    void aFailingPointStagePropagatesItsExceptionAtEveryThreadCount() {
        FloatImage img = FloatImage.filled(64, 4000, 0.5f, 0.5f, 0.5f);
        for (int threads : new int[] {1, 2, 8}) {
            FilterChain chain = FilterChain.builder().add(new Exposure(1)).add(failing(3100))
                    .threads(threads).seed(1).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> chain.apply(img));
            assertEquals("boom at row 3100", e.getMessage(), "threads " + threads);
            // The scheduler is still usable afterwards.
            FloatImage ok = FilterChain.builder().add(new Exposure(1)).threads(threads).seed(1).build().apply(img);
            assertEquals(1f, ok.red()[img.pixelCount() - 1], 1e-6f);
        }
    }

    @Test
    void errorsAndCheckedCausesAreNotSwallowed() {
        StripScheduler s = StripScheduler.ofThreads(4);
        AssertionError err = new AssertionError("deep");
        assertSame(err, assertThrows(AssertionError.class, () -> s.forEach(100, i -> {
            if (i == 57) {
                throw err;
            }
        })));
    }

    @Test
    void nestedUseOnASmallFixedPoolCannotDeadlock() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            StripScheduler s = StripScheduler.of(pool, 8);
            FloatImage img = FloatImage.filled(96, 300, 0f, 0f, 0f);
            FilterChain chain = FilterChain.builder().add(nested()).add(nested())
                    .executor(pool, 8).seed(2).build();
            FloatImage out = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> chain.apply(img));
            for (float v : out.red()) {
                assertEquals(2f, v, 0f);
            }
            // Three levels deep on a pool of two threads.
            AtomicInteger leaves = new AtomicInteger();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> s.forEach(16, i -> s.forEach(16,
                    j -> s.forEach(16, k -> leaves.incrementAndGet()))));
            assertEquals(16 * 16 * 16, leaves.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShutDownExecutorStillRunsEverythingOnTheCaller() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.shutdown();
        StripScheduler s = StripScheduler.of(pool, 4);
        AtomicIntegerArray hits = new AtomicIntegerArray(50);
        s.forEach(50, hits::incrementAndGet);
        for (int i = 0; i < 50; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void forRangesCoversEveryIndexExactlyOnce() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            for (int length : new int[] {1, 7, 100, 1001}) {
                int[] seen = new int[length];
                StripScheduler.ofThreads(threads).forRanges(length, 3, (a, b) -> {
                    for (int i = a; i < b; i++) {
                        seen[i]++;
                    }
                });
                int[] ones = new int[length];
                java.util.Arrays.fill(ones, 1);
                assertArrayEquals(ones, seen, threads + " threads, length " + length);
            }
        }
    }

    @Test
    void interruptDoesNotCutTheWaitShortAndIsRestored() {
        StripScheduler s = StripScheduler.ofThreads(2);
        int[] done = new int[64];
        Thread.currentThread().interrupt();
        s.forEach(64, i -> {
            long until = System.nanoTime() + 200_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            done[i] = 1;
        });
        assertTrue(Thread.interrupted(), "interrupt flag restored (and cleared here)");
        for (int d : done) {
            assertEquals(1, d);
        }
    }

    @Test
    void invalidThreadCountsAreRejectedWithTheAllowedRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StripScheduler.ofThreads(0));
        assertTrue(e.getMessage().contains("1 to 1024"), e.getMessage());
    }
}
