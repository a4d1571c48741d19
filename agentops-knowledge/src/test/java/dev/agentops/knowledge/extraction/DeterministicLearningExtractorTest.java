package dev.agentops.knowledge.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.knowledge.Learning;
import dev.agentops.knowledge.LearningKind;
import dev.agentops.knowledge.failure.FailureHarvester;
import dev.agentops.knowledge.failure.FailureRecord;
import dev.agentops.knowledge.failure.FailureRecords;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the deterministic extractor makes of a session's failures, beyond the contract. */
class DeterministicLearningExtractorTest {

  @Test
  void aFailuresCandidate_isTheHarvestedLearning_datedAndSourcedToTheSession() {
    List<SessionRecord> sessions =
        List.of(
            LearningExtractorContract.recordedSession(),
            LearningExtractorContract.hostFailureSession());
    int checked = 0;
    for (SessionRecord s : sessions) {
      AtomicInteger n = new AtomicInteger();
      List<Learning> out =
          DeterministicLearningExtractor.defaults().extract(s, () -> "lrn-" + n.incrementAndGet());
      for (FailureRecord f : s.failures()) {
        String artifact = FailureRecords.COLLECTION + "/" + f.id();
        Learning candidate =
            out.stream()
                .filter(l -> artifact.equals(l.source().artifact()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no candidate of failure " + f.id()));
        Learning harvested =
            FailureHarvester.negativeLearning(f, candidate.id(), LearningKind.FAILURE, 1);

        // every field the harvester sets is kept, whatever it sets; only the date, the source and
        // the context (which names the source's session) are the session's
        assertThat(candidate)
            .as("the candidate of failure %s in session '%s'", f.id(), s.id())
            .usingRecursiveComparison()
            .ignoringFields("created", "source", "context")
            .isEqualTo(harvested);
        assertThat(candidate.created()).isEqualTo(s.endedAt());
        assertThat(candidate.source().session()).isEqualTo(s.id());
        assertThat(candidate.source().workItem())
            .isEqualTo(f.workItem() != null ? f.workItem() : s.workItem());
        assertThat(candidate.context())
            .as("the context of failure %s's candidate", f.id())
            .contains("in session " + s.id());
        if (f.session() == null) {
          assertThat(harvested.context()).doesNotContain("in session");
          assertThat(candidate.context())
              .isEqualTo(
                  harvested.context().replaceFirst("\\.$", "") + " in session " + s.id() + ".");
        } else {
          assertThat(candidate.context()).isEqualTo(harvested.context());
        }
        checked++;
      }
    }
    assertThat(checked).as("failures checked, one of them built by the host").isEqualTo(4);
  }
}
