package dev.agentops.knowledge;

import dev.agentops.knowledge.internal.Analysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.Version;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KnowledgeIndex} on Lucene: BM25 over a learning's title, tags, what and why, with
 * filters on kind, status and language.
 *
 * <p>Text is analyzed for English (Unicode word breaks, lower case, stop words, Porter stemming). A
 * query's terms are matched in two fields, the heading (title and tags) and the body (what and
 * why), a match in the heading counting twice as much; the filters do not affect the score. Text is
 * indexed with term frequencies and no positions: no query needs them. Updates are visible to the
 * next search (near-real-time readers from the writer, refreshed only when something changed).
 *
 * <p>{@link #similar(String, int)} is exact: each segment's title and lesson terms are kept as doc
 * values and read into a table of which learnings hold each term the first time the segment is
 * compared (an int per learning and term, and a map entry per distinct term), kept while the
 * segment lives.
 *
 * <p>{@link #open(Path)} keeps the index in a local directory, a cache outside git: it is made
 * durable by {@link #markSynced(String)} and {@link #close()}, and an index that cannot be read
 * (corrupt, written by an incompatible Lucene, or of an earlier format of this class) is discarded
 * and started empty, to be rebuilt from the store. One process at a time may open a directory.
 * {@link #inMemory()} keeps it in memory, rebuilt at every start. A {@link #rebuild(Collection,
 * Optional) rebuild} of many learnings writes them in slices, on the caller's thread and the common
 * fork-join pool's, each slice by a writer of its own in memory, then adds the slices in their
 * order: the documents stand in the learnings' order, until Lucene merges segments, as it may
 * however they are added. An index created by another major version of Lucene is started again.
 *
 * <p>Thread-safe.
 *
 * <pre>{@code
 * try (LuceneKnowledgeIndex index = LuceneKnowledgeIndex.open(cacheDir.resolve("knowledge"))) {
 *   index.upsert(learning);
 *   List<IndexHit> hits = index.search(IndexQuery.of("flaky test shared database", 10));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LuceneKnowledgeIndex implements KnowledgeIndex {

  private static final Logger LOG = LoggerFactory.getLogger(LuceneKnowledgeIndex.class);

  static final String ID = "id";

  /** The heading: title and tags, short, weighted up. */
  static final String HEAD = "head";

  /** The body: what and why. */
  static final String BODY = "body";

  /**
   * The distinct terms of title and lesson, as the quality gate compares them: a doc value, read
   * into a per-segment table of terms for {@link #similar(String, int)}, never searched.
   */
  static final String SIMILAR = "similar";

  static final String KIND = "kind";
  static final String STATUS = "status";
  static final String LANGUAGE = "language";

  /** The language term of learnings that list no language: they apply to every language. */
  private static final String ANY_LANGUAGE = "*";

  /** The commit user data key that holds the token of the store state the index reflects. */
  private static final String SYNCED = "agentops.storeState";

  /**
   * The commit user data key that holds the index's format. An index of another format (or of none:
   * written before formats were recorded) is started again when opened: it is a cache.
   */
  private static final String FORMAT = "agentops.indexFormat";

  /** 2: text indexed without positions, and the title and lesson's terms as a doc value. */
  static final String FORMAT_VERSION = "2";

  /**
   * Text fields: term frequencies and lengths for BM25, no positions (no query uses them), from
   * tokens analyzed once per learning.
   */
  private static final FieldType TEXT = textType();

  /** A rebuild of at least this many learnings is written in slices on several threads. */
  static final int PARALLEL_REBUILD = 4_096;

  /** The indexing buffers of a large rebuild's slices together, in MiB; at least 16 each. */
  private static final double SLICES_BUFFER_MB = 128;

  /** Query terms beyond this many are ignored, keeping a query's clauses bounded. */
  static final int MAX_QUERY_TERMS = 64;

  private static final float HEAD_BOOST = 2.0f;

  /** Term states cached per reader at most; the cache is cleared when full. */
  static final int MAX_CACHED_TERMS = 8_192;

  private final Directory directory;
  private final String name;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final AtomicBoolean changed = new AtomicBoolean();
  private final AtomicReference<@Nullable TermCache> termCache = new AtomicReference<>();
  private final AtomicLong termCacheHits = new AtomicLong();
  private final AtomicLong termCacheMisses = new AtomicLong();

  /** Per segment core: the table of its learnings' title and lesson terms. */
  private final Map<Object, SegmentTerms> termTables = new ConcurrentHashMap<>();

  private final Object syncLock = new Object();
  private volatile @Nullable String synced;

  private LuceneKnowledgeIndex(Directory directory, String name, IndexWriter writer)
      throws IOException {
    this.directory = directory;
    this.name = name;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    // A refresh closes the reader the cached states belong to (once its searches release it): drop
    // them then, rather than hold them until the next search replaces them.
    this.searchers.addListener(
        new ReferenceManager.RefreshListener() {
          @Override
          public void beforeRefresh() {}

          @Override
          public void afterRefresh(boolean didRefresh) {
            if (didRefresh) {
              termCache.set(null);
            }
          }
        });
    this.synced = writer.getLiveCommitData() == null ? null : syncedOf(writer);
    if (!FORMAT_VERSION.equals(userData(writer).get(FORMAT))) {
      // a new index: its first commit records the format (an existing one already does, and is
      // not committed again only for being opened)
      writer.setLiveCommitData(commitData(synced).entrySet());
    }
  }

  private static Map<String, String> commitData(@Nullable String synced) {
    return synced == null
        ? Map.of(FORMAT, FORMAT_VERSION)
        : Map.of(FORMAT, FORMAT_VERSION, SYNCED, synced);
  }

  private static FieldType textType() {
    FieldType t = new FieldType();
    t.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    t.setTokenized(true);
    t.freeze();
    return t;
  }

  /**
   * Opens the index kept in a directory, creating it if needed. An index there that cannot be read
   * is discarded: the index is a cache of the store.
   *
   * @param directory the directory, outside any git working tree
   * @return the index
   * @throws KnowledgeIndexException if the directory cannot be used, or another process has the
   *     index open
   */
  public static LuceneKnowledgeIndex open(Path directory) {
    Objects.requireNonNull(directory, "directory");
    String name = "'" + directory.getFileName() + "'";
    FSDirectory dir = null;
    try {
      Files.createDirectories(directory);
      dir = FSDirectory.open(directory);
      IndexWriter writer;
      try {
        IndexWriterConfig.OpenMode mode = IndexWriterConfig.OpenMode.CREATE_OR_APPEND;
        if (DirectoryReader.indexExists(dir)) {
          SegmentInfos latest = SegmentInfos.readLatestCommit(dir);
          String format = latest.getUserData().getOrDefault(FORMAT, "1");
          if (latest.getIndexCreatedVersionMajor() != Version.LATEST.major) {
            // a rebuild adds segments of this version, which Lucene refuses into an older index
            format = format + " (Lucene " + latest.getIndexCreatedVersionMajor() + ")";
          }
          if (!FORMAT_VERSION.equals(format)) {
            LOG.info(
                "knowledge index {} is of format {}, not {}, and is started again",
                name,
                format,
                FORMAT_VERSION);
            mode = IndexWriterConfig.OpenMode.CREATE;
          }
        }
        writer = new IndexWriter(dir, config(mode));
      } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
        LOG.warn("knowledge index {} cannot be read and is started again: {}", name, e.toString());
        discardIndexFiles(dir);
        writer = new IndexWriter(dir, config(IndexWriterConfig.OpenMode.CREATE));
      }
      return new LuceneKnowledgeIndex(dir, name, writer);
    } catch (LockObtainFailedException e) {
      closeQuietly(dir);
      throw new KnowledgeIndexException(
          "knowledge index " + name + " is open in another process or index", e);
    } catch (IOException e) {
      closeQuietly(dir);
      throw new KnowledgeIndexException("cannot open knowledge index " + name, e);
    }
  }

  /**
   * Returns an index kept in memory, empty at first.
   *
   * @return the index
   */
  public static LuceneKnowledgeIndex inMemory() {
    try {
      ByteBuffersDirectory dir = new ByteBuffersDirectory();
      return new LuceneKnowledgeIndex(
          dir, "in memory", new IndexWriter(dir, config(IndexWriterConfig.OpenMode.CREATE)));
    } catch (IOException e) {
      throw new KnowledgeIndexException("cannot create an in-memory knowledge index", e);
    }
  }

  /** Deletes the files of an unreadable index, and only those: the directory may hold others. */
  private static void discardIndexFiles(Directory dir) throws IOException {
    for (String file : dir.listAll()) {
      if (file.startsWith(IndexFileNames.SEGMENTS)
          || file.startsWith(IndexFileNames.PENDING_SEGMENTS)
          || file.startsWith("_")) {
        dir.deleteFile(file);
      }
    }
  }

  private static IndexWriterConfig config(IndexWriterConfig.OpenMode mode) {
    IndexWriterConfig config = new IndexWriterConfig(Analysis.analyzer());
    config.setOpenMode(mode);
    config.setCommitOnClose(true);
    return config;
  }

  @Override
  public void upsert(Collection<Learning> learnings) {
    Objects.requireNonNull(learnings, "learnings");
    try {
      unsync();
      for (Learning l : learnings) {
        writer.updateDocument(new Term(ID, l.id()), document(l));
      }
    } catch (IOException | RuntimeException e) {
      throw failure("write", e);
    } finally {
      changed.set(true);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Adds the learnings without looking for earlier versions of them, which an empty index does
   * not have, then marks the state.
   */
  @Override
  public void rebuild(Collection<Learning> learnings, Optional<String> state) {
    Objects.requireNonNull(learnings, "learnings");
    Objects.requireNonNull(state, "state");
    try {
      unsync();
      writer.deleteAll();
      if (learnings.size() < PARALLEL_REBUILD) {
        for (Learning l : learnings) {
          writer.addDocument(document(l));
        }
      } else {
        addInSlices(learnings.toArray(new Learning[0]));
      }
    } catch (IOException | RuntimeException e) {
      throw failure("rebuild", e);
    } finally {
      changed.set(true);
    }
    state.ifPresent(this::markSynced);
  }

  /**
   * Adds many learnings on several threads, in their order. Each slice of them is analyzed and
   * indexed by a writer of its own, into memory, without merges; the caller's thread writes the
   * first slice and the common pool the others, and then the slices' segments are added to the
   * index in the slices' order, so its documents stand in the learnings' order as when added one by
   * one on one thread (until segments are merged).
   */
  private void addInSlices(Learning[] all) throws IOException {
    int slices =
        Math.max(
            1,
            Math.min(
                1 + ForkJoinPool.getCommonPoolParallelism(), all.length / (PARALLEL_REBUILD / 2)));
    int size = (all.length + slices - 1) / slices;
    double bufferMb = Math.max(16, SLICES_BUFFER_MB / slices);
    Directory[] dirs = new Directory[slices];
    List<ForkJoinTask<?>> others = new ArrayList<>();
    AtomicBoolean failed = new AtomicBoolean();
    try {
      for (int i = 0; i < slices; i++) {
        dirs[i] = new ByteBuffersDirectory();
      }
      for (int i = 1; i < slices; i++) {
        Directory dir = dirs[i];
        int from = i * size;
        int to = Math.min(all.length, from + size);
        others.add(
            ForkJoinPool.commonPool()
                .submit(() -> writeSlice(all, from, to, dir, bufferMb, failed)));
      }
      writeSlice(all, 0, Math.min(all.length, size), dirs[0], bufferMb, failed);
      for (ForkJoinTask<?> t : others) {
        t.join();
      }
      writer.addIndexes(dirs);
    } catch (IOException | RuntimeException | Error e) {
      failed.set(true);
      throw e;
    } finally {
      // slices not started are not written; those running stop at their next learning, and are
      // waited for before their directories close
      others.forEach(t -> t.cancel(false));
      others.forEach(ForkJoinTask::quietlyJoin);
      for (Directory dir : dirs) {
        closeQuietly(dir);
      }
    }
  }

  /**
   * Writes learnings {@code from} to {@code to} into a directory of their own, one segment each
   * flush.
   */
  private static void writeSlice(
      Learning[] all, int from, int to, Directory dir, double bufferMb, AtomicBoolean failed) {
    IndexWriterConfig config = config(IndexWriterConfig.OpenMode.CREATE);
    // no merges, which would reorder segments, and few flushes
    config.setMergePolicy(NoMergePolicy.INSTANCE);
    config.setRAMBufferSizeMB(bufferMb);
    try (IndexWriter slice = new IndexWriter(dir, config)) {
      for (int i = from; i < to && !failed.get(); i++) {
        slice.addDocument(document(all[i]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void remove(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids");
    if (ids.isEmpty()) {
      return;
    }
    try {
      unsync();
      writer.deleteDocuments(ids.stream().map(id -> new Term(ID, id)).toArray(Term[]::new));
    } catch (IOException | RuntimeException e) {
      throw failure("write", e);
    } finally {
      changed.set(true);
    }
  }

  @Override
  public void clear() {
    try {
      unsync();
      writer.deleteAll();
    } catch (IOException | RuntimeException e) {
      throw failure("write", e);
    } finally {
      changed.set(true);
    }
  }

  @Override
  public List<IndexHit> search(IndexQuery query) {
    Objects.requireNonNull(query, "query");
    try {
      refreshIfChanged();
      IndexSearcher searcher = searchers.acquire();
      try {
        Query q = query(query, termQueries(searcher));
        if (q == null) {
          return List.of();
        }
        // Only the top hits are needed, never how many matched: counting them exactly up to
        // Lucene's default threshold (1,000) keeps block-max WAND from skipping until then.
        TopDocs top =
            searcher.search(q, new TopScoreDocCollectorManager(query.limit(), query.limit()));
        return hits(searcher, top.scoreDocs);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | RuntimeException e) {
      throw failure("search", e);
    }
  }

  /** Makes a term's query from its cached term states, the same query as {@code TermQuery(t)}. */
  @FunctionalInterface
  interface TermQueries {
    Query of(Term term) throws IOException;
  }

  /** Term states cached for one reader; searches of a batch share their terms. */
  private record TermCache(IndexReader reader, ConcurrentHashMap<Term, TermStates> states) {}

  /**
   * Term queries carrying the term's states (where it is in each segment, and its statistics),
   * cached for the searcher's reader: looking a term up in every segment's dictionary is much of a
   * search's cost, and the gate's searches for a batch of candidates, or retrievals, repeat terms.
   * The states are those {@link TermQuery} would build itself, so scores are unchanged. The cache
   * is dropped when the searchers refresh and when the index closes; a search still running on the
   * reader before a refresh may set it again, and the next search replaces it.
   */
  private TermQueries termQueries(IndexSearcher searcher) {
    IndexReader reader = searcher.getIndexReader();
    TermCache cache = termCache.get();
    if (cache == null || cache.reader() != reader) {
      cache = new TermCache(reader, new ConcurrentHashMap<>());
      termCache.set(cache);
    }
    ConcurrentHashMap<Term, TermStates> states = cache.states();
    return term -> {
      TermStates s = states.get(term);
      if (s != null) {
        termCacheHits.incrementAndGet();
      } else {
        termCacheMisses.incrementAndGet();
        s = TermStates.build(searcher, term, true);
        if (states.size() >= MAX_CACHED_TERMS) {
          states.clear();
        }
        states.put(term, s);
      }
      return new TermQuery(term, s);
    };
  }

  /** How many term lookups of searches the term-state cache answered, since the index opened. */
  long termCacheHits() {
    return termCacheHits.get();
  }

  /** How many term lookups of searches the term-state cache could not answer. */
  long termCacheMisses() {
    return termCacheMisses.get();
  }

  /** How many terms' states are cached now: none when no reader's states are held. */
  int cachedTerms() {
    TermCache cache = termCache.get();
    return cache == null ? 0 : cache.states().size();
  }

  /**
   * Reads the ids of the hits from doc values, which cost a lookup each, where stored fields cost a
   * block decompression each. Doc values are read forward only, so the hits are visited in doc
   * order.
   */
  private static List<IndexHit> hits(IndexSearcher searcher, ScoreDoc[] docs) throws IOException {
    Integer[] byDoc = new Integer[docs.length];
    for (int i = 0; i < docs.length; i++) {
      byDoc[i] = i;
    }
    Arrays.sort(byDoc, (a, b) -> Integer.compare(docs[a].doc, docs[b].doc));
    String[] ids = new String[docs.length];
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    int leaf = -1;
    BinaryDocValues values = null;
    int base = 0;
    for (int i : byDoc) {
      int doc = docs[i].doc;
      int l = ReaderUtil.subIndex(doc, leaves);
      if (l != leaf) {
        leaf = l;
        base = leaves.get(l).docBase;
        values = leaves.get(l).reader().getBinaryDocValues(ID);
      }
      if (values == null || !values.advanceExact(doc - base)) {
        throw new CorruptIndexException("a document has no id", "knowledge index");
      }
      ids[i] = values.binaryValue().utf8ToString();
    }
    List<IndexHit> hits = new ArrayList<>(docs.length);
    for (int i = 0; i < docs.length; i++) {
      hits.add(new IndexHit(ids[i], docs[i].score));
    }
    return hits;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Read from the ids' doc values, a lookup per learning.
   */
  @Override
  public Optional<List<String>> ids() {
    try {
      refreshIfChanged();
      IndexSearcher searcher = searchers.acquire();
      try {
        List<String> ids = new ArrayList<>(searcher.getIndexReader().numDocs());
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
          BinaryDocValues values = leaf.reader().getBinaryDocValues(ID);
          Bits live = leaf.reader().getLiveDocs();
          if (values == null) {
            continue;
          }
          for (int doc = values.nextDoc();
              doc != DocIdSetIterator.NO_MORE_DOCS;
              doc = values.nextDoc()) {
            if (live == null || live.get(doc)) {
              ids.add(values.binaryValue().utf8ToString());
            }
          }
        }
        return Optional.of(ids);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | RuntimeException e) {
      throw failure("read", e);
    }
  }

  @Override
  public int size() {
    try {
      refreshIfChanged();
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.getIndexReader().numDocs();
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw failure("read", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Commits the index, with the token in its commit data, so that a later {@link #open(Path)}
   * finds the index in this state and knows which store state it reflects. An update after this
   * clears the mark until it is marked again.
   */
  @Override
  public void markSynced(String state) {
    Objects.requireNonNull(state, "state");
    synchronized (syncLock) {
      try {
        writer.setLiveCommitData(commitData(state).entrySet());
        writer.commit();
        synced = state;
      } catch (IOException | RuntimeException e) {
        throw failure("commit", e);
      }
    }
  }

  @Override
  public Optional<String> syncedTo() {
    return Optional.ofNullable(synced);
  }

  /**
   * Commits what was written and closes the index. Idempotent.
   *
   * @throws KnowledgeIndexException if the index cannot be committed
   */
  @Override
  public void close() {
    termCache.set(null);
    termTables.clear();
    try {
      searchers.close();
      if (writer.isOpen()) {
        writer.close();
      }
      directory.close();
    } catch (IOException e) {
      throw failure("close", e);
    }
  }

  @Override
  public String toString() {
    return "LuceneKnowledgeIndex[" + name + "]";
  }

  private void unsync() {
    if (synced != null) {
      synchronized (syncLock) {
        writer.setLiveCommitData(commitData(null).entrySet());
        synced = null;
      }
    }
  }

  private void refreshIfChanged() throws IOException {
    // Clear the flag before refreshing: a write that lands during the refresh sets it again.
    if (changed.getAndSet(false)) {
      searchers.maybeRefreshBlocking();
    }
  }

  private static Map<String, String> userData(IndexWriter writer) {
    Map<String, String> data = new HashMap<>();
    for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
      data.put(e.getKey(), e.getValue());
    }
    return data;
  }

  private static @Nullable String syncedOf(IndexWriter writer) {
    for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
      if (SYNCED.equals(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * The learning's document. Title and lesson are analyzed once, for the text fields and for the
   * near-duplicate terms: analyzing {@code "a\nb"} gives the tokens of {@code a} then those of
   * {@code b}, a line break being a word break, so the fields hold what analyzing {@code title +
   * "\n" + tags} and {@code what + "\n" + why} would.
   */
  private static Document document(Learning l) {
    List<String> title = Analysis.tokens(l.title());
    List<String> what = Analysis.tokens(l.what());
    Document d = new Document();
    d.add(new StringField(ID, l.id(), Field.Store.NO));
    d.add(new BinaryDocValuesField(ID, new BytesRef(l.id())));
    d.add(new TokensField(HEAD, title, Analysis.tokens(String.join(" ", l.tags()))));
    d.add(new TokensField(BODY, what, Analysis.tokens(l.why())));
    d.add(new BinaryDocValuesField(SIMILAR, new BytesRef(similarTerms(title, what))));
    d.add(new StringField(KIND, l.kind().wireName(), Field.Store.NO));
    d.add(new StringField(STATUS, l.status().wireName(), Field.Store.NO));
    if (l.applicability().languages().isEmpty()) {
      d.add(new StringField(LANGUAGE, ANY_LANGUAGE, Field.Store.NO));
    } else {
      for (String language : l.applicability().languages()) {
        d.add(new StringField(LANGUAGE, language, Field.Store.NO));
      }
    }
    return d;
  }

  /**
   * The distinct terms of title then lesson, in order of first appearance, at most {@link
   * Analysis#MAX_COMPARED_TERMS}, joined by spaces (a term holds none): the set the gate compares,
   * {@code Analysis.terms(title + "\n" + what, MAX_COMPARED_TERMS)}.
   */
  static String similarTerms(List<String> title, List<String> what) {
    int most = Math.min(title.size() + what.size(), Analysis.MAX_COMPARED_TERMS);
    Set<String> distinct = new HashSet<>(most * 2);
    StringBuilder joined = new StringBuilder(most * 8);
    for (List<String> part : List.of(title, what)) {
      for (String t : part) {
        if (distinct.size() >= Analysis.MAX_COMPARED_TERMS) {
          break;
        }
        if (distinct.add(t)) {
          if (joined.length() > 0) {
            joined.append(' ');
          }
          joined.append(t);
        }
      }
    }
    return joined.toString();
  }

  /**
   * A text field of analyzed tokens. Lucene hands each field the token stream it used for the same
   * field of the document before, which this field replays its tokens through rather than making a
   * stream (and its attributes) per field and document.
   */
  private static final class TokensField extends Field {
    private final List<String> first;
    private final List<String> second;

    TokensField(String name, List<String> first, List<String> second) {
      super(name, TEXT);
      this.first = first;
      this.second = second;
    }

    @Override
    public TokenStream tokenStream(Analyzer analyzer, @Nullable TokenStream reuse) {
      Tokens tokens = reuse instanceof Tokens t ? t : new Tokens();
      tokens.replay(first, second);
      return tokens;
    }
  }

  /** Replays analyzed tokens into a field: each a term at the next position. */
  private static final class Tokens extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private List<String> first = List.of();
    private List<String> second = List.of();
    private int next;

    void replay(List<String> first, List<String> second) {
      this.first = first;
      this.second = second;
      this.next = 0;
    }

    @Override
    public boolean incrementToken() {
      if (next >= first.size() + second.size()) {
        return false;
      }
      clearAttributes();
      term.setEmpty()
          .append(next < first.size() ? first.get(next) : second.get(next - first.size()));
      next++;
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Compares the text's terms with every learning's through a table of each segment's title and
   * lesson terms, built from their doc values the first time a segment is compared and kept while
   * the segment lives: only learnings sharing a term are visited. Which of equally similar
   * learnings comes first is not specified.
   */
  @Override
  public Optional<List<IndexHit>> similar(String text, int limit) {
    Objects.requireNonNull(text, "text");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, but was " + limit);
    }
    Set<String> terms = Analysis.terms(text, Analysis.MAX_COMPARED_TERMS);
    if (terms.isEmpty()) {
      return Optional.of(List.of());
    }
    try {
      refreshIfChanged();
      IndexSearcher searcher = searchers.acquire();
      try {
        // the best `limit`, best first: similarity descending, then global doc ascending; a limit
        // over the index's size takes no more room than the size
        int room = Math.max(1, Math.min(limit, searcher.getIndexReader().numDocs()));
        double[] topSimilarity = new double[room];
        int[] topDoc = new int[room];
        int top = 0;
        int largest = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
          largest = Math.max(largest, leaf.reader().maxDoc());
        }
        int[] shared = new int[largest];
        int[] touched = new int[Math.min(largest, 1024)];
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
          SegmentTerms table = segmentTerms(leaf);
          Bits live = leaf.reader().getLiveDocs();
          int touchedCount = 0;
          for (String t : terms) {
            int[] docs = table.postings.get(t);
            if (docs == null) {
              continue;
            }
            for (int doc : docs) {
              if (shared[doc]++ == 0) {
                if (touchedCount == touched.length) {
                  touched = Arrays.copyOf(touched, Math.min(largest, touched.length * 2));
                }
                touched[touchedCount++] = doc;
              }
            }
          }
          for (int i = 0; i < touchedCount; i++) {
            int doc = touched[i];
            int common = shared[doc];
            shared[doc] = 0;
            if (live != null && !live.get(doc)) {
              continue;
            }
            double similarity = (double) common / (terms.size() + table.sizes[doc] - common);
            int global = leaf.docBase + doc;
            if (top == room
                && (similarity < topSimilarity[top - 1]
                    || (similarity == topSimilarity[top - 1] && global > topDoc[top - 1]))) {
              continue;
            }
            // insert in place, dropping the last when full
            int at = top == room ? top - 1 : top++;
            while (at > 0
                && (topSimilarity[at - 1] < similarity
                    || (topSimilarity[at - 1] == similarity && topDoc[at - 1] > global))) {
              topSimilarity[at] = topSimilarity[at - 1];
              topDoc[at] = topDoc[at - 1];
              at--;
            }
            topSimilarity[at] = similarity;
            topDoc[at] = global;
          }
        }
        double[] similarities = Arrays.copyOf(topSimilarity, top);
        ScoreDoc[] docs = new ScoreDoc[top];
        for (int i = 0; i < top; i++) {
          docs[i] = new ScoreDoc(topDoc[i], 0f);
        }
        List<IndexHit> hits = hits(searcher, docs);
        // the similarity as computed, not rounded to a float score
        List<IndexHit> exact = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
          exact.add(new IndexHit(hits.get(i).id(), similarities[i]));
        }
        return Optional.of(exact);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | RuntimeException e) {
      throw failure("search", e);
    }
  }

  /** One segment's title and lesson terms: which documents hold each, and how many each has. */
  private static final class SegmentTerms {
    final Map<String, int[]> postings;
    final int[] sizes;

    SegmentTerms(Map<String, int[]> postings, int[] sizes) {
      this.postings = postings;
      this.sizes = sizes;
    }
  }

  private SegmentTerms segmentTerms(LeafReaderContext leaf) throws IOException {
    IndexReader.CacheHelper helper = leaf.reader().getCoreCacheHelper();
    if (helper == null) {
      return readSegmentTerms(leaf);
    }
    IndexReader.CacheKey key = helper.getKey();
    SegmentTerms table = termTables.get(key);
    if (table == null) {
      table = readSegmentTerms(leaf);
      if (termTables.putIfAbsent(key, table) == null) {
        helper.addClosedListener(termTables::remove);
      }
    }
    return table;
  }

  private static SegmentTerms readSegmentTerms(LeafReaderContext leaf) throws IOException {
    int maxDoc = leaf.reader().maxDoc();
    int[] sizes = new int[maxDoc];
    Map<String, int[]> building = new HashMap<>();
    Map<String, Integer> lengths = new HashMap<>();
    BinaryDocValues values = leaf.reader().getBinaryDocValues(SIMILAR);
    if (values != null) {
      for (int doc = values.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = values.nextDoc()) {
        BytesRef b = values.binaryValue();
        int end = b.offset + b.length;
        int count = 0;
        for (int start = b.offset; start < end; ) {
          int space = start;
          while (space < end && b.bytes[space] != ' ') {
            space++;
          }
          if (space > start) {
            String t = new String(b.bytes, start, space - start, StandardCharsets.UTF_8);
            int n = lengths.merge(t, 1, Integer::sum);
            int[] docs = building.get(t);
            if (docs == null || docs.length < n) {
              docs = docs == null ? new int[4] : Arrays.copyOf(docs, docs.length * 2);
              building.put(t, docs);
            }
            docs[n - 1] = doc;
            count++;
          }
          start = space + 1;
        }
        sizes[doc] = count;
      }
    }
    Map<String, int[]> postings = new HashMap<>(building.size() * 2);
    building.forEach((t, docs) -> postings.put(t, Arrays.copyOf(docs, lengths.get(t))));
    return new SegmentTerms(postings, sizes);
  }

  /** Builds the Lucene query, or returns null when the text has no searchable term. */
  static @Nullable Query query(IndexQuery query, TermQueries termQueries) throws IOException {
    Set<String> terms = Analysis.terms(query.text(), MAX_QUERY_TERMS);
    if (terms.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder text = new BooleanQuery.Builder();
    for (String t : terms) {
      text.add(
          new BoostQuery(termQueries.of(new Term(HEAD, t)), HEAD_BOOST),
          BooleanClause.Occur.SHOULD);
      text.add(termQueries.of(new Term(BODY, t)), BooleanClause.Occur.SHOULD);
    }
    BooleanQuery.Builder q = new BooleanQuery.Builder().add(text.build(), BooleanClause.Occur.MUST);
    if (!query.kinds().isEmpty()) {
      q.add(
          new TermInSetQuery(
              KIND, query.kinds().stream().map(k -> new BytesRef(k.wireName())).toList()),
          BooleanClause.Occur.FILTER);
    }
    // Most learnings are live, so a filter on the live statuses would be dense and would keep the
    // search from skipping; excluding the other statuses, which few learnings have, does not.
    List<BytesRef> excluded = new ArrayList<>();
    if (!query.statuses().isEmpty()) {
      for (LearningStatus s : LearningStatus.values()) {
        if (!query.statuses().contains(s)) {
          excluded.add(new BytesRef(s.wireName()));
        }
      }
    }
    if (!excluded.isEmpty()) {
      q.add(new TermInSetQuery(STATUS, excluded), BooleanClause.Occur.MUST_NOT);
    }
    if (query.language() != null) {
      q.add(
          new TermInSetQuery(
              LANGUAGE,
              List.of(
                  new BytesRef(query.language().toLowerCase(java.util.Locale.ROOT)),
                  new BytesRef(ANY_LANGUAGE))),
          BooleanClause.Occur.FILTER);
    }
    return q.build();
  }

  private KnowledgeIndexException failure(String what, Exception e) {
    return new KnowledgeIndexException("cannot " + what + " knowledge index " + name, e);
  }

  private static void closeQuietly(@Nullable Directory dir) {
    if (dir != null) {
      try {
        dir.close();
      } catch (IOException ignored) {
        // Already failing; the first failure is the one reported.
      }
    }
  }
}
