package dev.agentops.validation;

import dev.agentops.AgentOpsException;
import dev.agentops.Artifact;
import dev.agentops.gate.GateResult;
import dev.agentops.llm.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Several {@link Judge}s that judge one artifact in parallel, each within a timeout, and a rule
 * that turns their votes into one decision.
 *
 * <p>How the votes are counted, step by step (every step is a policy set on the builder):
 *
 * <ol>
 *   <li><b>Errors.</b> A judge that failed, timed out or never gave a usable reply has status
 *       {@link VerdictStatus#ERROR}. By default ({@link ErrorPolicy#COUNT_AGAINST_QUORUM}) it
 *       simply did not vote; {@link ErrorPolicy#TREAT_AS_FAIL} counts it as a FAIL vote; {@link
 *       ErrorPolicy#ABORT} makes the whole decision {@link VerdictStatus#ERROR}.
 *   <li><b>Quorum.</b> At least {@code ceil(quorum × judges)} judges must vote (PASS, WARN or
 *       FAIL), default two thirds; otherwise the decision is {@link VerdictStatus#NO_QUORUM}. An
 *       abstaining judge counts among the judges by default ({@link
 *       AbstainPolicy#COUNT_AGAINST_QUORUM}); with {@link AbstainPolicy#EXCLUDE} it is left out of
 *       them.
 *   <li><b>Cross-vendor split.</b> If one judge voted PASS and another, whose model comes from a
 *       different vendor, voted FAIL, the decision is {@link VerdictStatus#DISAGREE}: independent
 *       models disagree, and that is escalated, never broken automatically ({@link
 *       SplitPolicy#ESCALATE}, the default). With {@link SplitPolicy#APPLY_CONSENSUS} the consensus
 *       rule decides instead.
 *   <li><b>Consensus.</b> {@link Consensus#ANY_FAIL} (default): any FAIL vote fails the council,
 *       else any WARN warns, else it passes. {@link Consensus#SEVERITY_WEIGHTED}: a critical
 *       finding fails the council; otherwise each vote scores the larger of its floor (PASS 0, WARN
 *       0.4, FAIL 1) and its most severe finding's {@link Severity#weight() weight}, the scores are
 *       averaged weighted by the judges' confidence, and the council fails at 0.5 or above, warns
 *       at 0.2 or above, and passes below.
 * </ol>
 *
 * <p>The decision's confidence is the summed confidence of the judges whose vote is the outcome,
 * divided by the number of judges counted for the quorum; it is 0 for DISAGREE, NO_QUORUM and
 * ERROR.
 *
 * <p>Judges run in parallel on daemon threads the council keeps while it is in use (idle ones end
 * after 30 seconds), or on the {@link Builder#executor(Executor) executor} given; a judge still
 * running at its timeout is cancelled (its thread interrupted) and counted as an error. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * Council council = Council.builder()
 *     .judge(securityJudge)       // openai
 *     .judge(correctnessJudge)    // anthropic
 *     .judge(styleJudge)          // google
 *     .judgeTimeout(Duration.ofMinutes(2))
 *     .build();
 * Council.Decision d = council.evaluate(artifact, List.of());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Council {

  /** The default quorum: two thirds of the judges (the Olympus spec's 0.67). */
  public static final double DEFAULT_QUORUM = 2.0 / 3.0;

  /** The default time each judge has. */
  public static final Duration DEFAULT_JUDGE_TIMEOUT = Duration.ofMinutes(5);

  private static final double WARN_FLOOR = 0.4;

  /** How long a judge thread of the council's own stays idle before it ends. */
  private static final long IDLE_THREAD_SECONDS = 30;

  /**
   * How votes become a decision once the quorum is met and no cross-vendor split was escalated.
   *
   * @since 0.1.0
   */
  public enum Consensus {
    /** Any FAIL fails the council; else any WARN warns; else it passes. */
    ANY_FAIL,
    /**
     * A critical finding fails the council; otherwise a confidence-weighted average of each vote's
     * severity decides, against the thresholds set by {@link Builder#severityThresholds}.
     */
    SEVERITY_WEIGHTED
  }

  /**
   * What happens when a judge votes PASS and a judge of another vendor votes FAIL.
   *
   * @since 0.1.0
   */
  public enum SplitPolicy {
    /** The decision is {@link VerdictStatus#DISAGREE}, to be settled by a human. */
    ESCALATE,
    /** The split is left to the {@link Consensus} rule. */
    APPLY_CONSENSUS
  }

  /**
   * How an abstaining judge counts.
   *
   * @since 0.1.0
   */
  public enum AbstainPolicy {
    /** It counts among the judges but cast no vote, so it makes the quorum harder to reach. */
    COUNT_AGAINST_QUORUM,
    /** It is left out of the judges the quorum is computed over. */
    EXCLUDE
  }

  /**
   * How a judge that could not vote counts.
   *
   * @since 0.1.0
   */
  public enum ErrorPolicy {
    /** It counts among the judges but cast no vote, so it makes the quorum harder to reach. */
    COUNT_AGAINST_QUORUM,
    /** It counts as a FAIL vote (it never takes part in a cross-vendor split). */
    TREAT_AS_FAIL,
    /** Any judge error makes the decision {@link VerdictStatus#ERROR}. */
    ABORT
  }

  /**
   * What a council decided, and what each judge said.
   *
   * @param status PASS, WARN, FAIL, DISAGREE, NO_QUORUM or ERROR
   * @param confidence from 0 to 1 (see {@link Council})
   * @param summary why, in a line
   * @param judges each judge's verdict, in the order the judges were added
   * @param findings the findings of the judges that voted, most severe first
   * @param tokens the tokens every judge spent
   * @param duration how long the council took
   * @since 0.1.0
   */
  public record Decision(
      VerdictStatus status,
      double confidence,
      String summary,
      List<JudgeVerdict> judges,
      List<Finding> findings,
      TokenUsage tokens,
      Duration duration) {

    /**
     * Checks the components.
     *
     * @param status the outcome
     * @param confidence from 0 to 1
     * @param summary why
     * @param judges the judges' verdicts
     * @param findings the findings
     * @param tokens the tokens spent
     * @param duration how long it took
     * @throws IllegalArgumentException if the status is a judge's only, or the confidence is out of
     *     range
     */
    public Decision {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(summary, "summary");
      judges = List.copyOf(judges);
      findings = List.copyOf(findings);
      Objects.requireNonNull(tokens, "tokens");
      Objects.requireNonNull(duration, "duration");
      if (status == VerdictStatus.ABSTAIN) {
        throw new IllegalArgumentException("a council decision cannot be ABSTAIN");
      }
      if (!(confidence >= 0 && confidence <= 1)) {
        throw new IllegalArgumentException(
            "confidence of a council decision must be from 0 to 1, but was " + confidence);
      }
    }
  }

  private final List<Judge> judges;
  private final double quorum;
  private final Consensus consensus;
  private final SplitPolicy splitPolicy;
  private final AbstainPolicy abstainPolicy;
  private final ErrorPolicy errorPolicy;
  private final Duration judgeTimeout;
  private final @Nullable Executor configuredExecutor;
  private final Executor executor;
  private final double failAt;
  private final double warnAt;

  private Council(Builder b) {
    this.judges = List.copyOf(b.judges);
    this.quorum = b.quorum;
    this.consensus = b.consensus;
    this.splitPolicy = b.splitPolicy;
    this.abstainPolicy = b.abstainPolicy;
    this.errorPolicy = b.errorPolicy;
    this.judgeTimeout = b.judgeTimeout;
    this.configuredExecutor = b.executor;
    this.executor = b.executor != null ? b.executor : judgeThreads();
    this.failAt = b.failAt;
    this.warnAt = b.warnAt;
  }

  /**
   * Starts a council.
   *
   * @return a builder with the default policies and no judges
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this council's judges and policies.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.judges.addAll(judges);
    b.quorum = quorum;
    b.consensus = consensus;
    b.splitPolicy = splitPolicy;
    b.abstainPolicy = abstainPolicy;
    b.errorPolicy = errorPolicy;
    b.judgeTimeout = judgeTimeout;
    b.executor = configuredExecutor;
    b.failAt = failAt;
    b.warnAt = warnAt;
    return b;
  }

  /**
   * Returns the judges.
   *
   * @return the judges, in the order they were added
   */
  public List<Judge> judges() {
    return judges;
  }

  /**
   * Returns the quorum.
   *
   * @return the fraction of judges that must vote
   */
  public double quorum() {
    return quorum;
  }

  /**
   * Returns the consensus rule.
   *
   * @return the rule
   */
  public Consensus consensus() {
    return consensus;
  }

  /**
   * Returns what happens on a cross-vendor PASS/FAIL split.
   *
   * @return the policy
   */
  public SplitPolicy splitPolicy() {
    return splitPolicy;
  }

  /**
   * Returns how abstentions count.
   *
   * @return the policy
   */
  public AbstainPolicy abstainPolicy() {
    return abstainPolicy;
  }

  /**
   * Returns how judge errors count.
   *
   * @return the policy
   */
  public ErrorPolicy errorPolicy() {
    return errorPolicy;
  }

  /**
   * Returns how long each judge has.
   *
   * @return the timeout
   */
  public Duration judgeTimeout() {
    return judgeTimeout;
  }

  /**
   * Has every judge judge an artifact in parallel, waits for them (each at most the judge timeout)
   * and decides.
   *
   * @param artifact the artifact
   * @param gates the results of the gates that already ran, shown to the judges
   * @return the decision
   * @throws AgentOpsException if the calling thread is interrupted while waiting; the judges still
   *     running are cancelled and the thread's interrupt flag is set again
   */
  public Decision evaluate(Artifact artifact, List<GateResult> gates) {
    Objects.requireNonNull(artifact, "artifact");
    List<GateResult> facts = List.copyOf(gates);
    long start = System.nanoTime();
    int n = judges.size();
    List<FutureTask<JudgeVerdict>> tasks = new ArrayList<>(n);
    JudgeVerdict[] verdicts = new JudgeVerdict[n];
    for (int i = 0; i < n; i++) {
      Judge judge = judges.get(i);
      FutureTask<JudgeVerdict> task = new FutureTask<>(() -> judge.evaluate(artifact, facts));
      tasks.add(task);
      try {
        start(task);
      } catch (RejectedExecutionException e) {
        verdicts[i] =
            JudgeVerdict.error(
                judge, "the executor refused to run the judge", 0, TokenUsage.NONE, Duration.ZERO);
      }
    }
    long deadline = start + judgeTimeout.toNanos();
    for (int i = 0; i < n; i++) {
      if (verdicts[i] != null) {
        continue;
      }
      Judge judge = judges.get(i);
      FutureTask<JudgeVerdict> task = tasks.get(i);
      try {
        verdicts[i] = task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        task.cancel(true);
        verdicts[i] =
            JudgeVerdict.error(
                judge,
                "no answer within the judge timeout of " + judgeTimeout + "; cancelled",
                0,
                TokenUsage.NONE,
                judgeTimeout);
      } catch (ExecutionException | CancellationException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        verdicts[i] =
            JudgeVerdict.error(
                judge,
                "the judge failed: " + cause.getClass().getSimpleName(),
                0,
                TokenUsage.NONE,
                elapsed(start));
      } catch (InterruptedException e) {
        for (FutureTask<JudgeVerdict> t : tasks) {
          t.cancel(true);
        }
        Thread.currentThread().interrupt();
        throw new AgentOpsException("the council was interrupted while waiting for its judges", e);
      }
    }
    return decide(List.of(verdicts), elapsed(start));
  }

  private void start(FutureTask<JudgeVerdict> task) {
    executor.execute(task);
  }

  /**
   * Threads of this council's own: started when needed, kept while in use and for a while after, so
   * a council that sits often does not pay for starting threads each time (on a busy machine that
   * cost several times more than the judging itself). Daemon threads, so they never keep a JVM
   * alive; an idle council holds none.
   */
  private static ExecutorService judgeThreads() {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        IDLE_THREAD_SECONDS,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        task -> {
          Thread thread = new Thread(task, "agentops-judge-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Applies this council's policies to verdicts the judges already gave: what {@link #evaluate}
   * does once every judge has answered, for replaying or auditing a decision.
   *
   * @param verdicts one verdict per judge
   * @param duration how long the judging took
   * @return the decision
   * @throws IllegalArgumentException if the list is empty
   */
  public Decision decide(List<JudgeVerdict> verdicts, Duration duration) {
    Objects.requireNonNull(verdicts, "verdicts");
    Objects.requireNonNull(duration, "duration");
    if (verdicts.isEmpty()) {
      throw new IllegalArgumentException("a council decision needs at least one judge's verdict");
    }
    TokenUsage tokens = TokenUsage.NONE;
    List<String> errored = new ArrayList<>();
    int abstained = 0;
    List<Vote> votes = new ArrayList<>();
    for (JudgeVerdict v : verdicts) {
      tokens = tokens.plus(v.tokens());
      switch (v.status()) {
        case PASS, WARN, FAIL -> votes.add(Vote.of(v));
        case ABSTAIN -> abstained++;
        case ERROR -> {
          errored.add(v.judgeId());
          if (errorPolicy == ErrorPolicy.TREAT_AS_FAIL) {
            votes.add(new Vote(v, VerdictStatus.FAIL, 1.0, 1.0, false));
          }
        }
        default ->
            throw new IllegalArgumentException(
                "judge '"
                    + v.judgeId()
                    + "' has status "
                    + v.status()
                    + ", which no judge can have");
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (Vote vote : votes) {
      findings.addAll(vote.verdict.findings());
    }
    findings.sort(Comparator.comparing(Finding::severity));
    if (errorPolicy == ErrorPolicy.ABORT && !errored.isEmpty()) {
      return new Decision(
          VerdictStatus.ERROR,
          0,
          "judge(s) " + quoted(errored) + " could not vote, and this council aborts on errors",
          verdicts,
          findings,
          tokens,
          duration);
    }
    int pool = verdicts.size() - (abstainPolicy == AbstainPolicy.EXCLUDE ? abstained : 0);
    int required = Math.max(1, (int) Math.ceil(quorum * pool - 1e-9));
    if (votes.size() < required) {
      return new Decision(
          VerdictStatus.NO_QUORUM,
          0,
          votes.size()
              + " of "
              + verdicts.size()
              + " judges voted ("
              + abstained
              + " abstained, "
              + errored.size()
              + " could not vote); the quorum needs "
              + required
              + " of "
              + pool,
          verdicts,
          findings,
          tokens,
          duration);
    }
    if (splitPolicy == SplitPolicy.ESCALATE) {
      Set<String> passing = new TreeSet<>();
      Set<String> failing = new TreeSet<>();
      for (Vote vote : votes) {
        if (vote.real && vote.status == VerdictStatus.PASS) {
          passing.add(vote.verdict.vendor());
        } else if (vote.real && vote.status == VerdictStatus.FAIL) {
          failing.add(vote.verdict.vendor());
        }
      }
      if (!passing.isEmpty()
          && !failing.isEmpty()
          && !(passing.size() == 1 && passing.equals(failing))) {
        return new Decision(
            VerdictStatus.DISAGREE,
            0,
            "judges of different vendors split: PASS from "
                + passing
                + ", FAIL from "
                + failing
                + "; escalated",
            verdicts,
            findings,
            tokens,
            duration);
      }
    }
    VerdictStatus status;
    String summary;
    if (consensus == Consensus.ANY_FAIL) {
      status = anyFail(votes);
      summary = count(votes, status) + " of " + verdicts.size() + " judges voted " + status;
      if (status == VerdictStatus.FAIL) {
        summary += " (any FAIL fails the council)";
      }
    } else {
      Vote critical = null;
      for (Vote vote : votes) {
        if (critical == null && vote.critical()) {
          critical = vote;
        }
      }
      if (critical != null) {
        status = VerdictStatus.FAIL;
        summary = "judge '" + critical.verdict.judgeId() + "' reported a critical finding";
      } else {
        double score = weightedScore(votes);
        status =
            score >= failAt
                ? VerdictStatus.FAIL
                : score >= warnAt ? VerdictStatus.WARN : VerdictStatus.PASS;
        summary =
            String.format(
                Locale.ROOT,
                "severity-weighted score %.2f (FAIL at %.2f, WARN at %.2f) over %d votes",
                score,
                failAt,
                warnAt,
                votes.size());
      }
    }
    double agreeing = 0;
    for (Vote vote : votes) {
      if (vote.real && vote.status == status) {
        agreeing += vote.confidence;
      }
    }
    return new Decision(
        status, Math.min(1, agreeing / pool), summary, verdicts, findings, tokens, duration);
  }

  private static VerdictStatus anyFail(List<Vote> votes) {
    boolean warn = false;
    for (Vote vote : votes) {
      if (vote.status == VerdictStatus.FAIL) {
        return VerdictStatus.FAIL;
      }
      warn |= vote.status == VerdictStatus.WARN;
    }
    return warn ? VerdictStatus.WARN : VerdictStatus.PASS;
  }

  private static long count(List<Vote> votes, VerdictStatus status) {
    return votes.stream().filter(v -> v.status == status).count();
  }

  private static double weightedScore(List<Vote> votes) {
    double weighted = 0;
    double weights = 0;
    double plain = 0;
    for (Vote vote : votes) {
      weighted += vote.weight * vote.severity();
      weights += vote.weight;
      plain += vote.severity();
    }
    // Judges that are all entirely unsure still decide, each counting the same.
    return weights > 0 ? weighted / weights : plain / votes.size();
  }

  private static String quoted(List<String> ids) {
    return "'" + String.join("', '", ids) + "'";
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
  }

  /** One vote as counted: a judge's own, or an error counted as FAIL. */
  private static final class Vote {
    final JudgeVerdict verdict;
    final VerdictStatus status;
    final double confidence;
    final double weight;
    final boolean real;

    Vote(
        JudgeVerdict verdict,
        VerdictStatus status,
        double confidence,
        double weight,
        boolean real) {
      this.verdict = verdict;
      this.status = status;
      this.confidence = real ? confidence : 0;
      this.weight = weight;
      this.real = real;
    }

    static Vote of(JudgeVerdict v) {
      return new Vote(v, v.status(), v.confidence(), v.confidence(), true);
    }

    boolean critical() {
      return real && verdict.findings().stream().anyMatch(f -> f.severity() == Severity.CRITICAL);
    }

    double severity() {
      double floor =
          status == VerdictStatus.FAIL ? 1.0 : status == VerdictStatus.WARN ? WARN_FLOOR : 0.0;
      if (!real) {
        return floor;
      }
      double worst = floor;
      for (Finding f : verdict.findings()) {
        worst = Math.max(worst, f.severity().weight());
      }
      return worst;
    }
  }

  /**
   * Builds a {@link Council}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final List<Judge> judges = new ArrayList<>();
    private double quorum = DEFAULT_QUORUM;
    private Consensus consensus = Consensus.ANY_FAIL;
    private SplitPolicy splitPolicy = SplitPolicy.ESCALATE;
    private AbstainPolicy abstainPolicy = AbstainPolicy.COUNT_AGAINST_QUORUM;
    private ErrorPolicy errorPolicy = ErrorPolicy.COUNT_AGAINST_QUORUM;
    private Duration judgeTimeout = DEFAULT_JUDGE_TIMEOUT;
    private @Nullable Executor executor;
    private double failAt = 0.5;
    private double warnAt = 0.2;

    private Builder() {}

    /**
     * Adds a judge.
     *
     * @param judge the judge; its agent id must differ from every other judge's
     * @return this builder
     */
    public Builder judge(Judge judge) {
      judges.add(Objects.requireNonNull(judge, "judge"));
      return this;
    }

    /**
     * Adds judges.
     *
     * @param judges the judges
     * @return this builder
     */
    public Builder judges(Collection<Judge> judges) {
      for (Judge j : judges) {
        judge(j);
      }
      return this;
    }

    /**
     * Sets the quorum: the fraction of judges that must vote for the council to decide. The number
     * of votes needed is {@code ceil(quorum × judges)}, so with three judges 2/3 needs two votes,
     * while 0.67 needs all three.
     *
     * @param quorum in (0, 1]; default {@link #DEFAULT_QUORUM} (two thirds)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder quorum(double quorum) {
      if (!(quorum > 0 && quorum <= 1)) {
        throw new IllegalArgumentException("quorum must be in (0, 1], but was " + quorum);
      }
      this.quorum = quorum;
      return this;
    }

    /**
     * Sets the consensus rule.
     *
     * @param consensus the rule; default {@link Consensus#ANY_FAIL}
     * @return this builder
     */
    public Builder consensus(Consensus consensus) {
      this.consensus = Objects.requireNonNull(consensus, "consensus");
      return this;
    }

    /**
     * Sets what happens when judges of different vendors split between PASS and FAIL.
     *
     * @param splitPolicy the policy; default {@link SplitPolicy#ESCALATE}
     * @return this builder
     */
    public Builder crossVendorSplit(SplitPolicy splitPolicy) {
      this.splitPolicy = Objects.requireNonNull(splitPolicy, "splitPolicy");
      return this;
    }

    /**
     * Sets how abstaining judges count.
     *
     * @param abstainPolicy the policy; default {@link AbstainPolicy#COUNT_AGAINST_QUORUM}
     * @return this builder
     */
    public Builder abstentions(AbstainPolicy abstainPolicy) {
      this.abstainPolicy = Objects.requireNonNull(abstainPolicy, "abstainPolicy");
      return this;
    }

    /**
     * Sets how judges that could not vote count.
     *
     * @param errorPolicy the policy; default {@link ErrorPolicy#COUNT_AGAINST_QUORUM}
     * @return this builder
     */
    public Builder errors(ErrorPolicy errorPolicy) {
      this.errorPolicy = Objects.requireNonNull(errorPolicy, "errorPolicy");
      return this;
    }

    /**
     * Sets how long each judge has, counted from when the council starts them all.
     *
     * @param judgeTimeout positive; default five minutes
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder judgeTimeout(Duration judgeTimeout) {
      Objects.requireNonNull(judgeTimeout, "judgeTimeout");
      if (judgeTimeout.isNegative() || judgeTimeout.isZero()) {
        throw new IllegalArgumentException(
            "judgeTimeout must be positive, but was " + judgeTimeout);
      }
      this.judgeTimeout = judgeTimeout;
      return this;
    }

    /**
     * Sets the executor the judges run on. It must run tasks concurrently (a single-thread executor
     * would serialize the judges and make later ones time out), and it should interrupt on
     * cancellation as threads do.
     *
     * @param executor the executor; by default the council keeps daemon threads of its own
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the thresholds of {@link Consensus#SEVERITY_WEIGHTED}.
     *
     * @param failAt the score at or above which the council fails; default 0.5
     * @param warnAt the score at or above which it warns; default 0.2
     * @return this builder
     * @throws IllegalArgumentException unless {@code 0 < warnAt <= failAt <= 1}
     */
    public Builder severityThresholds(double failAt, double warnAt) {
      if (!(warnAt > 0 && warnAt <= failAt && failAt <= 1)) {
        throw new IllegalArgumentException(
            "severity thresholds need 0 < warnAt <= failAt <= 1, but were failAt="
                + failAt
                + ", warnAt="
                + warnAt);
      }
      this.failAt = failAt;
      this.warnAt = warnAt;
      return this;
    }

    /**
     * Builds the council.
     *
     * @return the council
     * @throws IllegalStateException if there is no judge, or two judges share an agent id
     */
    public Council build() {
      if (judges.isEmpty()) {
        throw new IllegalStateException("a council needs at least one judge");
      }
      Set<String> ids = new HashSet<>();
      for (Judge j : judges) {
        if (!ids.add(j.agentId())) {
          throw new IllegalStateException(
              "two judges of a council share the agent id '" + j.agentId() + "'");
        }
      }
      return new Council(this);
    }
  }
}
