package dev.agentops.validation;

import dev.agentops.AgentOpsException;
import dev.agentops.Artifact;
import dev.agentops.Provenance;
import dev.agentops.gate.Gate;
import dev.agentops.gate.GateResult;
import dev.agentops.gate.GateStatus;
import dev.agentops.llm.TokenUsage;
import dev.agentops.store.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Validates an artifact from outside its author (Factor V, "validate externally"): deterministic
 * gates first, then a council of model judges, then one {@link Verdict}, stored if a {@link
 * Verdicts} repository is given.
 *
 * <ol>
 *   <li><b>Independence</b>, checked before anything runs: a judge whose agent id is the author's
 *       is always refused; by default ({@link Independence#DISTINCT_MODEL}) a council of a single
 *       judge running on the author's model is refused too; {@link Independence#MULTI_MODEL}
 *       requires at least one judge whose model comes from another vendor than the author's. A
 *       refusal is a {@link SelfValidationException}.
 *   <li><b>Gates</b>, in the order added. A gate that throws counts as {@link GateStatus#ERROR}. By
 *       default the first gate that does not pass ends the run of gates.
 *   <li><b>Council</b>, only if every gate passed, unless {@link
 *       Builder#judgesAfterGateFailure(boolean)} asks for the judges' opinions anyway. Either way,
 *       a failed gate makes the verdict FAIL and a gate that could not run makes it ERROR: no vote
 *       overrides a gate.
 * </ol>
 *
 * <p>Immutable and thread-safe if its gates, judges and store are.
 *
 * <pre>{@code
 * ExternalValidator validator = ExternalValidator.builder()
 *     .gate(CommandGate.builder(worktree, "mvn", "-q", "test").build())
 *     .council(council)
 *     .verdicts(Verdicts.of(store))
 *     .build();
 * Verdict verdict = validator.validate(artifact);
 * if (verdict.allowsLock()) tracker.close(itemId, "validated", verdict.id());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ExternalValidator {

  /**
   * How independent of the author the judges must be. A judge with the author's agent id is refused
   * whatever the level.
   *
   * @since 0.1.0
   */
  public enum Independence {
    /** Only the agent must differ: a judge may run on the author's model. */
    DISTINCT_AGENT,
    /**
     * The agent must differ, and a council of a single judge must not run on the author's model.
     */
    DISTINCT_MODEL,
    /**
     * The agent must differ, and at least one judge must run on a model of another vendor than the
     * author's (multi-model review).
     */
    MULTI_MODEL
  }

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

  private final List<Gate> gates;
  private final @Nullable Council council;
  private final Independence independence;
  private final boolean judgesAfterGateFailure;
  private final boolean runAllGates;
  private final @Nullable Verdicts verdicts;
  private final Clock clock;
  private final RandomGenerator random;

  private ExternalValidator(Builder b) {
    this.gates = List.copyOf(b.gates);
    this.council = b.council;
    this.independence = b.independence;
    this.judgesAfterGateFailure = b.judgesAfterGateFailure;
    this.runAllGates = b.runAllGates;
    this.verdicts = b.verdicts;
    this.clock = b.clock;
    this.random = b.random;
  }

  /**
   * Starts a validator.
   *
   * @return a builder; at least a gate or a council must be added
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this validator's configuration.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.gates.addAll(gates);
    b.council = council;
    b.independence = independence;
    b.judgesAfterGateFailure = judgesAfterGateFailure;
    b.runAllGates = runAllGates;
    b.verdicts = verdicts;
    b.clock = clock;
    b.random = random;
    return b;
  }

  /**
   * Checks that this validator's judges are independent enough of an artifact's author, without
   * validating anything.
   *
   * @param author the artifact's provenance
   * @throws SelfValidationException if they are not
   */
  public void checkIndependence(Provenance author) {
    Objects.requireNonNull(author, "author");
    if (council == null) {
      return;
    }
    List<Judge> judges = council.judges();
    for (Judge j : judges) {
      if (j.agentId().equals(author.authorAgentId())) {
        throw new SelfValidationException(
            SelfValidationException.Reason.SAME_AGENT,
            author.authorAgentId(),
            j.agentId(),
            "judge '"
                + j.agentId()
                + "' is the author of the artifact it would validate; no agent validates its own"
                + " work");
      }
    }
    if (independence == Independence.DISTINCT_MODEL && judges.size() == 1) {
      Judge only = judges.get(0);
      if (only.profile().modelId().equalsIgnoreCase(author.modelId())) {
        throw new SelfValidationException(
            SelfValidationException.Reason.SAME_MODEL,
            author.authorAgentId(),
            only.agentId(),
            "judge '"
                + only.agentId()
                + "' is the only judge and runs on the author's model '"
                + author.modelId()
                + "'; add a judge on another model, or allow it with"
                + " independence(DISTINCT_AGENT)");
      }
    }
    if (independence == Independence.MULTI_MODEL
        && judges.stream().allMatch(j -> j.profile().vendor().equalsIgnoreCase(author.vendor()))) {
      throw new SelfValidationException(
          SelfValidationException.Reason.NO_OTHER_VENDOR,
          author.authorAgentId(),
          null,
          "multi-model validation needs a judge on a model of another vendor than the author's '"
              + author.vendor()
              + "', but every judge's model is from '"
              + author.vendor()
              + "'");
    }
  }

  /**
   * Validates an artifact.
   *
   * @param artifact the artifact
   * @return the verdict, stored if this validator has a {@link Verdicts} repository
   * @throws SelfValidationException if the judges are not independent of the author; nothing ran
   * @throws AgentOpsException if the verdict could not be stored, or the thread was interrupted
   *     while the council sat
   */
  public Verdict validate(Artifact artifact) {
    Objects.requireNonNull(artifact, "artifact");
    checkIndependence(artifact.provenance());
    long start = System.nanoTime();
    List<GateResult> results = new ArrayList<>();
    GateResult failed = null;
    GateResult errored = null;
    for (Gate gate : gates) {
      GateResult r = runGuarded(gate, artifact);
      results.add(r);
      if (r.status() == GateStatus.FAIL && failed == null) {
        failed = r;
      } else if (r.status() == GateStatus.ERROR && errored == null) {
        errored = r;
      }
      if (!r.passed() && !runAllGates) {
        break;
      }
    }
    boolean gatesPassed = failed == null && errored == null;
    Council.Decision decision =
        council != null && (gatesPassed || judgesAfterGateFailure)
            ? council.evaluate(artifact, results)
            : null;

    VerdictStatus status;
    double confidence;
    String summary;
    if (failed != null) {
      status = VerdictStatus.FAIL;
      confidence = 1;
      summary = "gate '" + failed.gate() + "' failed: " + failed.summary();
    } else if (errored != null) {
      status = VerdictStatus.ERROR;
      confidence = 0;
      summary = "gate '" + errored.gate() + "' could not run: " + errored.summary();
    } else if (decision != null) {
      status = decision.status();
      confidence = decision.confidence();
      summary = decision.summary();
    } else {
      status = VerdictStatus.PASS;
      confidence = 1;
      summary = results.size() == 1 ? "the gate passed" : "all " + results.size() + " gates passed";
    }
    if (!gatesPassed && decision != null) {
      summary += "; the council said " + decision.status() + ", which cannot override a gate";
    }
    Instant now = clock.instant();
    Verdict verdict =
        new Verdict(
            newId(now),
            status,
            confidence,
            summary,
            artifact.name(),
            artifact.provenance(),
            results,
            decision == null ? List.of() : decision.judges(),
            decision == null ? List.of() : decision.findings(),
            decision == null ? TokenUsage.NONE : decision.tokens(),
            now,
            Duration.ofNanos(Math.max(0, System.nanoTime() - start)));
    if (verdicts != null) {
      WriteResult written = verdicts.save(verdict);
      if (!written.committed()) {
        throw new AgentOpsException(
            "verdict '" + verdict.id() + "' was not stored: a verdict with that id exists");
      }
    }
    return verdict;
  }

  private static GateResult runGuarded(Gate gate, Artifact artifact) {
    long start = System.nanoTime();
    String name = "gate";
    try {
      name = gate.name();
      GateResult r = gate.check(artifact);
      if (r == null) {
        return GateResult.error(name, "the gate returned no result", elapsed(start));
      }
      return r;
    } catch (RuntimeException e) {
      // A gate is host code: whatever it throws means it could not run, never that it passed.
      String message = e.getMessage() == null ? "" : ": " + e.getMessage();
      return GateResult.error(
          name, "the gate threw " + e.getClass().getSimpleName() + message, elapsed(start));
    }
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
  }

  private String newId(Instant now) {
    StringBuilder id = new StringBuilder("vd-").append(ID_TIME.format(now)).append('-');
    for (int i = 0; i < 6; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  /**
   * Builds an {@link ExternalValidator}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final List<Gate> gates = new ArrayList<>();
    private @Nullable Council council;
    private Independence independence = Independence.DISTINCT_MODEL;
    private boolean judgesAfterGateFailure;
    private boolean runAllGates;
    private @Nullable Verdicts verdicts;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

    private Builder() {}

    /**
     * Adds a deterministic gate; gates run in the order added.
     *
     * @param gate the gate
     * @return this builder
     */
    public Builder gate(Gate gate) {
      gates.add(Objects.requireNonNull(gate, "gate"));
      return this;
    }

    /**
     * Adds deterministic gates.
     *
     * @param gates the gates
     * @return this builder
     */
    public Builder gates(Collection<? extends Gate> gates) {
      for (Gate g : gates) {
        gate(g);
      }
      return this;
    }

    /**
     * Sets the council of judges.
     *
     * @param council the council
     * @return this builder
     */
    public Builder council(Council council) {
      this.council = Objects.requireNonNull(council, "council");
      return this;
    }

    /**
     * Sets a council of one judge with the default policies.
     *
     * @param judge the judge
     * @return this builder
     */
    public Builder judge(Judge judge) {
      return council(Council.builder().judge(judge).build());
    }

    /**
     * Sets how independent of the author the judges must be.
     *
     * @param independence the level; default {@link Independence#DISTINCT_MODEL}
     * @return this builder
     */
    public Builder independence(Independence independence) {
      this.independence = Objects.requireNonNull(independence, "independence");
      return this;
    }

    /**
     * Sets whether the judges sit even when a gate did not pass, for their findings; the verdict
     * stays FAIL (or ERROR) whatever they say. Off by default, which saves their tokens.
     *
     * @param judges {@code true} to call the judges anyway
     * @return this builder
     */
    public Builder judgesAfterGateFailure(boolean judges) {
      this.judgesAfterGateFailure = judges;
      return this;
    }

    /**
     * Sets whether every gate runs even after one did not pass. Off by default: the first gate that
     * does not pass ends the run of gates.
     *
     * @param all {@code true} to run every gate
     * @return this builder
     */
    public Builder runAllGates(boolean all) {
      this.runAllGates = all;
      return this;
    }

    /**
     * Stores every verdict in a repository.
     *
     * @param verdicts the repository
     * @return this builder
     */
    public Builder verdicts(Verdicts verdicts) {
      this.verdicts = Objects.requireNonNull(verdicts, "verdicts");
      return this;
    }

    /**
     * Sets the clock verdicts are dated by.
     *
     * @param clock the clock; default UTC system time
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the random numbers verdict ids are made of.
     *
     * @param random the generator
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the validator.
     *
     * @return the validator
     * @throws IllegalStateException if it has neither a gate nor a council
     */
    public ExternalValidator build() {
      if (gates.isEmpty() && council == null) {
        throw new IllegalStateException("an external validator needs at least a gate or a council");
      }
      return new ExternalValidator(this);
    }
  }
}
