package dev.emulsion.cli;

import java.util.function.BooleanSupplier;

/** Waiting on an object's monitor in the streaming codecs. */
final class Monitors {
    private Monitors() {
    }

    /**
     * Waits on {@code lock} until {@code done} holds, evaluating it while holding the lock. An interrupt does
     * not end the wait (the threads being waited for are still writing into shared pixels); it is restored on
     * return.
     *
     * @param lock the monitor the waited-for threads notify after changing the state {@code done} reads
     * @param done the condition to wait for
     */
    static void awaitUninterruptibly(Object lock, BooleanSupplier done) {
        boolean interrupted = false;
        synchronized (lock) {
            while (!done.getAsBoolean()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
