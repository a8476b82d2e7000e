package dev.emulsion.chain;

/** Runs colour kernels over a range of pixels in cache-sized blocks through per-thread planes. */
final class ColorBlocks {
    private static final ThreadLocal<float[][]> PLANES =
            ThreadLocal.withInitial(() -> new float[3][ColorKernel.BLOCK]);

    private ColorBlocks() {
    }

    /**
     * Reads pixels {@code [start, end)} of the source planes, applies every kernel in order, and writes them to
     * the destination planes (which may be the source planes).
     */
    static void run(ColorKernel[] kernels, float[] sr, float[] sg, float[] sb, float[] dr, float[] dg,
                    float[] db, int start, int end) {
        float[][] p = PLANES.get();
        float[] x = p[0];
        float[] y = p[1];
        float[] z = p[2];
        for (int from = start; from < end; from += ColorKernel.BLOCK) {
            int n = Math.min(ColorKernel.BLOCK, end - from);
            System.arraycopy(sr, from, x, 0, n);
            System.arraycopy(sg, from, y, 0, n);
            System.arraycopy(sb, from, z, 0, n);
            for (ColorKernel k : kernels) {
                k.apply(x, y, z, n);
            }
            System.arraycopy(x, 0, dr, from, n);
            System.arraycopy(y, 0, dg, from, n);
            System.arraycopy(z, 0, db, from, n);
        }
    }
}
