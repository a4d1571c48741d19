package dev.agentops.knowledge;

import dev.agentops.knowledge.internal.Analysis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a candidate learning enters the knowledge base (Factor VIII: not everything is
 * worth keeping). The candidate is scored on the {@link QualityRubric}, with its novelty measured
 * against what is already kept: the Jaccard similarity of the analyzed terms of title and what. The
 * index finds the most similar learnings ({@link KnowledgeIndex#similar(String, int)}, exact for
 * {@link LuceneKnowledgeIndex}); an index that cannot is searched with the title and what instead,
 * and each hit compared. Two negative learnings (failures, anti-patterns) need a higher similarity
 * to be near-duplicates ({@link QualityRubric#negativeDuplicateSimilarity()}): harvested failures
 * share a template. A negative learning and a positive one are never near-duplicates: a "don't" is
 * not merged into a "do".
 *
 * <ul>
 *   <li>No near-duplicate: accepted if its tier is kept (gold and silver active, bronze pending),
 *       otherwise discarded with the reasons.
 *   <li>A near-duplicate of a live learning: if the candidate is worth keeping and has more merit
 *       (its score without novelty) by at least the rubric's margin, it supersedes that learning,
 *       which is retired and whose citations, utility and maturity carry over; otherwise it is
 *       merged into it (tags joined; a missing rationale, situation or applicability filled in; the
 *       higher confidence kept). Near-duplicates are never stacked.
 *   <li>A near-duplicate of a retired learning: accepted in its place if worth keeping.
 *   <li>A near-duplicate of a tombstoned learning: discarded; what was removed on purpose does not
 *       come back.
 * </ul>
 *
 * <p>The gate decides and writes nothing: {@link KnowledgeFlywheel} applies its decisions to the
 * store and the index, and records every one in the audit log. Thread-safe if the index and the
 * lookup are; two candidates evaluated at once do not see each other.
 *
 * @since 0.1.0
 */
public final class QualityGate {

  private final QualityRubric rubric;
  private final KnowledgeIndex index;
  private final Function<String, Optional<Learning>> lookup;

  /**
   * Learnings decided but not yet in the index (a batch being gated), by id, with their analyzed
   * terms; compared with each later candidate directly. Null for a plain gate.
   */
  private final @Nullable Map<String, Set<String>> unindexed;

  /** For a batch gate: which remembered learnings hold each term, so only those are compared. */
  private final Map<String, Set<String>> postings = new HashMap<>();

  private QualityGate(
      QualityRubric rubric,
      KnowledgeIndex index,
      Function<String, Optional<Learning>> lookup,
      @Nullable Map<String, Set<String>> unindexed) {
    this.rubric = rubric;
    this.index = index;
    this.lookup = lookup;
    this.unindexed = unindexed;
  }

  /**
   * A gate for one batch of candidates: learnings the batch decides are {@linkplain
   * #remember(Learning) remembered} and compared with later candidates directly, so the index is
   * updated once for the whole batch instead of once per candidate (each update makes Lucene open a
   * new searcher). The lookup must return the remembered versions.
   */
  static QualityGate forBatch(
      QualityRubric rubric, KnowledgeIndex index, Function<String, Optional<Learning>> lookup) {
    return new QualityGate(rubric, index, lookup, new LinkedHashMap<>());
  }

  /** Remembers a learning a batch decided, for the batch's later candidates. */
  void remember(Learning learning) {
    if (unindexed == null) {
      throw new IllegalStateException("only a batch gate remembers learnings");
    }
    Set<String> before = unindexed.put(learning.id(), terms(learning));
    if (before != null) {
      for (String t : before) {
        Set<String> ids = postings.get(t);
        if (ids != null) {
          ids.remove(learning.id());
        }
      }
    }
    for (String t : unindexed.get(learning.id())) {
      postings.computeIfAbsent(t, k -> new HashSet<>()).add(learning.id());
    }
  }

  /**
   * Returns a gate.
   *
   * @param rubric how candidates are scored
   * @param index the index of the learnings already kept, of every status
   * @param lookup reads a kept learning by id
   * @return the gate
   */
  public static QualityGate of(
      QualityRubric rubric, KnowledgeIndex index, Function<String, Optional<Learning>> lookup) {
    return new QualityGate(
        Objects.requireNonNull(rubric, "rubric"),
        Objects.requireNonNull(index, "index"),
        Objects.requireNonNull(lookup, "lookup"),
        null);
  }

  /**
   * Returns the rubric.
   *
   * @return the rubric
   */
  public QualityRubric rubric() {
    return rubric;
  }

  /**
   * Decides about a candidate.
   *
   * @param candidate the candidate; its tier, score and status are set by the decision
   * @return the decision
   * @throws KnowledgeIndexException if the index cannot be searched
   */
  public GateDecision evaluate(Learning candidate) {
    Objects.requireNonNull(candidate, "candidate");
    List<Neighbour> neighbours = neighbours(candidate);
    // the most similar neighbour that clears its bar; a lesson and a failure are never the same
    Neighbour dup = null;
    for (Neighbour n : neighbours) {
      if (n.similarity >= duplicateBar(candidate, n)) {
        dup = n;
        break;
      }
    }
    if (dup == null) {
      QualityScore score = rubric.score(candidate, 1.0 - maxLiveSimilarity(neighbours, null));
      return score.kept()
          ? new GateDecision.Accepted(candidate, score, kept(candidate, score))
          : discard(candidate, score, null);
    }
    Learning existing = dup.learning;
    QualityScore score = rubric.score(candidate, 1.0 - maxLiveSimilarity(neighbours, dup));
    if (existing.status() == LearningStatus.TOMBSTONED) {
      return discard(
          candidate,
          score,
          "is a near-duplicate (similarity "
              + format(dup.similarity)
              + ") of tombstoned learning '"
              + existing.id()
              + "'");
    }
    if (!score.kept()) {
      return discard(
          candidate,
          score,
          "is a near-duplicate (similarity "
              + format(dup.similarity)
              + ") of learning '"
              + existing.id()
              + "'");
    }
    if (!existing.status().live()) {
      Learning learning = kept(candidate, score).toBuilder().supersedes(existing.id()).build();
      return new GateDecision.Superseded(
          candidate,
          score,
          learning,
          existing.toBuilder().supersededBy(candidate.id()).build(),
          dup.similarity);
    }
    if (rubric.merit(candidate) >= rubric.merit(existing) + rubric.supersedeMargin()) {
      Learning learning =
          kept(candidate, score).toBuilder()
              .tags(union(existing.tags(), candidate.tags()))
              .lastCited(existing.lastCited())
              .utility(existing.utility())
              .feedback(existing.feedbackCount(), existing.harmfulCount())
              .maturity(existing.maturity())
              .supersedes(existing.id())
              .build();
      Learning replaced =
          existing.toBuilder().status(LearningStatus.RETIRED).supersededBy(candidate.id()).build();
      return new GateDecision.Superseded(candidate, score, learning, replaced, dup.similarity);
    }
    return new GateDecision.Merged(
        candidate,
        rubric.score(candidate, 1.0 - dup.similarity),
        merge(existing, candidate),
        dup.similarity);
  }

  /** The similarity from which a neighbour is the candidate's near-duplicate. */
  private double duplicateBar(Learning candidate, Neighbour neighbour) {
    boolean negative = candidate.kind().negative();
    if (negative != neighbour.learning.kind().negative()) {
      return Double.POSITIVE_INFINITY;
    }
    return negative ? rubric.negativeDuplicateSimilarity() : rubric.duplicateSimilarity();
  }

  /** The kept learnings most similar to a candidate, most similar first. */
  private List<Neighbour> neighbours(Learning candidate) {
    Set<String> terms = terms(candidate);
    String text = candidate.title() + "\n" + candidate.what();
    // the candidate itself may be indexed (offered again): one more, so it does not take a place
    Optional<List<IndexHit>> similar =
        index.similar(text, Math.min(rubric.neighbours(), Integer.MAX_VALUE - 1) + 1);
    List<IndexHit> hits =
        similar.orElseGet(
            () -> index.search(IndexQuery.of(text, rubric.neighbours()).withStatuses(Set.of())));
    List<Neighbour> out = new ArrayList<>(hits.size());
    Set<String> seen = new HashSet<>();
    for (IndexHit hit : hits) {
      // a learning this batch decided is compared as the batch has it, below
      if (hit.id().equals(candidate.id())
          || out.size() >= rubric.neighbours()
          || (similar.isPresent() && unindexed != null && unindexed.containsKey(hit.id()))
          || !seen.add(hit.id())) {
        continue;
      }
      Optional<Learning> l = lookup.apply(hit.id());
      l.ifPresent(learning ->
          out.add(
              new Neighbour(
                  learning,
                  similar.isPresent() ? hit.score() : Analysis.jaccard(terms, terms(learning)))));
    }
    if (unindexed != null) {
      // shared terms per remembered learning, counted through the postings: exact Jaccard for
      // every learning that shares a term, without comparing the whole batch
      Map<String, Integer> shared = new LinkedHashMap<>();
      for (String t : terms) {
        Set<String> ids = postings.get(t);
        if (ids != null) {
          for (String id : ids) {
            shared.merge(id, 1, Integer::sum);
          }
        }
      }
      for (Map.Entry<String, Integer> e : shared.entrySet()) {
        String id = e.getKey();
        if (id.equals(candidate.id())) {
          continue;
        }
        int common = e.getValue();
        double similarity = (double) common / (terms.size() + unindexed.get(id).size() - common);
        Optional<Learning> remembered = lookup.apply(id);
        if (remembered.isEmpty()) {
          continue;
        }
        Neighbour n = new Neighbour(remembered.get(), similarity);
        if (seen.add(id)) {
          out.add(n);
        } else {
          // indexed in an older version: the remembered one counts, in the index's place
          for (int i = 0; i < out.size(); i++) {
            if (out.get(i).learning.id().equals(id)) {
              out.set(i, n);
            }
          }
        }
      }
    }
    // most similar first; of equally similar ones, a live learning before a retired one (merging
    // into what is in use beats replacing what is not), then by id, so the choice among the
    // neighbours found does not depend on the order the index found them in
    out.sort(
        Comparator.comparingDouble((Neighbour n) -> n.similarity)
            .reversed()
            .thenComparing(n -> !n.learning.status().live())
            .thenComparing(n -> n.learning.id()));
    return out;
  }

  private static double maxLiveSimilarity(List<Neighbour> neighbours, @Nullable Neighbour except) {
    double max = 0;
    for (Neighbour n : neighbours) {
      if (n != except && n.learning.status().live()) {
        max = Math.max(max, n.similarity);
      }
    }
    return max;
  }

  private static Set<String> terms(Learning l) {
    return Analysis.terms(l.title() + "\n" + l.what(), Analysis.MAX_COMPARED_TERMS);
  }

  private static Learning kept(Learning candidate, QualityScore score) {
    return candidate.toBuilder()
        .quality(score.tier(), score.total())
        .status(score.tier() == Tier.BRONZE ? LearningStatus.PENDING : LearningStatus.ACTIVE)
        .supersededBy(null)
        .build();
  }

  private static Learning merge(Learning into, Learning candidate) {
    Learning.Builder b = into.toBuilder().tags(union(into.tags(), candidate.tags()));
    if (into.why().isEmpty()) {
      b.why(candidate.why());
    }
    if (into.context().isEmpty()) {
      b.context(candidate.context());
    }
    if (!into.applicability().known()) {
      b.applicability(candidate.applicability());
    }
    return b.confidence(Math.max(into.confidence(), candidate.confidence())).build();
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    for (String t : b) {
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  private GateDecision.Discarded discard(
      Learning candidate, QualityScore score, @Nullable String extra) {
    List<String> reasons = new ArrayList<>();
    for (QualityDefect d : score.defects()) {
      reasons.add(d.description());
    }
    if (score.defects().isEmpty() && !score.kept()) {
      reasons.add("scores " + format(score.total()) + ", below the bronze bound");
    }
    if (extra != null) {
      reasons.add(extra);
    }
    return new GateDecision.Discarded(candidate, score, reasons);
  }

  private static String format(double d) {
    return String.format(Locale.ROOT, "%.2f", d);
  }

  private static final class Neighbour {
    final Learning learning;
    final double similarity;

    Neighbour(Learning learning, double similarity) {
      this.learning = learning;
      this.similarity = similarity;
    }
  }
}
