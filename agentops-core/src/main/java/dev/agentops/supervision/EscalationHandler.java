package dev.agentops.supervision;

/**
 * A supervising level: the {@link Level#SUPERVISOR} or the {@link Level#COORDINATOR}. It receives
 * the escalations of the level below and decides: reframe the unit for another round, pass it up,
 * abandon it, or hold it (Factor XI: each level handles what it can and passes up what it can't).
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Called on the thread running the unit; one handler may be called concurrently for different
 *       units, so it must be thread-safe.
 *   <li>It never hands work sideways: to reassign, it returns a {@link Resolution.Reframe} and the
 *       unit runs again, in fresh sessions, under the same supervisor.
 *   <li>An exception it raises is reported in the supervision log and the escalation passes up, as
 *       if it had returned {@link Resolution#passUp(String)}.
 * </ul>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EscalationHandler {

  /**
   * Decides what becomes of an escalation.
   *
   * @param escalation the escalation; {@link Escalation#to()} is this handler's level
   * @return the decision
   * @throws Exception if the handler could not decide; the escalation then passes up
   */
  Resolution handle(Escalation escalation) throws Exception;

  /**
   * A level that passes every escalation up, for a hierarchy that has nobody at that level.
   *
   * @return the handler
   */
  static EscalationHandler passUp() {
    return e ->
        Resolution.passUp("no one handles escalations at the " + e.to().wireName() + " level");
  }
}
