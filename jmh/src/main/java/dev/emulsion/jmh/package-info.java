/** JMH benchmarks. */
package dev.emulsion.jmh;
