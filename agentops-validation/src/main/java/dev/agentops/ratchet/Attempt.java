package dev.agentops.ratchet;

/**
 * One of a {@link BrownianRatchet}'s attempts at a piece of work: typically a fresh agent session
 * that produces a commit, a patch or a document. Attempts are chaotic and cheap; the validator
 * filters them.
 *
 * <p>Called once per attempt, on the ratchet's executor, concurrently with the other attempts. An
 * exception marks the attempt as crashed; it is harvested like any other failure.
 *
 * @param <T> what an attempt produces
 * @since 0.1.0
 */
@FunctionalInterface
public interface Attempt<T> {

  /**
   * Makes one attempt.
   *
   * @param index which attempt this is, from 0
   * @return what it produced
   * @throws Exception if the attempt could not produce anything
   */
  T run(int index) throws Exception;
}
