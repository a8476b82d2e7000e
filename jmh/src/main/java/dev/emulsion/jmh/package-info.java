/**
 * JMH benchmarks. Conventions (see BENCHMARKS.md): one class per family, {@code @State(Scope.Benchmark)},
 * average time in milliseconds, {@code @Param mp} in {2, 12, 24} and {@code threads} in {1, 2}, the shared
 * scene of {@link dev.emulsion.jmh.BenchImages}, methods named after the stage with the JH Labs counterpart
 * as {@code <stage>_jhlabs} and a run without auto-vectorization as {@code <stage>_scalar}, so the report can
 * pair them. {@link dev.emulsion.jmh.FloorBenchmark} is the reference every row is compared with.
 */
package dev.emulsion.jmh;
