package dev.emulsion.chain;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs independent work items (row strips, column bands) on a fixed number of threads. The calling thread
 * takes part, so nested use from inside a pool task cannot deadlock. Results must never depend on which
 * thread runs which item: every item writes its own pixels. Thread-safe; shareable.
 */
public final class StripScheduler {
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static volatile ExecutorService sharedPool;

    private final int threads;
    private final ExecutorService executor;

    private StripScheduler(int threads, ExecutorService executor) {
        this.threads = threads;
        this.executor = executor;
    }

    /** @return a scheduler that runs everything on the calling thread */
    public static StripScheduler sequential() {
        return new StripScheduler(1, null);
    }

    /**
     * @param threads number of threads taking part, the caller included (1 to 1024)
     * @return a scheduler backed by a shared daemon pool
     */
    public static StripScheduler ofThreads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads = " + threads + " is out of range: allowed is 1 to 1024");
        }
        return threads == 1 ? sequential() : new StripScheduler(threads, shared());
    }

    /** @return a scheduler using every available core */
    public static StripScheduler allCores() {
        return ofThreads(Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param executor the executor to run helper tasks on (not shut down by this class)
     * @param threads  how many threads take part, the caller included
     * @return a scheduler on a caller-supplied executor
     */
    public static StripScheduler of(ExecutorService executor, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + " is out of range: allowed is at least 1");
        }
        return new StripScheduler(threads, executor);
    }

    private static ExecutorService shared() {
        ExecutorService p = sharedPool;
        if (p == null) {
            synchronized (StripScheduler.class) {
                p = sharedPool;
                if (p == null) {
                    ThreadFactory tf = r -> {
                        Thread t = new Thread(r, "emulsion-worker-" + THREAD_IDS.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    };
                    p = Executors.newCachedThreadPool(tf);
                    sharedPool = p;
                }
            }
        }
        return p;
    }

    /** @return the number of threads taking part, the caller included */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task.accept(i)} for every {@code i} in {@code [0, count)} and returns when all are done.
     * The first exception thrown by any item is rethrown here, after the items already running have
     * finished; items not yet started are skipped. Safe to call from inside another item (nested use): the
     * caller runs items itself and only ever waits for items that other threads are already running. If the
     * executor rejects helper tasks the caller runs everything. An interrupt does not cut the wait short (the
     * thread's interrupt flag is restored afterwards).
     */
    public void forEach(int count, IntConsumer task) {
        if (count <= 0) {
            return;
        }
        if (threads == 1 || count == 1 || executor == null) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int i;
            while ((i = next.getAndIncrement()) < count) {
                try {
                    if (failure.get() == null) {
                        task.accept(i);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (done.incrementAndGet() == count) {
                        synchronized (done) {
                            done.notifyAll();
                        }
                    }
                }
            }
        };
        int helpers = Math.min(threads, count) - 1;
        for (int h = 0; h < helpers; h++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break; // a saturated or shut-down executor: the caller does the remaining items itself
            }
        }
        worker.run();
        // Every item has been taken by a thread that is running it, so this wait always ends. It must not be
        // cut short by an interrupt: helpers may still be writing into the caller's arrays.
        boolean interrupted = false;
        synchronized (done) {
            while (done.get() < count) {
                try {
                    done.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Cuts {@code [0, length)} into about {@code 4 × threads} contiguous ranges of at least {@code minRange}
     * and runs {@code task.accept(from, to)} on each.
     */
    public void forRanges(int length, int minRange, RangeTask task) {
        if (length <= 0) {
            return;
        }
        int pieces = Math.max(1, Math.min(threads * 4, length / Math.max(1, minRange)));
        if (threads == 1) {
            pieces = 1;
        }
        final int n = pieces;
        forEach(n, i -> {
            int from = (int) ((long) length * i / n);
            int to = (int) ((long) length * (i + 1) / n);
            if (to > from) {
                task.accept(from, to);
            }
        });
    }

    /** A unit of work over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        /** Processes {@code [from, to)}. */
        void accept(int from, int to);
    }
}
