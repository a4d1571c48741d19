package dev.agentops.fitness;

import dev.agentops.gate.GateResult;
import dev.agentops.gate.GateStatus;
import dev.agentops.store.JsonCodec;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Records;
import dev.agentops.store.Store;
import dev.agentops.store.StoreException;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteResult;
import dev.agentops.work.WorkTracker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures fitness toward goals once per cycle (Factor IX) and says whether to go on.
 *
 * <h2>What {@link #endCycle(int)} does</h2>
 *
 * <ol>
 *   <li>Checks every goal. A check that raises, or returns {@link GateStatus#ERROR}, counts as not
 *       met; it never breaks the cycle.
 *   <li>Counts the ready work ({@link WorkTracker#ready()}, or the host's count).
 *   <li>Stores a {@link FitnessReport} in the {@value #REPORTS} collection, with each failing
 *       goal's streak of cycles in a row, carried over from the previous stored report of the same
 *       series, so a new monitor over the same store goes on where the last one stopped.
 *   <li>Reports each goal whose streak reaches the {@linkplain Builder#recurringAfter(int)
 *       threshold} (default 3), and each further multiple of it, to the {@link
 *       RecurringFailureListener}, guarded.
 *   <li>Decides: fewer goals pass than in the previous report → {@link Regression} (stop and
 *       escalate); every goal passes, nothing is ready and the cycle harvested nothing → {@link
 *       Dormancy} (stop: success); otherwise {@link CycleOutcome.Continue}.
 * </ol>
 *
 * <p>Thread-safe: cycles of one monitor are serialized. Two monitors ending the same cycle of the
 * same series at once: one stores its report, the other raises {@link FitnessException}.
 *
 * <pre>{@code
 * FitnessMonitor fitness = FitnessMonitor.builder(store)
 *     .goal(FitnessGoal.of("tests-pass", "The test suite passes", 2.0, () -> tests.passed()))
 *     .goal(FitnessGoal.of("no-open-bugs", "No open bug is ready", 1.0, () -> bugs() == 0))
 *     .work(tracker)
 *     .onRecurringFailure(failure -> harvester.extract(failure))
 *     .build();
 * CycleOutcome outcome;
 * do {
 *   int harvested = runOneCycle();
 *   outcome = fitness.endCycle(harvested);
 * } while (!outcome.stop());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FitnessMonitor {

  /** The collection that holds every {@link FitnessReport}. */
  public static final String REPORTS = "fitness-reports";

  /** The default number of failing cycles in a row that makes a failure recurring. */
  public static final int DEFAULT_RECURRING_AFTER = 3;

  private static final Logger LOG = LoggerFactory.getLogger(FitnessMonitor.class);

  private final Records<FitnessReport> reports;
  private final List<FitnessGoal> goals;
  private final String series;
  private final @Nullable IntSupplier ready;
  private final int recurringAfter;
  private final RecurringFailureListener listener;
  private final Clock clock;

  private FitnessMonitor(Builder b) {
    this.reports =
        Records.of(b.store, REPORTS, JsonCodec.of(FitnessReport.class, 1), FitnessReport::id);
    this.goals = List.copyOf(b.goals.values());
    this.series = b.series;
    this.ready = b.ready;
    this.recurringAfter = b.recurringAfter;
    this.listener = b.listener;
    this.clock = b.clock;
  }

  /**
   * Starts a monitor.
   *
   * @param store where reports are kept
   * @return a builder
   */
  public static Builder builder(Store store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  /**
   * Ends a cycle: checks every goal, stores the report, reports recurring failures and decides.
   *
   * @param harvested how many learnings or failures the cycle harvested (0 if none); a cycle that
   *     harvested something is never dormant
   * @return continue, dormant or regressed
   * @throws IllegalArgumentException if harvested is negative
   * @throws FitnessException if another monitor stored this cycle's report first
   * @throws StoreException if the store cannot be read or written
   */
  public synchronized CycleOutcome endCycle(int harvested) {
    if (harvested < 0) {
      throw new IllegalArgumentException("harvested must be >= 0, but was " + harvested);
    }
    Optional<FitnessReport> previous = latest();
    List<GoalResult> results = new ArrayList<>(goals.size());
    for (FitnessGoal goal : goals) {
      results.add(check(goal));
    }
    Map<String, Integer> streaks = new LinkedHashMap<>();
    Map<String, Integer> before = previous.map(FitnessReport::failingStreaks).orElse(Map.of());
    for (GoalResult r : results) {
      if (!r.passed()) {
        streaks.put(r.goalId(), before.getOrDefault(r.goalId(), 0) + 1);
      }
    }
    long cycle = previous.map(p -> p.cycle() + 1).orElse(1L);
    FitnessReport report =
        new FitnessReport(
            reportId(series, cycle),
            series,
            cycle,
            clock.instant(),
            results,
            harvested,
            countReady(),
            streaks);
    WriteResult written = reports.create(report);
    if (!written.committed()) {
      throw new FitnessException(
          series,
          "cycle " + cycle + " of fitness series '" + series + "' was stored by another monitor");
    }
    List<RecurringFailure> recurring = recurring(report);
    if (previous.isPresent() && report.passing() < previous.get().passing()) {
      List<String> lost = new ArrayList<>();
      Map<String, Boolean> passedBefore = new HashMap<>();
      previous.get().results().forEach(r -> passedBefore.put(r.goalId(), r.passed()));
      results.stream()
          .filter(r -> !r.passed() && passedBefore.getOrDefault(r.goalId(), false))
          .forEach(r -> lost.add(r.goalId()));
      return new Regression(report, previous.get(), lost, recurring);
    }
    if (Dormancy.isDormant(report)) {
      return new Dormancy(report);
    }
    return new CycleOutcome.Continue(report, recurring);
  }

  /**
   * Reads the latest stored report of this monitor's series.
   *
   * @return the report, if a cycle ended before
   */
  public Optional<FitnessReport> latest() {
    String prefix = series + ".";
    List<String> ids = reports.store().ids(REPORTS);
    for (int i = ids.size() - 1; i >= 0; i--) {
      if (ids.get(i).startsWith(prefix)) {
        return reports.get(ids.get(i)).map(Versioned::value);
      }
    }
    return Optional.empty();
  }

  /**
   * Reads every stored report of this monitor's series, oldest first.
   *
   * @return the reports
   */
  public List<FitnessReport> history() {
    String prefix = series + ".";
    List<FitnessReport> out = new ArrayList<>();
    for (String id : reports.store().ids(REPORTS)) {
      if (id.startsWith(prefix)) {
        reports.get(id).ifPresent(v -> out.add(v.value()));
      }
    }
    return out;
  }

  /**
   * Returns the goals, in order.
   *
   * @return the goals
   */
  public List<FitnessGoal> goals() {
    return goals;
  }

  private GoalResult check(FitnessGoal goal) {
    try {
      GateResult r = goal.check().check();
      if (r == null) {
        return new GoalResult(goal.id(), goal.weight(), false, "the check returned no result");
      }
      return new GoalResult(goal.id(), goal.weight(), r.passed(), summary(r));
    } catch (Exception e) {
      LOG.warn("the check of goal '{}' raised {}", goal.id(), e.getClass().getName());
      return new GoalResult(
          goal.id(), goal.weight(), false, "the check raised " + e.getClass().getName());
    }
  }

  private static String summary(GateResult r) {
    String status = r.status().name().toLowerCase(Locale.ROOT);
    return r.summary().isBlank() ? status : status + ": " + r.summary();
  }

  private int countReady() {
    if (ready == null) {
      return 0;
    }
    try {
      int n = ready.getAsInt();
      return n < 0 ? -1 : n;
    } catch (RuntimeException e) {
      LOG.warn("counting the ready work raised {}", e.getClass().getName());
      return -1;
    }
  }

  private List<RecurringFailure> recurring(FitnessReport report) {
    List<RecurringFailure> out = new ArrayList<>();
    for (GoalResult r : report.results()) {
      int streak = report.failingStreaks().getOrDefault(r.goalId(), 0);
      if (streak > 0 && streak % recurringAfter == 0) {
        FitnessGoal goal =
            goals.stream().filter(g -> g.id().equals(r.goalId())).findFirst().orElseThrow();
        RecurringFailure failure =
            new RecurringFailure(goal.id(), goal.description(), streak, r.summary(), report.id());
        out.add(failure);
        try {
          listener.onRecurringFailure(failure);
        } catch (Exception e) {
          LOG.warn(
              "the recurring-failure listener raised {} for goal '{}'",
              e.getClass().getName(),
              goal.id());
        }
      }
    }
    return out;
  }

  static String reportId(String series, long cycle) {
    return series + "." + String.format(Locale.ROOT, "%06d", cycle);
  }

  /**
   * Builds a {@link FitnessMonitor}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final Store store;
    private final Map<String, FitnessGoal> goals = new LinkedHashMap<>();
    private String series = "main";
    private @Nullable IntSupplier ready;
    private int recurringAfter = DEFAULT_RECURRING_AFTER;
    private RecurringFailureListener listener = f -> {};
    private Clock clock = Clock.systemUTC();

    private Builder(Store store) {
      this.store = store;
    }

    /**
     * Adds a goal.
     *
     * @param goal the goal; its id must be new
     * @return this builder
     * @throws IllegalArgumentException if a goal with the same id was added
     */
    public Builder goal(FitnessGoal goal) {
      Objects.requireNonNull(goal, "goal");
      if (goals.putIfAbsent(goal.id(), goal) != null) {
        throw new IllegalArgumentException("goal '" + goal.id() + "' was added twice");
      }
      return this;
    }

    /**
     * Sets the series the reports belong to, so that several loops can share a store; default
     * {@code main}.
     *
     * @param series a valid record id without {@code .}
     * @return this builder
     */
    public Builder series(String series) {
      RecordKey.checkId(Objects.requireNonNull(series, "series"));
      if (series.contains(".")) {
        throw new IllegalArgumentException("series must not contain '.', but was '" + series + "'");
      }
      this.series = series;
      return this;
    }

    /**
     * Counts ready work with a work tracker's {@link WorkTracker#ready()}.
     *
     * @param tracker the tracker
     * @return this builder
     */
    public Builder work(WorkTracker tracker) {
      Objects.requireNonNull(tracker, "tracker");
      this.ready = () -> tracker.ready().size();
      return this;
    }

    /**
     * Counts ready work with the host's own count. Without this or {@link #work(WorkTracker)}, no
     * work is ever counted as ready.
     *
     * @param ready counts the ready work; a negative count or an exception means unknown, which is
     *     never dormant
     * @return this builder
     */
    public Builder readyWork(IntSupplier ready) {
      this.ready = Objects.requireNonNull(ready, "ready");
      return this;
    }

    /**
     * Sets after how many failing cycles in a row a goal's failure is recurring.
     *
     * @param cycles at least 1; default {@value FitnessMonitor#DEFAULT_RECURRING_AFTER}
     * @return this builder
     */
    public Builder recurringAfter(int cycles) {
      if (cycles < 1) {
        throw new IllegalArgumentException("recurringAfter must be >= 1, but was " + cycles);
      }
      this.recurringAfter = cycles;
      return this;
    }

    /**
     * Sets who is told of recurring failures, to extract their pattern; default nobody.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder onRecurringFailure(RecurringFailureListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the clock of reports; default the system clock in UTC.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the monitor.
     *
     * @return the monitor
     * @throws IllegalStateException if no goal was added
     */
    public FitnessMonitor build() {
      if (goals.isEmpty()) {
        throw new IllegalStateException("a fitness monitor needs at least one goal");
      }
      return new FitnessMonitor(this);
    }
  }
}
