package dev.agentops.ratchet;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a stored {@link Baseline}, as {@link Baselines} records it in its log,
 * in the same commit as the change itself.
 *
 * @param baseline the baseline's name
 * @param kind what happened
 * @param time when
 * @param writer who recorded it
 * @param reason why: required for {@link Kind#CREATED} and {@link Kind#REBASELINED}; {@code null}
 *     otherwise
 * @param before the values before, by metric name: the bar for the metrics concerned
 * @param after the values after, by metric name: the new bar, or for {@link Kind#REGRESSED} the
 *     measurements that fell short
 * @since 0.1.0
 */
public record BaselineEvent(
    String baseline,
    Kind kind,
    Instant time,
    String writer,
    @Nullable String reason,
    Map<String, Double> before,
    Map<String, Double> after) {

  /**
   * What happened to a baseline.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** The baseline was first stored. */
    CREATED,
    /** A passing check raised the bar for the metrics that improved. */
    RAISED,
    /** A check failed: metrics regressed past tolerance, or were missing. The bar stayed. */
    REGRESSED,
    /** The bar was set explicitly, possibly lower, with a reason. */
    REBASELINED
  }

  /**
   * Checks and copies the components.
   *
   * @param baseline the name
   * @param kind the kind
   * @param time the time
   * @param writer the writer
   * @param reason the reason
   * @param before the values before
   * @param after the values after
   * @throws IllegalArgumentException if a kind that needs a reason has none
   */
  public BaselineEvent {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(writer, "writer");
    if ((kind == Kind.CREATED || kind == Kind.REBASELINED)
        && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException(
          "a " + kind + " event of baseline '" + baseline + "' needs a reason, but none was given");
    }
    before = Collections.unmodifiableMap(new TreeMap<>(before));
    after = Collections.unmodifiableMap(new TreeMap<>(after));
  }
}
