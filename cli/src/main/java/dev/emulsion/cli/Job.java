package dev.emulsion.cli;

import dev.emulsion.chain.FilterChain;

import java.nio.file.Path;

/** One planned unit of a batch: an input, where its output goes, how it is encoded, and its chain. */
final class Job {
    final Path input;
    final Path output;
    /** Writer format: "jpeg", "png" or "tiff". */
    final String format;
    /** 8 or 16, or 0 for "as the input" (PNG/TIFF). */
    final int bits;
    final FilterChain chain;
    /** Why this job must not run (refused before reading), or null. */
    final String refusal;

    Job(Path input, Path output, String format, int bits, FilterChain chain, String refusal) {
        this.input = input;
        this.output = output;
        this.format = format;
        this.bits = bits;
        this.chain = chain;
        this.refusal = refusal;
    }
}
