/**
 * Fitness toward goals (Factor IX: measure what matters): {@link dev.agentops.fitness.FitnessGoal}s
 * checked once per cycle into stored {@link dev.agentops.fitness.FitnessReport}s, a regression
 * breaker, recurring failures handed to an extraction listener, and {@link
 * dev.agentops.fitness.Dormancy}: when every goal passes and nothing is ready, the system stops.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.agentops.fitness;

import org.jspecify.annotations.NullMarked;
