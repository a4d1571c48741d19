package dev.agentops.validation;

/**
 * How much a {@link Finding} matters. The levels are the reference plugin's council reports'
 * ({@code critical}, {@code significant}, {@code minor}) plus {@link #INFO} for observations that
 * ask for nothing.
 *
 * @since 0.1.0
 */
public enum Severity {
  /** Must be fixed before the work can proceed: wrong results, data loss, a security hole. */
  CRITICAL(1.0),
  /** Should be fixed: a real defect or gap, but not a blocker on its own. */
  SIGNIFICANT(0.6),
  /** Worth fixing when convenient: style, clarity, small gaps. */
  MINOR(0.2),
  /** An observation; asks for nothing. */
  INFO(0.0);

  private final double weight;

  Severity(double weight) {
    this.weight = weight;
  }

  /**
   * Returns the weight a {@link Council.Consensus#SEVERITY_WEIGHTED severity-weighted} council
   * gives a finding of this severity.
   *
   * @return 1.0, 0.6, 0.2 or 0.0
   */
  public double weight() {
    return weight;
  }
}
