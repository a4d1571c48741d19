/**
 * JMH benchmarks for the performance targets in {@code docs/performance.md}. Every benchmark
 * is measured next to a baseline in the same run, so results are read as ratios.
 */
package dev.agentops.benchmarks;
