package dev.agentops.knowledge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The sessions flywheel health is measured over (Factor VIII: the compounding test is a statement
 * about sessions): the sessions a host ran between two instants.
 *
 * <p>The host knows which sessions it ran, including those that retrieved nothing and so left no
 * trace in the citation log; {@link #of(Instant, Instant, Collection)} takes them from the host.
 * {@link #fromCitations(Collection, Instant, Instant)} derives the sessions from the citation log
 * instead, and cannot see sessions that cited nothing: it overstates the retrieval rate.
 *
 * @param from the start of the window, inclusive
 * @param to the end of the window, exclusive; health is assessed as of this instant
 * @param sessions the ids of the sessions run in the window, without repeats, at least one
 * @since 0.1.0
 */
public record HealthWindow(Instant from, Instant to, List<String> sessions) {

  /**
   * Checks and copies the components.
   *
   * @param from the start
   * @param to the end
   * @param sessions the sessions
   * @throws IllegalArgumentException if the window does not end after it starts, holds no session,
   *     or names a session twice or blank
   */
  public HealthWindow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(sessions, "sessions");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "a health window must end after it starts, but ran from " + from + " to " + to);
    }
    if (sessions.isEmpty()) {
      throw new IllegalArgumentException(
          "a health window must hold at least one session, but the window from "
              + from
              + " to "
              + to
              + " held none");
    }
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    for (String s : sessions) {
      Objects.requireNonNull(s, "sessions[]");
      if (s.isBlank() || !seen.add(s)) {
        throw new IllegalArgumentException(
            "sessions of a health window must be distinct and not blank, but '"
                + s
                + "' was "
                + (s.isBlank() ? "blank" : "repeated"));
      }
    }
    sessions = List.copyOf(sessions);
  }

  /**
   * Returns a window over the sessions a host ran.
   *
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @param sessions the sessions run in between, in any order
   * @return the window
   */
  public static HealthWindow of(Instant from, Instant to, Collection<String> sessions) {
    return new HealthWindow(from, to, new ArrayList<>(sessions));
  }

  /**
   * Returns a window over the sessions that left a citation between two instants, in the order of
   * their first citation. Sessions that cited nothing are not seen.
   *
   * @param citations the citation log, such as {@link KnowledgeFlywheel#citations()}
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @return the window
   * @throws IllegalArgumentException if no session cited anything in the window
   */
  public static HealthWindow fromCitations(
      Collection<Citation> citations, Instant from, Instant to) {
    Objects.requireNonNull(citations, "citations");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    List<Citation> inWindow = new ArrayList<>();
    for (Citation c : citations) {
      if (!c.at().isBefore(from) && c.at().isBefore(to)) {
        inWindow.add(c);
      }
    }
    inWindow.sort(java.util.Comparator.comparing(Citation::at));
    LinkedHashSet<String> sessions = new LinkedHashSet<>();
    inWindow.forEach(c -> sessions.add(c.session()));
    return new HealthWindow(from, to, new ArrayList<>(sessions));
  }

  /**
   * Returns how long the window lasts.
   *
   * @return {@code to - from}
   */
  public Duration length() {
    return Duration.between(from, to);
  }

  /**
   * Returns the mean time between two sessions of the window: its length over its sessions.
   *
   * @return the mean interval
   */
  public Duration meanInterval() {
    return length().dividedBy(sessions.size());
  }
}
