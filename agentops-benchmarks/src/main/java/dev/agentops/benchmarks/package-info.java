/**
 * JMH benchmarks for the performance targets in {@code docs/performance.md} (Factor IX, measure
 * what matters: the library's own speed is measured, not assumed). Every benchmark is measured next
 * to a baseline in the same run, so results are read as ratios.
 */
@NullMarked
package dev.agentops.benchmarks;

import org.jspecify.annotations.NullMarked;
