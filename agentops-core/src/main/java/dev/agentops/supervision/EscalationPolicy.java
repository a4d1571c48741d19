package dev.agentops.supervision;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The declarative table from failure class to action, and the rule for systemic failures.
 *
 * <ul>
 *   <li>A failure whose class is in the table gets the table's action: retry (with a cooldown),
 *       decompose, or escalate.
 *   <li>A failure whose class is <em>not</em> in the table escalates: what nobody planned for is
 *       not retried blindly.
 *   <li>When {@link #systemicWorkers()} different workers fail with the same {@linkplain
 *       Failure#signature() signature} within {@link #systemicWindow()}, the failure is systemic:
 *       retrying elsewhere will not help, so it escalates at once, whatever its class.
 * </ul>
 *
 * <p>{@link #defaults()}:
 *
 * <table>
 *   <caption>The default table</caption>
 *   <tr><th>class</th><th>action</th></tr>
 *   <tr><td>{@code test-failure}, {@code build-failure}, {@code validation-failed}</td>
 *       <td>retry at once</td></tr>
 *   <tr><td>{@code timeout}</td><td>retry after 30 s</td></tr>
 *   <tr><td>{@code rate-limited}</td><td>retry after 60 s</td></tr>
 *   <tr><td>{@code context-saturated}, {@code too-large}</td><td>decompose</td></tr>
 *   <tr><td>anything else, {@link Failure#EXCEPTION} included</td><td>escalate</td></tr>
 * </table>
 *
 * <p>and systemic at 3 workers within 10 minutes. The factor's doctrine says "several workers"; the
 * numbers are this library's choice, not measured. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class EscalationPolicy {

  private static final EscalationPolicy DEFAULTS =
      builder()
          .retry("test-failure")
          .retry("build-failure")
          .retry("validation-failed")
          .retry("timeout", Duration.ofSeconds(30))
          .retry("rate-limited", Duration.ofSeconds(60))
          .decompose("context-saturated")
          .decompose("too-large")
          .build();

  private final Map<String, FailureAction> table;
  private final int systemicWorkers;
  private final Duration systemicWindow;

  private EscalationPolicy(Builder b) {
    this.table = Collections.unmodifiableMap(new TreeMap<>(b.table));
    this.systemicWorkers = b.systemicWorkers;
    this.systemicWindow = b.systemicWindow;
  }

  /**
   * Returns the default policy, described above.
   *
   * @return the defaults
   */
  public static EscalationPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Starts an empty table (every class escalates) with the default systemic rule.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this policy's table and rule.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.table.putAll(table);
    b.systemicWorkers = systemicWorkers;
    b.systemicWindow = systemicWindow;
    return b;
  }

  /**
   * Returns the action for a failure class: the table's, or escalate for a class it does not know.
   *
   * @param failureClass the class
   * @return the action
   */
  public FailureAction actionFor(String failureClass) {
    Objects.requireNonNull(failureClass, "failureClass");
    FailureAction a = table.get(failureClass);
    return a != null ? a : FailureAction.escalate();
  }

  /**
   * Returns the table's row for a failure class.
   *
   * @param failureClass the class
   * @return the action, or empty if the table does not know the class
   */
  public Optional<FailureAction> lookup(String failureClass) {
    return Optional.ofNullable(table.get(Objects.requireNonNull(failureClass, "failureClass")));
  }

  /**
   * Returns the table, ordered by class.
   *
   * @return an unmodifiable view
   */
  public Map<String, FailureAction> table() {
    return table;
  }

  /**
   * Returns how many different workers failing with one signature make the failure systemic.
   *
   * @return at least 2
   */
  public int systemicWorkers() {
    return systemicWorkers;
  }

  /**
   * Returns the window within which those failures must fall.
   *
   * @return a positive duration
   */
  public Duration systemicWindow() {
    return systemicWindow;
  }

  @Override
  public String toString() {
    return "EscalationPolicy["
        + table
        + ", systemic at "
        + systemicWorkers
        + " workers within "
        + systemicWindow
        + "]";
  }

  /**
   * Builds an {@link EscalationPolicy}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Map<String, FailureAction> table = new TreeMap<>();
    private int systemicWorkers = 3;
    private Duration systemicWindow = Duration.ofMinutes(10);

    private Builder() {}

    /**
     * Sets the action for a failure class, replacing any earlier one.
     *
     * @param failureClass the class
     * @param action what to do
     * @return this builder
     */
    public Builder on(String failureClass, FailureAction action) {
      table.put(Failure.checkClass(failureClass), Objects.requireNonNull(action, "action"));
      return this;
    }

    /**
     * Retries failures of a class at once.
     *
     * @param failureClass the class
     * @return this builder
     */
    public Builder retry(String failureClass) {
      return on(failureClass, FailureAction.retry());
    }

    /**
     * Retries failures of a class after a cooldown.
     *
     * @param failureClass the class
     * @param cooldown how long to wait before the next attempt
     * @return this builder
     */
    public Builder retry(String failureClass, Duration cooldown) {
      return on(failureClass, FailureAction.retry(cooldown));
    }

    /**
     * Escalates failures of a class so that a level above splits the unit.
     *
     * @param failureClass the class
     * @return this builder
     */
    public Builder decompose(String failureClass) {
      return on(failureClass, FailureAction.decompose());
    }

    /**
     * Escalates failures of a class at once. The same as leaving the class out, but explicit.
     *
     * @param failureClass the class
     * @return this builder
     */
    public Builder escalate(String failureClass) {
      return on(failureClass, FailureAction.escalate());
    }

    /**
     * Removes a class from the table, so that it escalates.
     *
     * @param failureClass the class
     * @return this builder
     */
    public Builder remove(String failureClass) {
      table.remove(Objects.requireNonNull(failureClass, "failureClass"));
      return this;
    }

    /**
     * Sets when a failure is systemic.
     *
     * @param workers how many different workers must fail with one signature; at least 2; default 3
     * @param window within how long; positive; default 10 minutes
     * @return this builder
     */
    public Builder systemic(int workers, Duration window) {
      if (workers < 2) {
        throw new IllegalArgumentException("systemic workers must be >= 2, but was " + workers);
      }
      Objects.requireNonNull(window, "window");
      if (window.isZero() || window.isNegative()) {
        throw new IllegalArgumentException("systemic window must be positive, but was " + window);
      }
      this.systemicWorkers = workers;
      this.systemicWindow = window;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public EscalationPolicy build() {
      return new EscalationPolicy(this);
    }
  }
}
