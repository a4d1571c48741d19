package dev.agentops.supervision;

/**
 * How the top of the hierarchy reaches a person: a chat message, a ticket, a CI approval, a prompt
 * in an IDE. Humans sit at the top of the tree, not in the middle of every loop: the gate is asked
 * only about escalations that every level below passed up.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Called on the thread running the unit; it may block until the person answers, or return
 *       {@link HumanDecision#defer(String)} at once and collect the answer some other way.
 *   <li>May be called concurrently for different units, so it must be thread-safe.
 *   <li>An exception it raises is reported in the supervision log and the outcome is {@link
 *       Outcome.NeedsHuman}: the unit waits for a person, nothing is lost.
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface HumanGate {

  /**
   * Asks a person about an escalation.
   *
   * @param escalation the escalation, from the coordinator to the human
   * @return approve (another round, with guidance), deny, or defer
   * @throws Exception if the person could not be asked
   */
  HumanDecision decide(Escalation escalation) throws Exception;
}
