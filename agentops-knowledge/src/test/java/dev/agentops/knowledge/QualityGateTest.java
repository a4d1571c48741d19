package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.knowledge.internal.Analysis;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityGateTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;
  LuceneKnowledgeIndex index;
  final Map<String, Learning> kept = new HashMap<>();
  QualityGate gate;

  @BeforeEach
  void open() {
    index = LuceneKnowledgeIndex.open(tmp.resolve("index"));
    gate = QualityGate.of(QualityRubric.defaults(), index, id -> Optional.ofNullable(kept.get(id)));
  }

  @AfterEach
  void close() {
    index.close();
  }

  /** Applies a decision the way the flywheel does: the store is the map. */
  GateDecision offer(Learning candidate) {
    GateDecision d = gate.evaluate(candidate);
    if (d instanceof GateDecision.Accepted a) {
      keep(a.learning());
    } else if (d instanceof GateDecision.Merged m) {
      keep(m.into());
    } else if (d instanceof GateDecision.Superseded s) {
      keep(s.learning());
      keep(s.replaced());
    }
    return d;
  }

  void keep(Learning l) {
    kept.put(l.id(), l);
    index.upsert(l);
  }

  static Learning shellLesson(String id) {
    return Learning.builder(
            id,
            LearningKind.PATTERN,
            "Wrap shell checks in bash -c",
            "Run every GOALS.yaml check through `bash -c` so that zsh arithmetic never changes"
                + " the result.",
            T0)
        .build();
  }

  @Nested
  class TheVault {

    @Test
    void fragmentSoupFromPendingJsonl_isAllDiscarded_withReasons() {
      List<Learning> soup = VaultCandidates.pendingSoup();
      assertThat(soup).hasSizeGreaterThan(400);

      Map<QualityDefect, Integer> defects = new EnumMap<>(QualityDefect.class);
      for (Learning fragment : soup) {
        GateDecision d = offer(fragment);
        assertThat(d.kind()).as(fragment.what()).isEqualTo(GateDecision.Kind.DISCARDED);
        assertThat(((GateDecision.Discarded) d).reasons()).isNotEmpty();
        d.score().defects().forEach(x -> defects.merge(x, 1, Integer::sum));
      }
      assertThat(kept).isEmpty();
      assertThat(index.size()).isZero();
      // The soup's marks: cut at both ends, Markdown cut apart, narration, bare decisions.
      assertThat(defects)
          .containsKeys(
              QualityDefect.TRUNCATED,
              QualityDefect.STARTS_MID_SENTENCE,
              QualityDefect.MARKUP_DEBRIS,
              QualityDefect.TRANSCRIPT_DEBRIS,
              QualityDefect.NO_RATIONALE);
    }

    @Test
    void learningsPeopleWrote_areKept() {
      List<Learning> wellFormed = VaultCandidates.wellFormed();
      assertThat(wellFormed).hasSizeGreaterThanOrEqualTo(8);

      for (Learning l : wellFormed) {
        GateDecision d = offer(l);
        assertThat(d.kind()).as(l.title() + " " + d.score()).isEqualTo(GateDecision.Kind.ACCEPTED);
        Learning stored = ((GateDecision.Accepted) d).learning();
        assertThat(stored.tier()).isIn(Tier.GOLD, Tier.SILVER);
        assertThat(stored.status()).isEqualTo(LearningStatus.ACTIVE);
        assertThat(stored.qualityScore()).isEqualTo(d.score().total());
      }
      assertThat(index.size()).isEqualTo(wellFormed.size());
    }

    @Test
    void theSameLearningsOfferedAgain_mergeInsteadOfStacking() {
      List<Learning> wellFormed = VaultCandidates.wellFormed();
      wellFormed.forEach(QualityGateTest.this::offer);

      for (Learning l : wellFormed) {
        // The same text under a new id, with one more tag.
        Learning again =
            Learning.builder("again-" + l.id(), l.kind(), l.title(), l.what(), T0)
                .why(l.why())
                .tags(l.tags())
                .tags("retro")
                .build();
        GateDecision d = offer(again);
        assertThat(d.kind()).as(l.title()).isEqualTo(GateDecision.Kind.MERGED);
        GateDecision.Merged m = (GateDecision.Merged) d;
        assertThat(m.into().id()).isEqualTo(l.id());
        assertThat(m.similarity()).isEqualTo(1.0);
        assertThat(m.into().tags()).contains("retro");
        assertThat(m.score().novelty()).isZero();
      }
      assertThat(index.size()).isEqualTo(wellFormed.size());
    }
  }

  @Test
  void aFailureWordedLikeALesson_isKeptBesideIt_neverMergedIntoIt() {
    Learning lesson = VaultCandidates.wellFormed().get(0);
    offer(lesson);
    Learning failure =
        Learning.builder("f-1", LearningKind.ANTI_PATTERN, lesson.title(), lesson.what(), T0)
            .why(lesson.why())
            .tags(lesson.tags())
            .build();

    GateDecision d = offer(failure);

    // judged on its own merits (the same words make it no novelty), never folded into the lesson
    assertThat(d.kind()).isNotIn(GateDecision.Kind.MERGED, GateDecision.Kind.SUPERSEDED);
    assertThat(kept.get(lesson.id()).kind()).isEqualTo(lesson.kind());
  }

  @Test
  void aNovelCandidate_isAccepted_bronzeAsPending() {
    Learning bronze =
        Learning.builder(
                "c-1",
                LearningKind.LEARNING,
                "Slow builds",
                "The nightly build got 40% slower after the Gradle 8 upgrade.",
                T0)
            .source(LearningSource.session("s-1"))
            .confidence(0.3)
            .build();
    GateDecision d = offer(bronze);

    assertThat(d.kind()).isEqualTo(GateDecision.Kind.ACCEPTED);
    assertThat(d.score().tier()).isEqualTo(Tier.BRONZE);
    assertThat(((GateDecision.Accepted) d).learning().status()).isEqualTo(LearningStatus.PENDING);
  }

  @Test
  void aNearDuplicateThatSaysItBetter_supersedes_andInheritsTheCitations() {
    Learning first =
        shellLesson("l-1").toBuilder().utility(0.8).feedback(4, 0).lastCited(T0).build();
    keep(first);
    Learning better =
        Learning.builder(
                "l-2",
                LearningKind.PATTERN,
                "Wrap shell checks in bash -c",
                "Run every GOALS.yaml check through `bash -c` so that zsh arithmetic never"
                    + " changes the result when checks run on macOS.",
                T0.plusSeconds(60))
            .why("Counters in && chains behaved differently in zsh and broke 3 checks.")
            .tags("shell")
            .applicability(Applicability.of("", "bash"))
            .source(LearningSource.session("s-9"))
            .confidence(0.9)
            .build();

    GateDecision d = offer(better);

    assertThat(d.kind()).isEqualTo(GateDecision.Kind.SUPERSEDED);
    GateDecision.Superseded s = (GateDecision.Superseded) d;
    assertThat(s.learning().supersedes()).containsExactly("l-1");
    assertThat(s.learning().utility()).isEqualTo(0.8);
    assertThat(s.learning().feedbackCount()).isEqualTo(4);
    assertThat(s.learning().status()).isEqualTo(LearningStatus.ACTIVE);
    assertThat(s.replaced().status()).isEqualTo(LearningStatus.RETIRED);
    assertThat(s.replaced().supersededBy()).isEqualTo("l-2");
    assertThat(s.score().novelty()).isEqualTo(1.0);
    assertThat(index.search(IndexQuery.of("zsh arithmetic", 5)))
        .extracting(IndexHit::id)
        .containsExactly("l-2");
  }

  @Test
  void aNearDuplicateOfATombstone_isDiscarded() {
    keep(shellLesson("l-1").toBuilder().status(LearningStatus.TOMBSTONED).build());

    GateDecision d = offer(shellLesson("l-2"));

    assertThat(d.kind()).isEqualTo(GateDecision.Kind.DISCARDED);
    assertThat(((GateDecision.Discarded) d).reasons())
        .anyMatch(r -> r.contains("tombstoned learning 'l-1'"));
  }

  @Test
  void aNearDuplicateOfARetiredLearning_revivesIt_asANewLearning() {
    keep(shellLesson("l-1").toBuilder().status(LearningStatus.RETIRED).build());

    GateDecision d = offer(shellLesson("l-2"));

    assertThat(d.kind()).isEqualTo(GateDecision.Kind.SUPERSEDED);
    GateDecision.Superseded s = (GateDecision.Superseded) d;
    assertThat(s.learning().supersedes()).containsExactly("l-1");
    assertThat(s.learning().utility()).isEqualTo(Learning.INITIAL_UTILITY);
    assertThat(s.replaced().supersededBy()).isEqualTo("l-2");
  }

  @Test
  void aRelatedButDifferentLearning_isNovelEnough_toStandBesideIt() {
    keep(shellLesson("l-1"));
    Learning related =
        Learning.builder(
                "l-2",
                LearningKind.PATTERN,
                "Test GOALS.yaml checks on a stub first",
                "Before workers start, run every GOALS.yaml check against a stub factor file so"
                    + " syntax mismatches surface early.",
                T0)
            .build();

    GateDecision d = offer(related);

    assertThat(d.kind()).isEqualTo(GateDecision.Kind.ACCEPTED);
    assertThat(d.score().novelty()).isBetween(0.4, 1.0);
    assertThat(index.size()).isEqualTo(2);
  }

  @Test
  void theMostSimilarLearning_isFound_evenWhenASearchRanksItBelowOthers() {
    // the most similar learning shares the candidate's common words, over and over in a long
    // text, which BM25 weighs down; a dozen others share only its rare word, in their titles,
    // which BM25 ranks far higher
    String common = "Maven build cache test release";
    keep(
        Learning.builder(
                "near",
                LearningKind.PATTERN,
                "Quiet corner",
                (common + ". ").repeat(40).strip(),
                T0)
            .build());
    for (int i = 0; i < 12; i++) {
      keep(
          Learning.builder(
                  "rare-" + i,
                  LearningKind.PATTERN,
                  "Quarantine zyxwv runner " + i,
                  "Runner number " + i + " of the zyxwv pool stays apart from the others.",
                  T0)
              .build());
    }
    for (int i = 0; i < 40; i++) {
      keep(
          Learning.builder(
                  "filler-" + i,
                  LearningKind.PATTERN,
                  "Maven build step " + i,
                  "Step "
                      + i
                      + " of the Maven build writes to the cache before the test and release.",
                  T0)
              .build());
    }
    Learning candidate =
        Learning.builder(
                "cand",
                LearningKind.PATTERN,
                "Maven build cache zyxwv",
                common
                    + " zyxwv, pinned at 3.9.6 when `mvn -o` runs offline, because the"
                    + " release job resolves nothing.",
                T0)
            .build();
    List<String> searched =
        index.search(IndexQuery.of(candidate.title() + "\n" + candidate.what(), 10)).stream()
            .map(IndexHit::id)
            .toList();
    assertThat(searched).as("the search's ten best").doesNotContain("near");

    GateDecision d = offer(candidate);

    double similarity =
        Analysis.jaccard(
            Analysis.terms(candidate.title() + "\n" + candidate.what(), 512),
            Analysis.terms(kept.get("near").title() + "\n" + kept.get("near").what(), 512));
    assertThat(d.score().novelty()).isEqualTo(1.0 - similarity);
  }

  @Test
  void anIndexThatCannotFindSimilarLearnings_isSearched_andItsHitsCompared() {
    // the SPI's default: the gate falls back to a search of the candidate's title and what
    int[] searches = {0};
    KnowledgeIndex searchOnly =
        new CountingIndex(index) {
          @Override
          public Optional<List<IndexHit>> similar(String text, int limit) {
            return Optional.empty();
          }

          @Override
          public List<IndexHit> search(IndexQuery query) {
            searches[0]++;
            return super.search(query);
          }
        };
    QualityGate fallback =
        QualityGate.of(
            QualityRubric.defaults(), searchOnly, id -> Optional.ofNullable(kept.get(id)));
    keep(shellLesson("l-1"));

    GateDecision d = fallback.evaluate(shellLesson("l-2"));

    assertThat(d.kind()).isEqualTo(GateDecision.Kind.MERGED);
    assertThat(((GateDecision.Merged) d).into().id()).isEqualTo("l-1");
    assertThat(searches[0]).isEqualTo(1);
  }

  @Test
  void theSpisDefaultSimilar_checksItsArguments_andCannotTell() {
    KnowledgeIndex minimal =
        new KnowledgeIndex() {
          @Override
          public void upsert(java.util.Collection<Learning> learnings) {}

          @Override
          public void remove(java.util.Collection<String> ids) {}

          @Override
          public List<IndexHit> search(IndexQuery query) {
            return List.of();
          }

          @Override
          public void clear() {}

          @Override
          public int size() {
            return 0;
          }
        };
    assertThat(minimal.similar("retry", 1)).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> minimal.similar("retry", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> minimal.similar(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("text");
  }
}
