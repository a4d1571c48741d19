package dev.agentops.knowledge;

import dev.agentops.context.Admission;
import dev.agentops.context.BudgetStatus;
import dev.agentops.context.ContextBudget;
import dev.agentops.context.ContextItem;
import dev.agentops.context.ContextKind;
import dev.agentops.context.ModelTokenCounter;
import dev.agentops.context.TokenCounter;
import dev.agentops.knowledge.internal.BlockTokens;
import dev.agentops.knowledge.internal.KnowledgeBlock;
import dev.agentops.knowledge.internal.LogLines;
import dev.agentops.knowledge.internal.RecordIds;
import dev.agentops.llm.TokenizerFamily;
import dev.agentops.store.LogEntry;
import dev.agentops.store.Quarantined;
import dev.agentops.store.ReadableStore;
import dev.agentops.store.RecordCodec;
import dev.agentops.store.RecordDecodingException;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Records;
import dev.agentops.store.ScanResult;
import dev.agentops.store.Store;
import dev.agentops.store.StoreException;
import dev.agentops.store.StoredRecord;
import dev.agentops.store.Versioned;
import dev.agentops.store.WriteBatch;
import dev.agentops.store.WriteResult;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge flywheel (Factors VII, VIII and XII): learnings offered from sessions are gated for
 * quality, kept in the store, indexed, retrieved and injected into later sessions within a budget,
 * strengthened by citations, and retired when stale.
 *
 * <ul>
 *   <li>{@link #offer(Learning)} runs a candidate through the {@link QualityGate}: accepted, merged
 *       into a near-duplicate, superseding one, or discarded; every decision goes to the audit log
 *       ({@value KnowledgeRecords#AUDIT}).
 *   <li>{@link #retrieve(String, int)} ranks by relevance × freshness × utility × maturity weight.
 *   <li>{@link #inject(ContextBudget, String, String)} packs the best learnings into one fenced
 *       block, labelled as data and not instructions, known failures first, within the {@link
 *       InjectionPolicy}'s caps, and offers it to the budget as {@link ContextKind#KNOWLEDGE}
 *       (rendered first among the supporting material, right after the system text).
 *   <li>{@link #cite(Collection)} appends citations to the {@value KnowledgeRecords#CITATIONS} log
 *       and updates the learnings they cite (utility, maturity, last citation, promotion).
 *   <li>{@link #decay()} retires what went stale.
 * </ul>
 *
 * <p>The store is the source of truth; the flywheel keeps the learnings in memory and the index in
 * step with it. On opening, when the index records that it reflects the store's learnings as they
 * are (the store's {@linkplain dev.agentops.store.ReadableStore#contentId(String) content id} of
 * the collection), the flywheel opens on the index's ids without reading a learning, and reads each
 * one from the store the first time it is used (the hits of a retrieval; every one for {@link
 * #learnings()}, {@link #decay()} and {@link #health(HealthWindow)}). When the index reflects an
 * earlier state of the learnings, and up to 64 of them, or a quarter, changed since (other writers,
 * a sync), it catches up: only the changed learnings are read, through the store's {@linkplain
 * dev.agentops.store.ReadableStore#changedIds(String, String) changed ids}, and the index updated.
 * Otherwise it reads every learning, and rebuilds the index unless it reflects exactly those (a
 * digest of every id and revision). Learnings other writers add through sync are picked up by
 * {@link #refresh()}.
 *
 * <p>Thread-safe: reads run concurrently; writes are serialized, each one a store batch written by
 * compare-and-swap and retried on a lost race.
 *
 * <pre>{@code
 * try (KnowledgeFlywheel flywheel = KnowledgeFlywheel.builder(store)
 *     .index(LuceneKnowledgeIndex.open(cacheDir.resolve("knowledge")))
 *     .writer("worker-1")
 *     .build()) {
 *   flywheel.offer(Learning.builder(flywheel.newId(), LearningKind.PATTERN,
 *       "Pin the JDK with a toolchain", "Pin the JDK in CI with a Maven toolchain when ...", now)
 *       .build());
 *   Injection injection = flywheel.inject(budget, task, sessionId);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class KnowledgeFlywheel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeFlywheel.class);

  /** Corpora at least this large are decoded on several threads. */
  private static final int PARALLEL_DECODE = 2_048;

  /**
   * An opening catches the index up when at most this many learnings changed, or at most a quarter
   * of them.
   */
  private static final int MIN_CATCH_UP = 64;

  private final Store store;
  private final Records<Learning> records;
  private final KnowledgeIndex index;
  private final boolean ownsIndex;
  private final Clock clock;
  private final TokenCounter counter;
  private final String writer;
  private final QualityGate gate;
  private final DecayPolicy decay;
  private final CitationPolicy citations;
  private final InjectionPolicy injection;
  private final Supplier<String> ids;
  private final int maxAttempts;

  /** Counts blocks and their entries word by word, from its own cache of words' counts. */
  private final BlockTokens blockTokens = new BlockTokens();

  private final ConcurrentHashMap<String, Versioned<Learning>> corpus = new ConcurrentHashMap<>();

  /**
   * Learnings not read yet, each with the store state to read it from; an id is in this map or in
   * the corpus, never both. Moved to the corpus, under the map's lock for the id, when first used.
   */
  private final ConcurrentHashMap<String, ReadableStore> unread = new ConcurrentHashMap<>();

  private final Object writeLock = new Object();

  /** A digest of every learning's id and revision, kept as the corpus changes; under writeLock. */
  private long digest;

  /**
   * The store's content id of the learnings the corpus holds, when known; under writeLock. Lost
   * when another writer changes learnings, until the next {@link #refresh()}.
   */
  private @Nullable String content;

  /** A commit whose learnings are {@link #content}, when known; under writeLock. */
  private @Nullable String commit;

  private KnowledgeFlywheel(Builder b) {
    this.store = b.store;
    this.records = KnowledgeRecords.learnings(b.store);
    this.ownsIndex = b.index == null;
    this.index = b.index != null ? b.index : LuceneKnowledgeIndex.inMemory();
    this.clock = b.clock;
    this.counter =
        b.counter != null
            ? b.counter
            : ModelTokenCounter.builder(TokenizerFamily.O200K_BASE).build();
    this.writer = b.writer;
    this.gate = QualityGate.of(b.rubric, index, this::get);
    this.decay = b.decay;
    this.citations = b.citations;
    this.injection = b.injection;
    this.ids = b.ids != null ? b.ids : RecordIds.random("lrn", b.clock, new SecureRandom());
    this.maxAttempts = b.maxAttempts;
  }

  /**
   * Starts a flywheel over a store.
   *
   * @param store where learnings, citations and the audit log are kept
   * @return a builder
   */
  public static Builder builder(Store store) {
    return new Builder(Objects.requireNonNull(store, "store"));
  }

  private KnowledgeFlywheel open() {
    synchronized (writeLock) {
      load();
    }
    return this;
  }

  /**
   * Brings the corpus and the index in step with the store: nothing to do if the learnings did not
   * change since the corpus was read; the index's ids, unread, if the index reflects them; a
   * catch-up reading only the changed learnings if it reflects an earlier state and few changed;
   * otherwise every learning is read, and the index rebuilt unless it already reflects them. Under
   * writeLock.
   */
  private void load() {
    String head = store.head().orElse(null);
    ReadableStore view = head != null ? store.at(head) : store;
    String now = view.contentId(KnowledgeRecords.LEARNINGS).orElse(null);
    if (now != null && now.equals(content)) {
      return;
    }
    State synced = State.parse(index.syncedTo());
    if (now != null && synced != null && now.equals(synced.content())) {
      Optional<List<String>> ids = index.ids();
      if (ids.isPresent() && ids.get().size() == synced.count()) {
        corpus.clear();
        unread.clear();
        for (String id : ids.get()) {
          unread.put(id, view);
        }
        digest = synced.digest();
        content = now;
        commit = head;
        LOG.debug("knowledge opened on the index: {} learnings, none read", unread.size());
        return;
      }
    }
    if (now != null && head != null && synced != null && catchUp(view, now, head, synced)) {
      return;
    }
    ScanResult raw = view.scan(KnowledgeRecords.LEARNINGS);
    List<Quarantined> quarantined = new ArrayList<>(raw.quarantined());
    List<Versioned<Learning>> decoded = decode(raw.records(), quarantined);
    for (Quarantined q : quarantined) {
      LOG.warn("learning record {} was skipped: {}", q.path(), q.reason());
    }
    corpus.clear();
    unread.clear();
    digest = 0;
    for (Versioned<Learning> v : decoded) {
      corpus.put(v.value().id(), v);
      digest += entryDigest(v);
    }
    content = now;
    commit = head;
    if (synced == null
        || synced.count() != corpus.size()
        || synced.digest() != digest
        || index.size() != corpus.size()) {
      index.rebuild(values(), Optional.of(state()));
      LOG.debug("knowledge index rebuilt: {} learnings", corpus.size());
    } else if (!synced.equals(stateNow())) {
      index.markSynced(state());
    }
  }

  /**
   * Catches the corpus and the index up with the learnings that changed since the state the index
   * reflects, reading only those: each one's earlier revision from the commit the state names (to
   * take it out of the digest) and its revision now from {@code view}; a record that does not
   * decode now is skipped, as a full reading skips it. Changes nothing and returns false where that
   * cannot be done (no commit or changed ids known, the commit gone, a record that cannot be read
   * as it was, a store failure) or where more than {@link #MIN_CATCH_UP} and more than a quarter of
   * the learnings changed, a full read being cheaper then. Under writeLock.
   */
  private boolean catchUp(ReadableStore view, String now, String head, State synced) {
    Optional<List<String>> ids = index.ids();
    if (synced.commit() == null || ids.isEmpty() || ids.get().size() != synced.count()) {
      return false;
    }
    Set<String> changed;
    ReadableStore before;
    try {
      changed = view.changedIds(KnowledgeRecords.LEARNINGS, synced.content()).orElse(null);
      if (changed == null || changed.size() > Math.max(MIN_CATCH_UP, synced.count() / 4)) {
        return false;
      }
      before = store.at(synced.commit());
      if (!before.contentId(KnowledgeRecords.LEARNINGS).equals(Optional.of(synced.content()))) {
        return false;
      }
    } catch (IllegalArgumentException | StoreException e) {
      LOG.debug("cannot catch up from the knowledge index's state; every learning is read", e);
      return false;
    }
    Set<String> indexed = new HashSet<>(ids.get());
    long d = synced.digest();
    Map<String, Versioned<Learning>> read = new HashMap<>();
    List<String> gone = new ArrayList<>();
    RecordCodec<Learning> codec = KnowledgeRecords.codec();
    for (String id : changed) {
      RecordKey key = RecordKey.of(KnowledgeRecords.LEARNINGS, id);
      if (indexed.contains(id)) {
        Optional<StoredRecord> was;
        try {
          was = before.read(key);
        } catch (StoreException e) {
          return false;
        }
        if (was.isEmpty()) {
          // the index holds a learning the state it names did not
          return false;
        }
        d -= entryDigest(id, was.get().revision());
      }
      try {
        Optional<StoredRecord> r = view.read(key);
        if (r.isPresent()) {
          Versioned<Learning> v = new Versioned<>(codec.decode(r.get()), r.get());
          read.put(id, v);
          d += entryDigest(id, v.revision());
          continue;
        }
      } catch (RecordDecodingException e) {
        LOG.warn("learning record {} was skipped: {}", key, e.getMessage());
      } catch (StoreException e) {
        // not a bad record, a failure to read: the full reading reports it
        return false;
      }
      if (indexed.contains(id)) {
        gone.add(id);
      }
    }
    index.upsert(read.values().stream().map(Versioned::value).toList());
    index.remove(gone);
    unread.clear();
    corpus.clear();
    for (String id : ids.get()) {
      if (!changed.contains(id)) {
        unread.put(id, view);
      }
    }
    corpus.putAll(read);
    digest = d;
    content = now;
    commit = head;
    index.markSynced(state());
    LOG.debug(
        "knowledge index caught up: {} learnings changed, {} read, {} gone",
        changed.size(),
        read.size(),
        gone.size());
    return true;
  }

  /**
   * Decodes records, several at a time when there are many; those that cannot be decoded are added
   * to the quarantined list.
   */
  private static List<Versioned<Learning>> decode(
      List<StoredRecord> records, List<Quarantined> quarantined) {
    RecordCodec<Learning> codec = KnowledgeRecords.codec();
    Object[] out = new Object[records.size()];
    IntStream range = IntStream.range(0, records.size());
    (records.size() >= PARALLEL_DECODE ? range.parallel() : range)
        .forEach(i -> {
          StoredRecord r = records.get(i);
          try {
            out[i] = new Versioned<>(codec.decode(r), r);
          } catch (RecordDecodingException e) {
            out[i] = new Quarantined(r.key().toString(), e.getMessage());
          }
        });
    List<Versioned<Learning>> values = new ArrayList<>(records.size());
    for (Object o : out) {
      if (o instanceof Quarantined q) {
        quarantined.add(q);
      } else {
        @SuppressWarnings("unchecked")
        Versioned<Learning> v = (Versioned<Learning>) o;
        values.add(v);
      }
    }
    return values;
  }

  /** Returns a learning as the corpus holds it, reading it from the store if not read yet. */
  private @Nullable Versioned<Learning> current(String id) {
    Versioned<Learning> v = corpus.get(id);
    if (v != null) {
      return v;
    }
    unread.computeIfPresent(
        id,
        (key, view) -> {
          read(key, view);
          return null;
        });
    return corpus.get(id);
  }

  /** Reads an unread learning into the corpus; one that cannot be read is skipped, as on a scan. */
  private void read(String id, ReadableStore view) {
    try {
      Optional<StoredRecord> r = view.read(RecordKey.of(KnowledgeRecords.LEARNINGS, id));
      if (r.isPresent()) {
        corpus.put(id, new Versioned<>(KnowledgeRecords.codec().decode(r.get()), r.get()));
      } else {
        LOG.warn("learning {} of the index is not in the store; skipped", id);
      }
    } catch (RecordDecodingException e) {
      LOG.warn("learning record {} was skipped: {}", id, e.getMessage());
    }
  }

  /** Reads every learning not read yet, with one scan of the state they are read from. */
  private void readAll() {
    if (unread.isEmpty()) {
      return;
    }
    Map<ReadableStore, Set<String>> byView = new IdentityHashMap<>();
    unread.forEach((id, view) -> byView.computeIfAbsent(view, v -> new HashSet<>()).add(id));
    for (Map.Entry<ReadableStore, Set<String>> e : byView.entrySet()) {
      List<StoredRecord> wanted = new ArrayList<>(e.getValue().size());
      for (StoredRecord r : e.getKey().scan(KnowledgeRecords.LEARNINGS).records()) {
        if (e.getValue().contains(r.key().id())) {
          wanted.add(r);
        }
      }
      List<Quarantined> quarantined = new ArrayList<>();
      for (Versioned<Learning> v : decode(wanted, quarantined)) {
        unread.computeIfPresent(
            v.value().id(),
            (id, view) -> {
              corpus.putIfAbsent(id, v);
              return null;
            });
      }
      for (Quarantined q : quarantined) {
        LOG.warn("learning record {} was skipped: {}", q.path(), q.reason());
      }
    }
    // What the scans did not give (gone, or unreadable) is read one by one, and skipped if need be.
    for (String id : List.copyOf(unread.keySet())) {
      current(id);
    }
  }

  /**
   * Reads the store again, for learnings other writers changed (after a sync), and brings the index
   * in step.
   */
  public void refresh() {
    synchronized (writeLock) {
      load();
    }
  }

  /**
   * Returns a new learning id: {@code lrn-<yyyyMMdd>-<8 random characters>}, or what the builder's
   * id generator returns.
   *
   * @return the id
   */
  public String newId() {
    return ids.get();
  }

  /**
   * Returns a learning.
   *
   * @param id its id
   * @return the learning, if the store has it
   */
  public Optional<Learning> get(String id) {
    Versioned<Learning> v = current(Objects.requireNonNull(id, "id"));
    return v == null ? Optional.empty() : Optional.of(v.value());
  }

  /**
   * Returns every learning, of every status, ordered by id.
   *
   * @return a snapshot
   */
  public List<Learning> learnings() {
    List<Learning> all = values();
    all.sort(Comparator.comparing(Learning::id));
    return all;
  }

  // --- gate ---

  /**
   * Offers a candidate learning: the quality gate decides, and its decision is applied to the store
   * and the index in one write, with a line in the audit log.
   *
   * @param candidate the candidate, with an id no learning has
   * @return the decision
   * @throws IllegalArgumentException if a learning with the candidate's id exists
   * @throws KnowledgeConflictException if other writers kept changing the learnings involved
   */
  public GateDecision offer(Learning candidate) {
    Objects.requireNonNull(candidate, "candidate");
    return offer(List.of(candidate)).get(0);
  }

  /**
   * Offers candidates as one batch: the gate decides about each in order, measuring it against the
   * learnings kept and against the batch's earlier candidates as they were decided (so candidates
   * that repeat each other merge, as they would offered one by one), and every decision is applied
   * in one store write (one commit, compare-and-swap on every learning involved, retried as a whole
   * on a lost race) with one line each in the audit log.
   *
   * <p>While the batch is decided, the index holds its learnings before the store does, so that
   * later candidates find them; concurrent retrievals ignore learnings the store does not have yet.
   * If the write fails, the index is put back as it was.
   *
   * @param candidates the candidates, each with an id no learning has and no other candidate has
   * @return the decisions, in order
   * @throws IllegalArgumentException if a candidate's id is taken, or two candidates share an id
   * @throws KnowledgeConflictException if other writers kept changing the learnings involved
   */
  public List<GateDecision> offer(Collection<Learning> candidates) {
    Objects.requireNonNull(candidates, "candidates");
    List<Learning> batch = List.copyOf(candidates);
    if (batch.isEmpty()) {
      return List.of();
    }
    synchronized (writeLock) {
      Set<String> ids = new HashSet<>();
      for (Learning c : batch) {
        if (holds(c.id())) {
          throw new IllegalArgumentException(
              "a learning with id '" + c.id() + "' already exists; offer it with a new id");
        }
        if (!ids.add(c.id())) {
          throw new IllegalArgumentException(
              "two candidates of one batch have the id '" + c.id() + "'; each needs its own");
        }
      }
      Set<String> lost = Set.of();
      for (int attempt = 1; attempt <= maxAttempts; attempt++) {
        Map<String, Learning> pending = new LinkedHashMap<>();
        boolean committed = false;
        try {
          QualityGate batchGate =
              QualityGate.forBatch(
                  gate.rubric(),
                  index,
                  id -> {
                    Learning p = pending.get(id);
                    return p != null ? Optional.of(p) : get(id);
                  });
          List<GateDecision> decisions = new ArrayList<>(batch.size());
          for (Learning c : batch) {
            GateDecision decision = batchGate.evaluate(c);
            decisions.add(decision);
            for (Learning l : changes(decision)) {
              pending.put(l.id(), l);
              batchGate.remember(l);
            }
          }
          // one index update for the whole batch: later candidates saw the batch's decisions
          // through the gate's memory, not through a searcher reopened after each of them
          if (!pending.isEmpty()) {
            index.upsert(List.copyOf(pending.values()));
          }
          WriteBatch.Builder write = WriteBatch.builder();
          for (Learning l : pending.values()) {
            Versioned<Learning> current = current(l.id());
            if (current == null) {
              records.addCreate(write, l);
            } else {
              records.addUpdate(write, current, l);
            }
          }
          Instant now = clock.instant();
          write.append(
              KnowledgeRecords.AUDIT,
              writer,
              decisions.stream().map(d -> LogLines.audit(d, now)).toArray(String[]::new));
          WriteResult result = write(write.build());
          if (result instanceof WriteResult.Conflict c) {
            restoreIndex(pending.keySet());
            pending.clear();
            lost = reload(c);
            continue;
          }
          committed = true;
          settle(pending);
          return decisions;
        } finally {
          if (!committed && !pending.isEmpty()) {
            restoreIndex(pending.keySet());
          }
        }
      }
      throw new KnowledgeConflictException(List.copyOf(lost), maxAttempts);
    }
  }

  /** The learnings a decision creates or changes. */
  private static List<Learning> changes(GateDecision decision) {
    if (decision instanceof GateDecision.Accepted a) {
      return List.of(a.learning());
    } else if (decision instanceof GateDecision.Merged m) {
      return List.of(m.into());
    } else if (decision instanceof GateDecision.Superseded s) {
      return List.of(s.learning(), s.replaced());
    }
    return List.of();
  }

  /** Puts the index back to the corpus for learnings a batch that was not written had changed. */
  private void restoreIndex(Collection<String> ids) {
    List<Learning> kept = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (String id : ids) {
      Versioned<Learning> v = current(id);
      if (v != null) {
        kept.add(v.value());
      } else {
        absent.add(id);
      }
    }
    index.upsert(kept);
    index.remove(absent);
  }

  /**
   * Reads back what a batch wrote into the corpus; the index already holds the learnings as
   * written, and is updated only for those the store changed on the way in (redaction). Under
   * writeLock.
   */
  private void settle(Map<String, Learning> written) {
    List<Learning> differ = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, Learning> e : written.entrySet()) {
      String id = e.getKey();
      current(id);
      Optional<Versioned<Learning>> v = records.get(id);
      Versioned<Learning> old = v.isPresent() ? corpus.put(id, v.get()) : corpus.remove(id);
      if (old != null) {
        digest -= entryDigest(old);
      }
      if (v.isPresent()) {
        digest += entryDigest(v.get());
        if (!v.get().value().equals(e.getValue())) {
          differ.add(v.get().value());
        }
      } else {
        removed.add(id);
      }
    }
    if (!differ.isEmpty()) {
      index.upsert(differ);
    }
    index.remove(removed);
  }

  // --- retrieval and injection ---

  /**
   * Retrieves the live learnings most useful for a task: the index's best matches, re-ranked by
   * relevance × freshness × utility × maturity weight.
   *
   * @param task what the session is about to do
   * @param limit the most learnings to return
   * @return the learnings, best first
   */
  public List<RetrievedLearning> retrieve(String task, int limit) {
    return retrieve(IndexQuery.of(Objects.requireNonNull(task, "task"), limit));
  }

  /**
   * Retrieves learnings as {@link #retrieve(String, int)} does, with the query's filters.
   *
   * @param query the text, filters and limit
   * @return the learnings, best first
   */
  public List<RetrievedLearning> retrieve(IndexQuery query) {
    Objects.requireNonNull(query, "query");
    List<IndexHit> hits =
        index.search(query.withLimit(Math.max(query.limit(), injection.candidates())));
    if (hits.isEmpty()) {
      return List.of();
    }
    double best = hits.get(0).score();
    Instant now = clock.instant();
    List<RetrievedLearning> ranked = new ArrayList<>(hits.size());
    for (IndexHit hit : hits) {
      Versioned<Learning> v = current(hit.id());
      if (v == null
          || (!query.statuses().isEmpty() && !query.statuses().contains(v.value().status()))) {
        continue;
      }
      double relevance = best > 0 ? hit.score() / best : 0;
      ranked.add(RetrievedLearning.rank(v.value(), relevance, decay.freshness(v.value(), now)));
    }
    ranked.sort(
        Comparator.comparingDouble(RetrievedLearning::score)
            .reversed()
            .thenComparing(r -> r.learning().id()));
    return ranked.size() > query.limit() ? List.copyOf(ranked.subList(0, query.limit())) : ranked;
  }

  /**
   * Injects the learnings most useful for a task into a budget, as {@link #inject(ContextBudget,
   * String, String)} does, without recording that a session retrieved them.
   *
   * @param budget the session's budget
   * @param task what the session is about to do
   * @return what was injected
   */
  public Injection inject(ContextBudget budget, String task) {
    return inject(budget, task, null);
  }

  /**
   * Injects the learnings most useful for a task into a budget: one block, fenced and labelled as
   * data and not instructions, known failures first ("Don't: …"), holding at most the policy's
   * learnings and tokens, at most the policy's fraction of the budget's capacity, and never more
   * than the budget has free. The block is offered as a {@link ContextKind#KNOWLEDGE} item. If a
   * session is named, a {@link CitationKind#RETRIEVED} citation is logged for each learning in it.
   *
   * @param budget the session's budget
   * @param task what the session is about to do
   * @param session the session's id, or {@code null} to log nothing
   * @return what was injected; nothing is offered when nothing relevant fits
   */
  public Injection inject(ContextBudget budget, String task, @Nullable String session) {
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(task, "task");
    BudgetStatus status = budget.status();
    long cap = injection.capFor(budget.capacityTokens(), status.remainingTokens());
    Packed packed = pack(retrieve(task, injection.candidates()), cap, budget.counter());
    if (packed.included.isEmpty()) {
      return new Injection(List.of(), "", 0, cap, null);
    }
    Admission admission =
        budget.admit(
            ContextItem.builder(ContextKind.KNOWLEDGE, packed.block)
                .sourceId("agentops-knowledge")
                .build());
    if (session != null && admission.admitted()) {
      Instant now = clock.instant();
      List<Citation> retrieved = new ArrayList<>();
      for (RetrievedLearning r : packed.included) {
        retrieved.add(new Citation(r.learning().id(), session, CitationKind.RETRIEVED, null, now));
      }
      cite(retrieved);
    }
    return new Injection(packed.included, packed.block, packed.tokens, cap, admission);
  }

  /**
   * Packs the learnings most useful for a task into a block as {@link #inject(ContextBudget,
   * String, String)} does, under a token cap, counting with the builder's counter, without a
   * budget.
   *
   * @param task what the session is about to do
   * @param capTokens the most tokens the block may take, counted as a budget counts an item
   * @return the packed block; {@link Injection#admission()} is empty
   */
  public Injection pack(String task, long capTokens) {
    Objects.requireNonNull(task, "task");
    long cap = Math.max(0, Math.min(capTokens, injection.maxTokens()));
    Packed packed = pack(retrieve(task, injection.candidates()), cap, counter);
    return new Injection(packed.included, packed.block, packed.tokens, cap, null);
  }

  private static final class Packed {
    final List<RetrievedLearning> included;
    final String block;
    final int tokens;

    Packed(List<RetrievedLearning> included, String block, int tokens) {
      this.included = included;
      this.block = block;
      this.tokens = tokens;
    }
  }

  /**
   * Chooses learnings by rank while their lines fit, then counts the block and drops the
   * lowest-ranked until it fits: the count of the whole block is what is held to the cap. Each
   * entry is counted as a line of the block (with its newline), and each line as the sum of its
   * words' counts, where {@link BlockTokens} can add them up exactly: a new entry made of words
   * seen before costs a lookup per word, not a tokenization.
   */
  private Packed pack(List<RetrievedLearning> ranked, long cap, TokenCounter tokens) {
    int frame =
        blockTokens.count(tokens, KnowledgeBlock.lines(List.of("-"), List.of("-")))
            + TokenCounter.MESSAGE_OVERHEAD;
    List<RetrievedLearning> chosen = new ArrayList<>();
    Map<RetrievedLearning, String> entries = new LinkedHashMap<>();
    // each entry's line is counted once: the block's count sums the lines counted here
    Map<String, Long> lineCounts = new HashMap<>();
    long estimate = frame;
    for (RetrievedLearning r : ranked) {
      if (chosen.size() >= injection.maxLearnings() || estimate >= cap) {
        break;
      }
      String entry = KnowledgeBlock.entry(r);
      int t = blockTokens.countLine(tokens, entry, lineCounts);
      if (estimate + t <= cap) {
        chosen.add(r);
        entries.put(r, entry);
        estimate += t;
      }
    }
    while (!chosen.isEmpty()) {
      List<RetrievedLearning> ordered = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      List<String> learnings = new ArrayList<>();
      for (RetrievedLearning r : chosen) {
        if (r.knownFailure()) {
          ordered.add(r);
          failures.add(entries.get(r));
        }
      }
      for (RetrievedLearning r : chosen) {
        if (!r.knownFailure()) {
          ordered.add(r);
          learnings.add(entries.get(r));
        }
      }
      List<String> lines = KnowledgeBlock.lines(failures, learnings);
      int counted = blockTokens.count(tokens, lines, lineCounts) + TokenCounter.MESSAGE_OVERHEAD;
      if (counted <= cap) {
        return new Packed(List.copyOf(ordered), String.join("\n", lines), counted);
      }
      chosen.remove(chosen.size() - 1);
    }
    return new Packed(List.of(), "", 0);
  }

  // --- citations ---

  /**
   * Records one citation, as {@link #cite(Collection)} does.
   *
   * @param citation the citation
   * @return the cited learning as it now is
   */
  public Learning cite(Citation citation) {
    Objects.requireNonNull(citation, "citation");
    return cite(List.of(citation)).get(0);
  }

  /**
   * Records citations: appends them to the citation log and updates the learnings they cite
   * (utility, feedback counts, maturity, last citation, promotion from pending) in the same write.
   *
   * @param citations the citations, applied to each learning in the order of their times
   * @return each cited learning as it now is, in the order first cited
   * @throws IllegalArgumentException if a citation names a learning the store does not have
   * @throws KnowledgeConflictException if other writers kept changing the learnings cited
   */
  public List<Learning> cite(Collection<Citation> citations) {
    Objects.requireNonNull(citations, "citations");
    if (citations.isEmpty()) {
      return List.of();
    }
    List<Citation> ordered = new ArrayList<>(citations);
    ordered.sort(Comparator.comparing(Citation::at));
    synchronized (writeLock) {
      for (Citation c : ordered) {
        if (current(c.learning()) == null) {
          throw new IllegalArgumentException(
              "citation of '"
                  + c.learning()
                  + "' by session '"
                  + c.session()
                  + "': no such learning");
        }
      }
      Set<String> lost = Set.of();
      for (int attempt = 1; attempt <= maxAttempts; attempt++) {
        Map<String, Learning> updated = new LinkedHashMap<>();
        for (Citation c : ordered) {
          Learning before =
              updated.containsKey(c.learning())
                  ? updated.get(c.learning())
                  : current(c.learning()).value();
          updated.put(c.learning(), this.citations.apply(before, c));
        }
        WriteBatch.Builder batch = WriteBatch.builder();
        batch.append(
            KnowledgeRecords.CITATIONS,
            writer,
            ordered.stream().map(LogLines::citation).toArray(String[]::new));
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Learning> e : updated.entrySet()) {
          Versioned<Learning> current = current(e.getKey());
          if (!e.getValue().equals(current.value())) {
            records.addUpdate(batch, current, e.getValue());
            changed.add(e.getKey());
          }
        }
        WriteResult result = write(batch.build());
        if (result instanceof WriteResult.Conflict c) {
          lost = reload(c);
          continue;
        }
        reload(changed);
        return List.copyOf(updated.values());
      }
      throw new KnowledgeConflictException(List.copyOf(lost), maxAttempts);
    }
  }

  /**
   * Reads the citation log: every writer's citations. Lines that cannot be read are skipped.
   *
   * @return the citations, each writer's in the order appended
   */
  public List<Citation> citations() {
    List<Citation> out = new ArrayList<>();
    for (LogEntry e : store.log(KnowledgeRecords.CITATIONS)) {
      LogLines.parseCitation(e.line()).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Measures whether knowledge compounds over a window of sessions: the doctrine's test, retrieval
   * rate × citation rate &gt; decay rate, from the citation log and the corpus, with the builder's
   * decay policy. See {@link FlywheelHealth} for each rate's unit.
   *
   * @param window the sessions to measure
   * @return the health as of the window's end
   */
  public FlywheelHealth health(HealthWindow window) {
    return FlywheelHealth.measure(learnings(), citations(), window, decay);
  }

  // --- decay ---

  /**
   * Sweeps the live learnings: those uncited past the retirement age or past their time to live,
   * and pending ones past the pending timeout, are retired; those uncited past the review age are
   * reported.
   *
   * @return what was found and retired
   * @throws KnowledgeConflictException if other writers kept changing the learnings to retire
   */
  public DecayReport decay() {
    synchronized (writeLock) {
      Set<String> lost = Set.of();
      for (int attempt = 1; attempt <= maxAttempts; attempt++) {
        Instant now = clock.instant();
        List<String> review = new ArrayList<>();
        List<String> retired = new ArrayList<>();
        WriteBatch.Builder batch = WriteBatch.builder();
        for (Learning l : learnings()) {
          if (!l.status().live()) {
            continue;
          }
          Staleness s = decay.staleness(l, now);
          if (s == Staleness.EXPIRED || decay.pendingTimedOut(l, now)) {
            records.addUpdate(
                batch, current(l.id()), l.toBuilder().status(LearningStatus.RETIRED).build());
            retired.add(l.id());
          } else if (s == Staleness.REVIEW) {
            review.add(l.id());
          }
        }
        if (retired.isEmpty()) {
          return new DecayReport(now, review, retired);
        }
        WriteResult result = write(batch.build());
        if (result instanceof WriteResult.Conflict c) {
          lost = reload(c);
          continue;
        }
        reload(retired);
        return new DecayReport(now, review, retired);
      }
      throw new KnowledgeConflictException(List.copyOf(lost), maxAttempts);
    }
  }

  // --- state ---

  /**
   * Records in the index that it reflects the store as read, so that the next opening need not
   * rebuild it. Called by {@link #close()}; call it after large ingests to bound the work a crash
   * would cost.
   */
  public void checkpoint() {
    synchronized (writeLock) {
      index.markSynced(state());
    }
  }

  /**
   * Checkpoints the index, and closes it if the flywheel created it. The store stays open: it
   * belongs to the caller.
   */
  @Override
  public void close() {
    try {
      checkpoint();
    } finally {
      if (ownsIndex) {
        index.close();
      }
    }
  }

  @Override
  public String toString() {
    return "KnowledgeFlywheel[" + size() + " learnings, writer " + writer + "]";
  }

  private int size() {
    return corpus.size() + unread.size();
  }

  private boolean holds(String id) {
    return corpus.containsKey(id) || unread.containsKey(id);
  }

  /**
   * Writes a batch, keeping track of the learnings' content id: that of the commit written if the
   * learnings that differ between it and the state the corpus held are all the batch's own; lost
   * otherwise (another writer changed learnings in between, or in the same commit, which the store
   * may share between concurrent batches), so that the next {@link #load()} reads them. Under
   * writeLock.
   */
  private WriteResult write(WriteBatch batch) {
    String before = content;
    content = null;
    commit = null;
    WriteResult result = store.write(batch);
    // a write that changed nothing on a branch without commits names the zero id: no state to keep
    if (before != null
        && result instanceof WriteResult.Committed c
        && !c.commitId().chars().allMatch(ch -> ch == '0')) {
      Set<String> ours = new HashSet<>();
      for (RecordKey key : batch.keys()) {
        if (key.collection().equals(KnowledgeRecords.LEARNINGS)) {
          ours.add(key.id());
        }
      }
      try {
        ReadableStore after = store.at(c.commitId());
        boolean onlyOurs =
            after
                .changedIds(KnowledgeRecords.LEARNINGS, before)
                .map(ours::containsAll)
                .orElse(false);
        if (onlyOurs) {
          content = after.contentId(KnowledgeRecords.LEARNINGS).orElse(null);
          commit = content == null ? null : c.commitId();
        }
      } catch (RuntimeException e) {
        // the write is committed; only the shortcut for the next opening is lost
        LOG.debug("could not tell what else changed the learnings; they will be read again", e);
      }
    }
    return result;
  }

  private List<Learning> values() {
    readAll();
    List<Learning> all = new ArrayList<>(corpus.size());
    corpus.values().forEach(v -> all.add(v.value()));
    return all;
  }

  /** Reads the records a conflict named from the store; returns their ids. Under writeLock. */
  private Set<String> reload(WriteResult.Conflict conflict) {
    Set<String> lost = new HashSet<>();
    for (WriteResult.Mismatch m : conflict.mismatches()) {
      if (m.key().collection().equals(KnowledgeRecords.LEARNINGS)) {
        lost.add(m.key().id());
      }
    }
    reload(lost);
    return lost;
  }

  /** Reads records from the store into the corpus and the index. Under writeLock. */
  private void reload(Collection<String> ids) {
    List<Learning> changed = new ArrayList<>(ids.size());
    List<String> removed = new ArrayList<>();
    for (String id : ids) {
      current(id);
      Optional<Versioned<Learning>> v = records.get(id);
      Versioned<Learning> old = v.isPresent() ? corpus.put(id, v.get()) : corpus.remove(id);
      if (old != null) {
        digest -= entryDigest(old);
      }
      if (v.isPresent()) {
        digest += entryDigest(v.get());
        changed.add(v.get().value());
      } else {
        removed.add(id);
      }
    }
    index.upsert(changed);
    index.remove(removed);
  }

  /**
   * Names the store state the corpus holds: the learnings' content id if known, the count, and the
   * digest of ids and revisions.
   */
  private String state() {
    return stateNow().toString();
  }

  private State stateNow() {
    return content == null
        ? new State("-", null, size(), digest)
        : new State(content, commit, size(), digest);
  }

  /**
   * The state an index records: {@code learnings-v3:<content id or ->:<commit or
   * ->:<count>:<digest>}; an index of an earlier version records {@code learnings-v2:<content id or
   * ->:<count>:<digest>}, naming no commit.
   */
  private record State(String content, @Nullable String commit, int count, long digest) {
    private static final String PREFIX = "learnings-v3:";
    private static final String V2 = "learnings-v2:";

    static @Nullable State parse(Optional<String> token) {
      if (token.isEmpty()) {
        return null;
      }
      boolean v2 = token.get().startsWith(V2);
      if (!v2 && !token.get().startsWith(PREFIX)) {
        return null;
      }
      String[] parts = token.get().substring((v2 ? V2 : PREFIX).length()).split(":", -1);
      if (parts.length != (v2 ? 3 : 4) || parts[0].isEmpty()) {
        return null;
      }
      String commit = v2 || parts[1].equals("-") || parts[1].isEmpty() ? null : parts[1];
      int at = v2 ? 1 : 2;
      try {
        return new State(
            parts[0],
            commit,
            Integer.parseInt(parts[at]),
            Long.parseUnsignedLong(parts[at + 1], 16));
      } catch (NumberFormatException e) {
        return null;
      }
    }

    @Override
    public String toString() {
      return PREFIX
          + content
          + ":"
          + (commit == null ? "-" : commit)
          + ":"
          + count
          + ":"
          + Long.toHexString(digest);
    }
  }

  /** A 64-bit digest of a learning's key and revision; the corpus digest is their sum. */
  private static long entryDigest(Versioned<Learning> v) {
    return entryDigest(v.record().key().id(), v.revision());
  }

  private static long entryDigest(String id, long revision) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (id + "@" + revision).getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    // splitmix64's finalizer spreads FNV's bits so that sums of digests rarely collide.
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  /**
   * Builds a {@link KnowledgeFlywheel}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Store store;
    private @Nullable KnowledgeIndex index;
    private Clock clock = Clock.systemUTC();
    private @Nullable TokenCounter counter;
    private String writer = "agentops";
    private QualityRubric rubric = QualityRubric.defaults();
    private DecayPolicy decay = DecayPolicy.defaults();
    private CitationPolicy citations = CitationPolicy.defaults();
    private InjectionPolicy injection = InjectionPolicy.defaults();
    private @Nullable Supplier<String> ids;
    private int maxAttempts = 3;

    private Builder(Store store) {
      this.store = store;
    }

    /**
     * Sets the index. The caller keeps ownership and closes it after the flywheel. By default, an
     * in-memory {@link LuceneKnowledgeIndex}, rebuilt at every opening and closed with the
     * flywheel.
     *
     * @param index the index, such as {@link LuceneKnowledgeIndex#open(java.nio.file.Path)} on a
     *     local cache directory
     * @return this builder
     */
    public Builder index(KnowledgeIndex index) {
      this.index = Objects.requireNonNull(index, "index");
      return this;
    }

    /**
     * Sets the clock freshness, decay and citations are measured by.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the counter {@link #pack(String, long)} counts with; {@link #inject(ContextBudget,
     * String, String)} counts with the budget's. By default, o200k_base.
     *
     * @param counter the counter
     * @return this builder
     */
    public Builder counter(TokenCounter counter) {
      this.counter = Objects.requireNonNull(counter, "counter");
      return this;
    }

    /**
     * Sets the writer id logs are sharded by. Writers sharing a store must use distinct ids.
     *
     * @param writer a valid record id; {@code agentops} by default
     * @return this builder
     */
    public Builder writer(String writer) {
      this.writer = RecordKey.checkId(Objects.requireNonNull(writer, "writer"));
      return this;
    }

    /**
     * Sets the quality rubric.
     *
     * @param rubric the rubric
     * @return this builder
     */
    public Builder rubric(QualityRubric rubric) {
      this.rubric = Objects.requireNonNull(rubric, "rubric");
      return this;
    }

    /**
     * Sets the decay policy.
     *
     * @param decay the policy
     * @return this builder
     */
    public Builder decay(DecayPolicy decay) {
      this.decay = Objects.requireNonNull(decay, "decay");
      return this;
    }

    /**
     * Sets the citation policy.
     *
     * @param citations the policy
     * @return this builder
     */
    public Builder citations(CitationPolicy citations) {
      this.citations = Objects.requireNonNull(citations, "citations");
      return this;
    }

    /**
     * Sets the injection policy.
     *
     * @param injection the policy
     * @return this builder
     */
    public Builder injection(InjectionPolicy injection) {
      this.injection = Objects.requireNonNull(injection, "injection");
      return this;
    }

    /**
     * Sets how new learning ids are made; by default {@code lrn-<yyyyMMdd>-<8 random characters>}.
     *
     * @param ids the id generator; each id must be a valid record id
     * @return this builder
     */
    public Builder ids(Supplier<String> ids) {
      this.ids = Objects.requireNonNull(ids, "ids");
      return this;
    }

    /**
     * Sets how many times a write lost to another writer is tried.
     *
     * @param maxAttempts at least 1; 3 by default
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Builds the flywheel: reads every learning from the store and rebuilds the index unless it
     * already reflects them.
     *
     * @return the flywheel
     * @throws dev.agentops.store.StoreException if the store cannot be read
     * @throws KnowledgeIndexException if the index cannot be rebuilt
     */
    public KnowledgeFlywheel build() {
      return new KnowledgeFlywheel(this).open();
    }
  }
}
