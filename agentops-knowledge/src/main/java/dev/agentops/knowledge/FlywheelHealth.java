package dev.agentops.knowledge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether knowledge compounds or decays (Factor VIII: "if retrieval rate times citation rate
 * exceeds decay rate, knowledge grows; if not, it decays to zero no matter how much you extract"),
 * measured over a {@link HealthWindow} of sessions from the citation log and the corpus.
 *
 * <p>All three rates are per-session fractions, from 0 to 1:
 *
 * <ul>
 *   <li><b>retrieval rate</b> R = the fraction of the window's sessions in which at least one
 *       learning reached the session: a {@link CitationKind#RETRIEVED} citation (logged by {@link
 *       KnowledgeFlywheel#inject(dev.agentops.context.ContextBudget, String, String)}) or any other
 *       citation, since a learning applied was seen. Unit: sessions with retrieval / sessions.
 *   <li><b>citation rate</b> C = the fraction of those sessions that applied or referenced at least
 *       one learning. Unit: sessions that used knowledge / sessions with retrieval. R × C is the
 *       fraction of all sessions that reused knowledge: the reuse rate the seed says to track.
 *   <li><b>decay rate</b> D = the fraction of the live corpus's freshness lost from one session to
 *       the next: (share of live learnings that no session of the window applied or referenced) ×
 *       (1 − exp(−λ × Δ)), where λ is the {@link DecayPolicy}'s rate per week and Δ the window's
 *       mean interval between sessions ({@link HealthWindow#meanInterval()}) in weeks. A citation
 *       restores a learning to full freshness, so only the uncited share decays; the less often
 *       sessions run, the more each interval costs. Unit: fraction of the corpus per session.
 * </ul>
 *
 * <p>The verdict is {@link Verdict#COMPOUNDING} when R × C &gt; D (strictly: an empty or unused
 * corpus never compounds), {@link Verdict#DECAYING} otherwise. The reference plugin's code measures
 * decay as average age in days / 100, which is not a per-session fraction and cannot be compared
 * with R × C; this follows the doctrine's form instead.
 *
 * <p>Also reported: how many live learnings are stale (uncited past the review age, or expired, as
 * of the window's end) and how concentrated reuse is (the share of the window's applications and
 * references that went to the most-cited tenth of the live corpus: near 1, a few learnings carry
 * all the reuse and the rest is dead weight).
 *
 * <p>The corpus is read as it is now: a learning retired during the window no longer counts as
 * live.
 *
 * @param window the sessions measured
 * @param retrievingSessions sessions of the window in which at least one learning was retrieved
 * @param citingSessions sessions of the window that applied or referenced at least one learning
 * @param retrievalRate R, retrievingSessions / sessions
 * @param citationRate C, citingSessions / retrievingSessions, or 0 if no session retrieved
 * @param decayRate D, uncited share × (1 − exp(−λΔ))
 * @param liveLearnings learnings pending or active and created before the window's end
 * @param citedLearnings live learnings applied or referenced in the window
 * @param staleCount live learnings not fresh at the window's end (due for review, or expired)
 * @param reuseConcentration the share of the window's applications and references that went to the
 *     most-cited tenth (at least one) of the live learnings; 0 if there were none
 * @param verdict compounding if R × C &gt; D
 * @since 0.1.0
 */
public record FlywheelHealth(
    HealthWindow window,
    int retrievingSessions,
    int citingSessions,
    double retrievalRate,
    double citationRate,
    double decayRate,
    int liveLearnings,
    int citedLearnings,
    int staleCount,
    double reuseConcentration,
    Verdict verdict) {

  private static final double SECONDS_PER_WEEK = Duration.ofDays(7).toSeconds();

  /**
   * The doctrine's verdict.
   *
   * @since 0.1.0
   */
  public enum Verdict {
    /** Retrieval × citation exceeds decay: knowledge grows. */
    COMPOUNDING,
    /** Retrieval × citation does not exceed decay: knowledge fades, whatever is extracted. */
    DECAYING
  }

  /**
   * Checks the components.
   *
   * @param window the window
   * @param retrievingSessions sessions with retrieval
   * @param citingSessions sessions with use
   * @param retrievalRate R
   * @param citationRate C
   * @param decayRate D
   * @param liveLearnings live learnings
   * @param citedLearnings cited live learnings
   * @param staleCount stale live learnings
   * @param reuseConcentration the top tenth's share
   * @param verdict the verdict
   * @throws IllegalArgumentException if a count or a rate is out of range, or the verdict does not
   *     follow from the rates
   */
  public FlywheelHealth {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(verdict, "verdict");
    int sessions = window.sessions().size();
    if (retrievingSessions < 0
        || retrievingSessions > sessions
        || citingSessions < 0
        || citingSessions > retrievingSessions) {
      throw new IllegalArgumentException(
          "flywheel health must have 0 <= citingSessions <= retrievingSessions <= sessions, but had"
              + " "
              + citingSessions
              + ", "
              + retrievingSessions
              + " and "
              + sessions);
    }
    if (liveLearnings < 0
        || citedLearnings < 0
        || citedLearnings > liveLearnings
        || staleCount < 0
        || staleCount > liveLearnings) {
      throw new IllegalArgumentException(
          "flywheel health must have cited and stale counts within 0.."
              + liveLearnings
              + " live learnings, but had "
              + citedLearnings
              + " cited and "
              + staleCount
              + " stale");
    }
    checkFraction("retrievalRate", retrievalRate);
    checkFraction("citationRate", citationRate);
    checkFraction("decayRate", decayRate);
    checkFraction("reuseConcentration", reuseConcentration);
    Verdict expected =
        retrievalRate * citationRate > decayRate ? Verdict.COMPOUNDING : Verdict.DECAYING;
    if (verdict != expected) {
      throw new IllegalArgumentException(
          "flywheel health verdict must be "
              + expected
              + " for R "
              + retrievalRate
              + " × C "
              + citationRate
              + " against D "
              + decayRate
              + ", but was "
              + verdict);
    }
  }

  /**
   * Measures health over a window from a corpus and a citation log, such as {@link
   * KnowledgeFlywheel#learnings()} and {@link KnowledgeFlywheel#citations()}. Citations of sessions
   * outside the window are ignored.
   *
   * @param learnings every learning, of every status
   * @param citations the citation log
   * @param window the sessions to measure
   * @param decay the policy the decay rate and staleness are measured by
   * @return the health as of the window's end
   */
  public static FlywheelHealth measure(
      Collection<Learning> learnings,
      Collection<Citation> citations,
      HealthWindow window,
      DecayPolicy decay) {
    Objects.requireNonNull(learnings, "learnings");
    Objects.requireNonNull(citations, "citations");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(decay, "decay");
    Instant end = window.to();
    Set<String> sessions = new HashSet<>(window.sessions());

    Map<String, Learning> live = new HashMap<>();
    for (Learning l : learnings) {
      if (l.status().live() && l.created().isBefore(end)) {
        live.put(l.id(), l);
      }
    }

    Set<String> retrieving = new HashSet<>();
    Set<String> citing = new HashSet<>();
    Map<String, Integer> uses = new HashMap<>();
    int totalUses = 0;
    for (Citation c : citations) {
      if (!sessions.contains(c.session())) {
        continue;
      }
      retrieving.add(c.session());
      if (c.kind().refreshes()) {
        citing.add(c.session());
        if (live.containsKey(c.learning())) {
          uses.merge(c.learning(), 1, Integer::sum);
          totalUses++;
        }
      }
    }

    int stale = 0;
    for (Learning l : live.values()) {
      if (decay.staleness(l, end) != Staleness.FRESH) {
        stale++;
      }
    }

    int n = window.sessions().size();
    double r = retrieving.size() / (double) n;
    double c = retrieving.isEmpty() ? 0 : citing.size() / (double) retrieving.size();
    double uncitedShare = live.isEmpty() ? 0 : (live.size() - uses.size()) / (double) live.size();
    double intervalWeeks = window.meanInterval().getSeconds() / SECONDS_PER_WEEK;
    double d = uncitedShare * (1 - Math.exp(-decay.ratePerWeek() * intervalWeeks));

    double concentration = 0;
    if (totalUses > 0) {
      int decile = Math.max(1, (int) Math.ceil(live.size() / 10.0));
      List<Integer> counts = new ArrayList<>(uses.values());
      counts.sort(java.util.Comparator.reverseOrder());
      int top = 0;
      for (int i = 0; i < Math.min(decile, counts.size()); i++) {
        top += counts.get(i);
      }
      concentration = top / (double) totalUses;
    }
    return new FlywheelHealth(
        window,
        retrieving.size(),
        citing.size(),
        r,
        c,
        d,
        live.size(),
        uses.size(),
        stale,
        concentration,
        r * c > d ? Verdict.COMPOUNDING : Verdict.DECAYING);
  }

  /**
   * Returns the reuse rate, R × C: the fraction of the window's sessions that applied or referenced
   * knowledge.
   *
   * @return R × C
   */
  public double reuseRate() {
    return retrievalRate * citationRate;
  }

  /**
   * Tells whether knowledge compounds.
   *
   * @return {@code true} if R × C &gt; D
   */
  public boolean compounding() {
    return verdict == Verdict.COMPOUNDING;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "FlywheelHealth[%s over %d sessions: retrieval %.3f × citation %.3f = %.3f vs decay %.4f;"
            + " %d live, %d cited, %d stale, top tenth holds %.2f of reuse]",
        verdict,
        window.sessions().size(),
        retrievalRate,
        citationRate,
        reuseRate(),
        decayRate,
        liveLearnings,
        citedLearnings,
        staleCount,
        reuseConcentration);
  }

  private static void checkFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          "flywheel health " + name + " must be from 0 to 1, but was " + value);
    }
  }
}
