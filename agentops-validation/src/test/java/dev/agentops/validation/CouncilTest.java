package dev.agentops.validation;

import static dev.agentops.validation.Scripted.artifact;
import static dev.agentops.validation.Scripted.judge;
import static dev.agentops.validation.Scripted.reply;
import static dev.agentops.validation.Scripted.vote;
import static dev.agentops.validation.VerdictStatus.ABSTAIN;
import static dev.agentops.validation.VerdictStatus.DISAGREE;
import static dev.agentops.validation.VerdictStatus.ERROR;
import static dev.agentops.validation.VerdictStatus.FAIL;
import static dev.agentops.validation.VerdictStatus.NO_QUORUM;
import static dev.agentops.validation.VerdictStatus.PASS;
import static dev.agentops.validation.VerdictStatus.WARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentops.Artifact;
import dev.agentops.llm.ModelTimeoutException;
import dev.agentops.llm.TokenUsage;
import dev.agentops.testkit.ScriptedLanguageModel;
import dev.agentops.validation.Council.AbstainPolicy;
import dev.agentops.validation.Council.Consensus;
import dev.agentops.validation.Council.ErrorPolicy;
import dev.agentops.validation.Council.SplitPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CouncilTest {

  static final Finding MINOR = Finding.of(Severity.MINOR, "clarity", "a name could be clearer");
  static final Finding SIGNIFICANT =
      Finding.of(Severity.SIGNIFICANT, "tests", "the edge case is not tested");
  static final Finding CRITICAL =
      Finding.of(Severity.CRITICAL, "security", "the token is logged in clear");

  final Artifact artifact = artifact("+ return a + b;");

  /** A council whose judges are never called: only its policies matter to decide(). */
  static Council.Builder policies() {
    return Council.builder().judge(judge("unused", "openai", reply("PASS", 1)));
  }

  static Council.Decision decide(Council.Builder council, JudgeVerdict... votes) {
    return council.build().decide(List.of(votes), Duration.ofMillis(20));
  }

  @Nested
  class Sitting {

    @Test
    void judgesOfDifferentVendorsRunInParallelAndAreReportedInOrder() {
      // Each judge answers only once all three have been asked: run one after the other, the
      // first would wait in vain and vote FAIL.
      CountDownLatch allAsked = new CountDownLatch(3);
      List<Judge> judges = new ArrayList<>();
      for (String vendor : List.of("openai", "anthropic", "google")) {
        ScriptedLanguageModel model =
            ScriptedLanguageModel.builder()
                .modelId(vendor + "-model")
                .usage(TokenUsage.of(500, 40))
                .replyWith(request -> {
                  allAsked.countDown();
                  return awaitQuietly(allAsked) ? reply("PASS", 0.9) : reply("FAIL", 1);
                })
                .build();
        judges.add(judge("judge-" + vendor, vendor, vendor + "-model", model));
      }
      Council council = Council.builder().judges(judges).build();

      Council.Decision d = council.evaluate(artifact, List.of());

      assertThat(d.status()).isEqualTo(PASS);
      assertThat(d.confidence()).isCloseTo(0.9, within(1e-9));
      assertThat(d.summary()).isEqualTo("3 of 3 judges voted PASS");
      assertThat(d.judges())
          .extracting(JudgeVerdict::judgeId)
          .containsExactly("judge-openai", "judge-anthropic", "judge-google");
      assertThat(d.tokens()).isEqualTo(TokenUsage.of(1500, 120));
    }

    @Test
    void aJudgeStillRunningAtTheTimeoutIsCancelledAndCountsAsAnError() throws Exception {
      CountDownLatch never = new CountDownLatch(1);
      CountDownLatch cancelled = new CountDownLatch(1);
      AtomicBoolean interrupted = new AtomicBoolean();
      ScriptedLanguageModel hanging =
          ScriptedLanguageModel.builder()
              .modelId("slow-model")
              .replyWith(request -> {
                try {
                  never.await();
                } catch (InterruptedException e) {
                  interrupted.set(true);
                  cancelled.countDown();
                }
                return reply("FAIL", 1);
              })
              .build();
      Council council =
          Council.builder()
              .judge(judge("judge-openai", "openai", reply("PASS", 0.9)))
              .judge(judge("judge-slow", "google", "slow-model", hanging))
              .judge(judge("judge-anthropic", "anthropic", reply("PASS", 0.9)))
              .judgeTimeout(Duration.ofSeconds(3))
              .build();

      Council.Decision d = council.evaluate(artifact, List.of());

      // Two of three voted: the default quorum of two thirds is met, and the error is no vote.
      assertThat(d.status()).isEqualTo(PASS);
      assertThat(d.confidence()).isCloseTo(1.8 / 3, within(1e-9));
      JudgeVerdict slow = d.judges().get(1);
      assertThat(slow.status()).isEqualTo(ERROR);
      assertThat(slow.summary()).isEqualTo("no answer within the judge timeout of PT3S; cancelled");
      assertThat(cancelled.await(1, TimeUnit.MINUTES))
          .as("the hanging call was interrupted")
          .isTrue();
      assertThat(interrupted).isTrue();
    }

    @Test
    void aJudgeWhoseModelThrowsCountsAsAnError() {
      ScriptedLanguageModel failing =
          ScriptedLanguageModel.builder()
              .modelId("flaky")
              .fail(new ModelTimeoutException("flaky", Duration.ofSeconds(30), null))
              .build();
      Council council =
          Council.builder()
              .judge(judge("judge-flaky", "mistral", "flaky", failing))
              .judge(judge("judge-openai", "openai", reply("FAIL", 0.8, SIGNIFICANT)))
              .judge(judge("judge-anthropic", "anthropic", reply("WARN", 0.6, MINOR)))
              .build();

      Council.Decision d = council.evaluate(artifact, List.of());

      assertThat(d.judges().get(0).status()).isEqualTo(ERROR);
      assertThat(d.judges().get(0).summary()).startsWith("ModelTimeoutException: ");
      assertThat(d.status()).isEqualTo(FAIL);
      assertThat(d.summary()).isEqualTo("1 of 3 judges voted FAIL (any FAIL fails the council)");
      assertThat(d.findings()).containsExactly(SIGNIFICANT, MINOR);
    }

    @Test
    void refusesAnEmptyCouncilAndTwoJudgesWithOneId() {
      assertThatThrownBy(() -> Council.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("a council needs at least one judge");
      assertThatThrownBy(() ->
              Council.builder()
                  .judge(judge("j", "openai", reply("PASS", 1)))
                  .judge(judge("j", "google", reply("PASS", 1)))
                  .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("two judges of a council share the agent id 'j'");
      assertThatThrownBy(() -> Council.builder().quorum(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("quorum must be in (0, 1], but was 0.0");
    }

    static boolean awaitQuietly(CountDownLatch latch) {
      try {
        return latch.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  @Nested
  class AnyFail {

    @Test
    void unanimousPassPasses() {
      Council.Decision d =
          decide(
              policies(),
              vote("a", "openai", PASS, 0.9),
              vote("b", "anthropic", PASS, 0.8),
              vote("c", "google", PASS, 0.7));

      assertThat(d.status()).isEqualTo(PASS);
      assertThat(d.confidence()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void anyWarnWarnsWithTheFindings() {
      Council.Decision d =
          decide(
              policies(),
              vote("a", "openai", PASS, 0.9),
              vote("b", "anthropic", WARN, 0.6, MINOR),
              vote("c", "google", PASS, 0.9));

      assertThat(d.status()).isEqualTo(WARN);
      assertThat(d.confidence()).isCloseTo(0.2, within(1e-9));
      assertThat(d.findings()).containsExactly(MINOR);
    }

    @Test
    void anyFailFailsWhenTheJudgesShareAVendor() {
      Council.Decision d =
          decide(
              policies(),
              vote("a", "openai", PASS, 0.9),
              vote("b", "openai", FAIL, 0.6, SIGNIFICANT),
              vote("c", "openai", PASS, 0.9));

      assertThat(d.status()).isEqualTo(FAIL);
    }

    @Test
    void aFailAmongWarningsOfOtherVendorsIsNoSplit() {
      Council.Decision d =
          decide(
              policies(),
              vote("a", "openai", WARN, 0.9),
              vote("b", "anthropic", FAIL, 0.6),
              vote("c", "google", WARN, 0.9));

      assertThat(d.status()).isEqualTo(FAIL);
    }
  }

  @Nested
  class CrossVendorSplit {

    @Test
    void passAgainstFailAcrossVendorsIsEscalatedNeverBroken() {
      Council.Decision d =
          decide(
              policies(),
              vote("a", "openai", PASS, 0.9),
              vote("b", "anthropic", FAIL, 0.9, SIGNIFICANT),
              vote("c", "openai", FAIL, 0.9));

      assertThat(d.status()).isEqualTo(DISAGREE);
      assertThat(d.status().needsEscalation()).isTrue();
      assertThat(d.confidence()).isZero();
      assertThat(d.summary())
          .isEqualTo(
              "judges of different vendors split: PASS from [openai], FAIL from [anthropic,"
                  + " openai]; escalated");
    }

    @Test
    void isEscalatedUnderTheSeverityWeightedRuleToo() {
      Council.Decision d =
          decide(
              policies().consensus(Consensus.SEVERITY_WEIGHTED),
              vote("a", "openai", PASS, 0.9),
              vote("b", "anthropic", FAIL, 0.1),
              vote("c", "google", PASS, 0.9));

      assertThat(d.status()).isEqualTo(DISAGREE);
    }

    @Test
    void canBeLeftToTheConsensusRule() {
      Council.Decision d =
          decide(
              policies().crossVendorSplit(SplitPolicy.APPLY_CONSENSUS),
              vote("a", "openai", PASS, 0.9),
              vote("b", "anthropic", FAIL, 0.9),
              vote("c", "google", PASS, 0.9));

      assertThat(d.status()).isEqualTo(FAIL);
    }
  }

  @Nested
  class SeverityWeighted {

    final Council.Builder weighted = policies().consensus(Consensus.SEVERITY_WEIGHTED);

    @Test
    void anUnsureFailAmongSurePassesOnlyWarns() {
      // score = (0.5 × 1.0) / (0.5 + 0.9 + 0.9) = 0.217: at least WARN (0.2), below FAIL (0.5).
      Council.Decision d =
          decide(
              weighted,
              vote("a", "openai", FAIL, 0.5),
              vote("b", "openai", PASS, 0.9),
              vote("c", "openai", PASS, 0.9));

      assertThat(d.status()).isEqualTo(WARN);
      assertThat(d.summary())
          .isEqualTo("severity-weighted score 0.22 (FAIL at 0.50, WARN at 0.20) over 3 votes");
      assertThat(d.confidence()).isZero();
      assertThat(decide(policies(), d.judges().toArray(JudgeVerdict[]::new)).status())
          .as("the same votes under ANY_FAIL")
          .isEqualTo(FAIL);
    }

    @Test
    void sureFailsOutweighAnUnsurePass() {
      Council.Decision d =
          decide(
              weighted,
              vote("a", "openai", FAIL, 0.9),
              vote("b", "openai", FAIL, 0.9),
              vote("c", "openai", PASS, 0.3));

      assertThat(d.status()).isEqualTo(FAIL);
      assertThat(d.confidence()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void findingsRaiseAVotesScore() {
      Council.Decision minor =
          decide(
              weighted,
              vote("a", "openai", PASS, 0.9, MINOR),
              vote("b", "openai", PASS, 0.9),
              vote("c", "openai", PASS, 0.9));
      Council.Decision significant =
          decide(
              weighted,
              vote("a", "openai", PASS, 0.9, SIGNIFICANT),
              vote("b", "openai", PASS, 0.9, SIGNIFICANT),
              vote("c", "openai", PASS, 0.9));

      assertThat(minor.status()).isEqualTo(PASS);
      assertThat(significant.status()).isEqualTo(WARN);
    }

    @Test
    void aCriticalFindingFailsTheCouncil() {
      Council.Decision d =
          decide(
              weighted,
              vote("a", "openai", PASS, 0.9, CRITICAL),
              vote("b", "openai", PASS, 0.9),
              vote("c", "openai", PASS, 0.9));

      assertThat(d.status()).isEqualTo(FAIL);
      assertThat(d.summary()).isEqualTo("judge 'a' reported a critical finding");
      assertThat(d.findings()).containsExactly(CRITICAL);
    }

    @Test
    void warningsWarn() {
      Council.Decision d =
          decide(
              weighted,
              vote("a", "openai", WARN, 0.8),
              vote("b", "openai", WARN, 0.8),
              vote("c", "openai", PASS, 0.8));

      assertThat(d.status()).isEqualTo(WARN);
    }

    @Test
    void thresholdsAreConfigurable() {
      Council.Decision d =
          decide(
              weighted.severityThresholds(0.2, 0.1),
              vote("a", "openai", FAIL, 0.5),
              vote("b", "openai", PASS, 0.9),
              vote("c", "openai", PASS, 0.9));

      assertThat(d.status()).isEqualTo(FAIL);
      assertThatThrownBy(() -> policies().severityThresholds(0.3, 0.4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "severity thresholds need 0 < warnAt <= failAt <= 1, but were failAt=0.3,"
                  + " warnAt=0.4");
    }
  }

  @Nested
  class QuorumAndAbstentions {

    @Test
    void twoVotesOfThreeMeetTheDefaultQuorum() {
      Council.Decision d =
          decide(
              policies(),
              vote("a", "openai", PASS, 0.9),
              vote("b", "openai", PASS, 0.9),
              vote("c", "openai", ABSTAIN, 0.9));

      assertThat(d.status()).isEqualTo(PASS);
      assertThat(d.confidence()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void abstentionsCountAgainstTheQuorumByDefault() {
      Council.Decision d =
          decide(
              policies(),
              vote("a", "openai", PASS, 0.9),
              vote("b", "openai", ABSTAIN, 0.9),
              vote("c", "openai", ABSTAIN, 0.9));

      assertThat(d.status()).isEqualTo(NO_QUORUM);
      assertThat(d.status().needsEscalation()).isTrue();
      assertThat(d.summary())
          .isEqualTo(
              "1 of 3 judges voted (2 abstained, 0 could not vote); the quorum needs 2 of 3");
    }

    @Test
    void excludedAbstentionsLeaveTheDecisionToThoseWhoVoted() {
      Council.Decision d =
          decide(
              policies().abstentions(AbstainPolicy.EXCLUDE),
              vote("a", "openai", PASS, 0.9),
              vote("b", "openai", ABSTAIN, 0.9),
              vote("c", "openai", ABSTAIN, 0.9));

      assertThat(d.status()).isEqualTo(PASS);
      assertThat(d.confidence()).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void aCouncilWhereEveryoneAbstainsNeverDecides() {
      for (AbstainPolicy policy : AbstainPolicy.values()) {
        Council.Decision d =
            decide(
                policies().abstentions(policy),
                vote("a", "openai", ABSTAIN, 0.9),
                vote("b", "google", ABSTAIN, 0.9));

        assertThat(d.status()).as("%s", policy).isEqualTo(NO_QUORUM);
      }
    }

    @Test
    void theQuorumIsAFractionRoundedUp() {
      JudgeVerdict[] twoOfThree = {
        vote("a", "openai", PASS, 0.9),
        vote("b", "openai", PASS, 0.9),
        vote("c", "openai", ERROR, 0)
      };

      assertThat(decide(policies().quorum(1.0), twoOfThree).status()).isEqualTo(NO_QUORUM);
      assertThat(decide(policies().quorum(0.67), twoOfThree).status())
          .as("0.67 of three judges is more than two")
          .isEqualTo(NO_QUORUM);
      assertThat(decide(policies().quorum(0.5), twoOfThree).status()).isEqualTo(PASS);
    }
  }

  @Nested
  class Errors {

    final JudgeVerdict[] twoPassesAndAnError = {
      vote("a", "openai", PASS, 0.9),
      vote("b", "anthropic", PASS, 0.9),
      vote("c", "google", ERROR, 0)
    };

    @Test
    void countAgainstTheQuorumByDefault() {
      assertThat(decide(policies(), twoPassesAndAnError).status()).isEqualTo(PASS);
      assertThat(
              decide(
                      policies(),
                      vote("a", "openai", PASS, 0.9),
                      vote("b", "anthropic", ERROR, 0),
                      vote("c", "google", ERROR, 0))
                  .status())
          .isEqualTo(NO_QUORUM);
    }

    @Test
    void canCountAsFailVotesThatNeverMakeASplit() {
      Council.Decision d =
          decide(policies().errors(ErrorPolicy.TREAT_AS_FAIL), twoPassesAndAnError);

      assertThat(d.status()).isEqualTo(FAIL);
      assertThat(d.confidence()).as("an error has no confidence").isZero();
    }

    @Test
    void countAsFullWeightFailuresUnderTheSeverityWeightedRule() {
      // score = 1.0 / (0.9 + 0.9 + 1.0) = 0.357
      Council.Decision d =
          decide(
              policies().errors(ErrorPolicy.TREAT_AS_FAIL).consensus(Consensus.SEVERITY_WEIGHTED),
              twoPassesAndAnError);

      assertThat(d.status()).isEqualTo(WARN);
    }

    @Test
    void canAbortTheCouncil() {
      Council.Decision aborted = decide(policies().errors(ErrorPolicy.ABORT), twoPassesAndAnError);
      Council.Decision clean =
          decide(
              policies().errors(ErrorPolicy.ABORT),
              vote("a", "openai", PASS, 0.9),
              vote("b", "anthropic", PASS, 0.9));

      assertThat(aborted.status()).isEqualTo(ERROR);
      assertThat(aborted.summary())
          .isEqualTo("judge(s) 'c' could not vote, and this council aborts on errors");
      assertThat(clean.status()).isEqualTo(PASS);
    }
  }

  /** Invariants over every combination of policies, for seeded random panels of judges. */
  @Nested
  class EveryPolicyCombination {

    static final List<String> VENDORS = List.of("openai", "anthropic", "google");
    static final VerdictStatus[] JUDGE_STATUSES = {PASS, WARN, FAIL, ABSTAIN, ERROR};

    static LongStream seeds() {
      return new SplittableRandom(5).longs(60);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void holdTheirInvariants(long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      List<JudgeVerdict> panel = new ArrayList<>();
      int n = random.nextInt(1, 8);
      for (int i = 0; i < n; i++) {
        VerdictStatus s = JUDGE_STATUSES[random.nextInt(JUDGE_STATUSES.length)];
        List<Finding> findings = new ArrayList<>();
        for (int f = random.nextInt(3); f > 0; f--) {
          findings.add(Finding.of(Severity.values()[random.nextInt(4)], "c", "finding " + f));
        }
        panel.add(
            vote(
                "j" + i,
                VENDORS.get(random.nextInt(VENDORS.size())),
                s,
                random.nextInt(11) / 10.0,
                findings.toArray(Finding[]::new)));
      }
      for (Consensus consensus : Consensus.values()) {
        for (SplitPolicy split : SplitPolicy.values()) {
          for (AbstainPolicy abstain : AbstainPolicy.values()) {
            for (ErrorPolicy errors : ErrorPolicy.values()) {
              for (double quorum : new double[] {1.0 / 3, Council.DEFAULT_QUORUM, 1.0}) {
                Council council =
                    policies()
                        .consensus(consensus)
                        .crossVendorSplit(split)
                        .abstentions(abstain)
                        .errors(errors)
                        .quorum(quorum)
                        .build();
                String as =
                    String.format(
                        "seed %d, %s %s %s %s quorum %.2f, panel %s",
                        seed, consensus, split, abstain, errors, quorum, panel);
                check(council, panel, council.decide(panel, Duration.ZERO), as);
              }
            }
          }
        }
      }
    }

    void check(Council council, List<JudgeVerdict> panel, Council.Decision d, String as) {
      long errors = panel.stream().filter(v -> v.status() == ERROR).count();
      long abstentions = panel.stream().filter(v -> v.status() == ABSTAIN).count();
      long realVotes = panel.stream().filter(v -> v.status().isVote()).count();
      long counted = realVotes + (council.errorPolicy() == ErrorPolicy.TREAT_AS_FAIL ? errors : 0);
      long pool =
          panel.size() - (council.abstainPolicy() == AbstainPolicy.EXCLUDE ? abstentions : 0);
      long required = Math.max(1, (long) Math.ceil(council.quorum() * pool - 1e-9));
      boolean split =
          panel.stream()
              .anyMatch(p ->
                  p.status() == PASS
                      && panel.stream()
                          .anyMatch(f -> f.status() == FAIL && !f.vendor().equals(p.vendor())));

      assertThat(d.judges()).as(as).isEqualTo(panel);
      assertThat(d.tokens())
          .as(as)
          .isEqualTo(
              panel.stream().map(JudgeVerdict::tokens).reduce(TokenUsage.NONE, TokenUsage::plus));
      assertThat(d.confidence()).as(as).isBetween(0.0, 1.0);
      if (council.errorPolicy() == ErrorPolicy.ABORT && errors > 0) {
        assertThat(d.status()).as(as).isEqualTo(ERROR);
        return;
      }
      assertThat(d.status()).as(as).isNotEqualTo(ERROR);
      if (counted < required) {
        assertThat(d.status()).as(as).isEqualTo(NO_QUORUM);
        return;
      }
      if (council.splitPolicy() == SplitPolicy.ESCALATE && split) {
        assertThat(d.status()).as(as).isEqualTo(DISAGREE);
        assertThat(d.confidence()).as(as).isZero();
        return;
      }
      assertThat(d.status()).as(as).isIn(PASS, WARN, FAIL);
      boolean anyFail =
          panel.stream().anyMatch(v -> v.status() == FAIL)
              || (council.errorPolicy() == ErrorPolicy.TREAT_AS_FAIL && errors > 0);
      boolean allPass =
          panel.stream().filter(v -> v.status().isVote()).allMatch(v -> v.status() == PASS)
              && !(council.errorPolicy() == ErrorPolicy.TREAT_AS_FAIL && errors > 0);
      if (council.consensus() == Consensus.ANY_FAIL) {
        assertThat(d.status() == FAIL).as(as).isEqualTo(anyFail);
        assertThat(d.status() == PASS).as(as).isEqualTo(allPass);
      } else {
        boolean critical =
            panel.stream()
                .filter(v -> v.status().isVote())
                .anyMatch(
                    v -> v.findings().stream().anyMatch(f -> f.severity() == Severity.CRITICAL));
        if (critical) {
          assertThat(d.status()).as(as).isEqualTo(FAIL);
        }
        if (allPass
            && panel.stream()
                .filter(v -> v.status().isVote())
                .allMatch(
                    v -> v.findings().stream().allMatch(f -> f.severity() == Severity.INFO))) {
          assertThat(d.status()).as(as).isEqualTo(PASS);
        }
      }
    }
  }
}
