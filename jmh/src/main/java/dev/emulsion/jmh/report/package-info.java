/**
 * The benchmark report: reads JMH's JSON results with JDK code only ({@link dev.emulsion.jmh.report.Json}),
 * derives medians, throughput, the multiple of the memory-bandwidth floor, the JH Labs ratio and the SIMD
 * gain, evaluates the issues' speed targets, and prints one table or rewrites the generated section of
 * BENCHMARKS.md ({@link dev.emulsion.jmh.report.ResultTable}). Run by {@code jmh/run}.
 */
package dev.emulsion.jmh.report;
