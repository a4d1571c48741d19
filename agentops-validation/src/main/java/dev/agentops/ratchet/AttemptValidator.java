package dev.agentops.ratchet;

/**
 * Validates what an attempt produced, for a {@link BrownianRatchet}: an external validator (a test
 * suite, a council; Factor V), never the attempt's own author.
 *
 * <p>Called once per attempt that produced something, on the ratchet's executor, concurrently for
 * different attempts. An exception marks the attempt as unvalidated; it is harvested as a failure
 * and never locked.
 *
 * @param <T> what an attempt produces
 * @since 0.1.0
 */
@FunctionalInterface
public interface AttemptValidator<T> {

  /**
   * Validates one attempt's product.
   *
   * @param index which attempt it is, from 0
   * @param product what it produced
   * @return the assessment: a status, a score to rank passing attempts by, and the verdict's id
   * @throws Exception if validation could not run
   */
  Assessment validate(int index, T product) throws Exception;
}
