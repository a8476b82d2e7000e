package dev.emulsion.color;

/**
 * Per-thread scratch planes for point kernels. HotSpot's C2 (JDK 17) vectorizes a loop only when it stores to
 * one array, so kernels that mix the three channels compute each output plane in its own loop into a scratch
 * plane and copy back; and only loops with small bodies are unrolled, hence vectorized, so long
 * computations are cut into several loops over scratch planes. The loops must also index every array alike ({@code a[k]} with {@code b[k]}, not
 * {@code a[start + k]}): C2 cannot tell that arrays accessed at different offsets do not overlap. So a
 * kernel copies the strip's planes into scratch planes ({@link #load}), works there, and copies results back.
 * A kernel may use the slots only inside one {@code process} call and must not call another kernel meanwhile.
 */
public final class Scratch {
    /** Number of slots. */
    public static final int SLOTS = 14;
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Scratch() {
    }

    /**
     * @param slot 0 to {@link #SLOTS} − 1
     * @param n    length needed
     * @return this thread's scratch plane for the slot, at least {@code n} long, with unspecified contents
     */
    public static float[] get(int slot, int n) {
        float[][] b = BUFFERS.get();
        if (b[slot].length < n) {
            b[slot] = new float[Math.max(n, 16 * 1024)];
        }
        return b[slot];
    }

    /** @return scratch plane {@code slot} holding a copy of {@code plane[start, start + n)} */
    public static float[] load(int slot, float[] plane, int start, int n) {
        float[] t = get(slot, n);
        System.arraycopy(plane, start, t, 0, n);
        return t;
    }
}
