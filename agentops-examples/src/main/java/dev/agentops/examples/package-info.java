/**
 * The example programs, which show the factors at work; the first shows Factor I's handoffs and
 * Factor VII's decisions with their rationale. {@link dev.agentops.examples.Main} is the README's
 * main example; it runs offline against {@link dev.agentops.examples.DemoModel}, a deterministic
 * stand-in for a model, unless environment variables configure a real provider ({@link
 * dev.agentops.examples.ExampleModels}).
 */
@NullMarked
package dev.agentops.examples;

import org.jspecify.annotations.NullMarked;
