package dev.agentops.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentops.hygiene.PathNormalizer;
import dev.agentops.ratchet.ChainEntry;
import dev.agentops.ratchet.ChainLog;
import dev.agentops.store.LogEntry;
import dev.agentops.store.RecordKey;
import dev.agentops.store.Store;
import dev.agentops.work.Beads;
import dev.agentops.work.WorkItem;
import dev.agentops.work.WorkTracker;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Imports the reference plugin's {@code .agents/} vault (Factor II interop: what users already
 * have): learnings, retros' patterns and anti-patterns, council findings, the chain of locked steps
 * and the harvested next work.
 *
 * <table>
 *   <caption>What is imported, and how</caption>
 *   <tr><th>vault file</th><th>becomes</th></tr>
 *   <tr><td>{@code learnings/*.md}</td><td>a {@link LearningKind#LEARNING}: the title heading, the
 *       "What We Learned" section, the {@code **Category**} as a tag, {@code **Confidence**}
 *       high / medium / low as 0.9 / 0.6 / 0.3, the front matter's {@code date} as created</td></tr>
 *   <tr><td>{@code retros/*.md}, {@code knowledge/pending/*.md}</td><td>each {@code PATTERN:} and
 *       {@code ANTI-PATTERN:} entry (Problem, Solution or Prevention, Evidence) as a {@link
 *       LearningKind#PATTERN} or {@link LearningKind#ANTI_PATTERN}: the solution is what, the
 *       problem and evidence are why</td></tr>
 *   <tr><td>{@code council/*.md}</td><td>each judge's finding (in a fenced JSON verdict, or in
 *       {@code ### Finding n:} sections) as a {@link LearningKind#FINDING}: description and
 *       recommendation are what, the judge's why is why, category and severity are tags; reports
 *       that hold only a consolidated verdict table have no findings of their own</td></tr>
 *   <tr><td>{@code ao/pending.jsonl}</td><td>each fragment the plugin's regex extractor queued
 *       (each string of a line's {@code knowledge} and {@code decisions}) as a {@link
 *       LearningKind#LEARNING} or {@link LearningKind#DECISION} candidate: the text is what, its
 *       first line (at most 80 characters) the title, {@code queued_at} the creation time, the
 *       session and {@code ao/pending.jsonl:<line>} the source. The gate discards fragment soup
 *       with its reasons and keeps a lesson stated whole; a fragment the queue repeats (same
 *       session, kind and text) is offered once and its repeats are skipped; a line queuing a
 *       session with nothing extracted is listed as not imported</td></tr>
 *   <tr><td>{@code ao/chain.jsonl}</td><td>entries of a {@link ChainLog} (written as this import's
 *       writer, at the vault's timestamps): a locked step names as its verdict the council report
 *       it produced ({@code vault:<output>} if the output is not one); the chain's header line is not
 *       a step</td></tr>
 *   <tr><td>{@code rpi/next-work.jsonl}</td><td>work items through the {@link WorkTracker} (if one
 *       is given): severity critical / high / medium / low as priority 0 / 1 / 2 / 3, the source
 *       epic and harvest time as extensions. An item marked {@code consumed} is imported
 *       <b>closed</b>, with {@code vault:<consumed_by>} as the verdict that closed it: it is
 *       history, not ready work. An item not marked consumed is imported <b>open</b>, even if its
 *       batch was consumed (the plugin marks a batch consumed once it has been triaged, and leaves
 *       the items it did not do unmarked).</td></tr>
 * </table>
 *
 * <p>Everything else (plans, research, pre-mortems, phase summaries, session summaries and their
 * indexes, and evolve fitness snapshots) is listed in the report as not imported, with the reason.
 *
 * <p><b>Learnings go through the quality gate</b> ({@link KnowledgeFlywheel#offer(Learning)}), like
 * any other candidate: the vault holds both lessons people wrote and text that is not a lesson, and
 * nothing enters the knowledge base unchecked. Near-duplicates (a retro and its copy in the
 * knowledge queue) are merged, not stacked; discards are reported with the gate's reasons and kept
 * in the audit log. Each file's candidates are offered as one batch ({@link
 * KnowledgeFlywheel#offer(java.util.Collection)}: one store write, decided as one by one).
 *
 * <p><b>Machine paths</b>: the vault's files hold absolute paths from their author's machine. The
 * vault's repository root on that machine ({@code /Users/ana/src/shop} for paths like {@code
 * /Users/ana/src/shop/.agents/…}) is found from the paths themselves, or given with {@link
 * Builder#originalRoot(String)}; paths under it become repository-relative, other paths in a home
 * directory become home-relative ({@code ~/…}), through {@link PathNormalizer}.
 *
 * <p><b>Idempotent</b>: every imported record has an id derived from where it was read (the file
 * and the entry's position, or a next-work item's epic and title), or, for a pending fragment, from
 * what it is (its session, kind and text: the plugin drains that queue, so its lines move), so
 * importing the same vault again imports nothing new: learnings the gate already decided on (kept,
 * merged or discarded: their ids are in the audit log), work items that exist, and chain entries
 * this writer already appended are reported as already imported.
 *
 * <p><b>Bad files never abort the import</b>: a file that is not valid UTF-8, too large, or not in
 * the expected shape is reported as skipped with the reason, and the rest is imported. Operational
 * failures of the store still throw.
 *
 * <p>Not thread-safe; run one import at a time on a store.
 *
 * <pre>{@code
 * VaultImport.Report report =
 *     VaultImport.builder(store, flywheel).work(tracker).build().run(Path.of(".agents"));
 * report.count(VaultImport.Kind.LEARNING, VaultImport.Status.IMPORTED);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class VaultImport {

  /** The largest vault file read; larger ones are skipped. */
  public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ID_LENGTH = 128;
  private static final Pattern ROOT_IN_PATH =
      Pattern.compile("((?:/Users|/home)/[^\\s\"'`<>|:()\\[\\]]+?)/\\.agents/");
  private static final Pattern RETRO_ENTRY =
      Pattern.compile(
          "\\*\\*(ANTI-PATTERN|PATTERN): ([^*\\n]+)\\*\\*[ \\t]*\\n"
              + "\\s*- Problem: (.+)\\n"
              + "\\s*- (?:Solution|Prevention): (.+)\\n"
              + "\\s*- Evidence: (.+)");
  private static final Pattern JSON_BLOCK = Pattern.compile("(?s)```json\\s*\\n(.*?)\\n```");
  private static final Pattern MD_FINDING =
      Pattern.compile("(?ms)^### Finding \\d+: *(.+?)\\s*$(.*?)(?=^#{1,3} |\\z)");
  private static final Pattern MD_FIELD =
      Pattern.compile("(?m)^- \\*\\*([A-Za-z ]+):\\*\\* *(.+)$");

  /**
   * What a record was imported as.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** A learning, pattern or anti-pattern, offered to the quality gate. */
    LEARNING,
    /** A council finding, offered to the quality gate as a {@link LearningKind#FINDING}. */
    FINDING,
    /** An entry of the chain log. */
    CHAIN,
    /** A work item. */
    WORK
  }

  /**
   * What became of a record.
   *
   * @since 0.1.0
   */
  public enum Status {
    /** Written: accepted by the gate (or superseding a learning), appended, or created. */
    IMPORTED,
    /** The gate merged it into a near-duplicate already kept. */
    MERGED,
    /** An earlier import already brought it in (or the gate already decided on it). */
    ALREADY_IMPORTED,
    /** Not imported: the detail says why (the gate's reasons, or what was malformed). */
    SKIPPED
  }

  /**
   * What became of one record of the vault, or of a file that yielded none.
   *
   * @param kind what it was read as
   * @param source where it was read: the vault-relative file, with {@code #n} for the n-th entry or
   *     {@code :n} for the n-th line
   * @param id the id it was given, if it got that far
   * @param status what became of it
   * @param detail a sentence: the tier, the learning merged into, or why it was skipped
   * @since 0.1.0
   */
  public record Outcome(
      Kind kind, String source, @Nullable String id, Status status, String detail) {

    /**
     * Checks the components.
     *
     * @param kind the kind
     * @param source the source
     * @param id the id
     * @param status the status
     * @param detail the detail
     */
    public Outcome {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * A vault file, or a line of one, that is not of a kind this import brings in.
   *
   * @param source the vault-relative file, with {@code :n} for a line
   * @param reason why it is not imported
   * @since 0.1.0
   */
  public record NotImported(String source, String reason) {

    /**
     * Checks the components.
     *
     * @param source the source
     * @param reason the reason
     */
    public NotImported {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * What an import did.
   *
   * @param outcomes every record read, in the order read
   * @param notImported files and lines of kinds not imported, with the reason
   * @param originalRoot the vault's repository root on its author's machine, if found or given
   * @param pathsNormalized how many absolute machine paths were rewritten in what was read
   * @since 0.1.0
   */
  public record Report(
      List<Outcome> outcomes,
      List<NotImported> notImported,
      Optional<String> originalRoot,
      int pathsNormalized) {

    /**
     * Copies the components.
     *
     * @param outcomes the outcomes
     * @param notImported what was not imported
     * @param originalRoot the original root
     * @param pathsNormalized the paths rewritten
     */
    public Report {
      outcomes = List.copyOf(outcomes);
      notImported = List.copyOf(notImported);
      Objects.requireNonNull(originalRoot, "originalRoot");
    }

    /**
     * Counts the outcomes of a kind and status.
     *
     * @param kind the kind
     * @param status the status
     * @return how many
     */
    public int count(Kind kind, Status status) {
      int n = 0;
      for (Outcome o : outcomes) {
        if (o.kind() == kind && o.status() == status) {
          n++;
        }
      }
      return n;
    }

    /**
     * Returns the outcomes of records that were not imported.
     *
     * @return the skipped outcomes, in the order read
     */
    public List<Outcome> skipped() {
      return outcomes.stream().filter(o -> o.status() == Status.SKIPPED).toList();
    }

    /**
     * Tells whether the import wrote anything.
     *
     * @return {@code true} if any record was imported or merged
     */
    public boolean changedAnything() {
      return outcomes.stream()
          .anyMatch(o -> o.status() == Status.IMPORTED || o.status() == Status.MERGED);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("VaultImport.Report[");
      for (Kind k : Kind.values()) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
          int c = count(k, s);
          if (c > 0) {
            counts.put(s, c);
          }
        }
        b.append(k.name().toLowerCase(Locale.ROOT)).append(' ').append(counts).append("; ");
      }
      return b.append(notImported.size())
          .append(" not imported; ")
          .append(pathsNormalized)
          .append(" paths normalized]")
          .toString();
    }
  }

  private final Store store;
  private final KnowledgeFlywheel flywheel;
  private final @Nullable WorkTracker tracker;
  private final String chainLog;
  private final String writer;
  private final @Nullable String originalRoot;
  private final Clock clock;

  private VaultImport(Builder b) {
    this.store = b.store;
    this.flywheel = b.flywheel;
    this.tracker = b.tracker;
    this.chainLog = b.chainLog;
    this.writer = b.writer;
    this.originalRoot = b.originalRoot;
    this.clock = b.clock;
  }

  /**
   * Starts an import into a flywheel and the store it keeps its learnings in.
   *
   * @param store the store the flywheel was built on; the chain log is appended to it
   * @param flywheel where learnings and findings are offered
   * @return a builder
   */
  public static Builder builder(Store store, KnowledgeFlywheel flywheel) {
    return new Builder(
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(flywheel, "flywheel"));
  }

  /**
   * Imports a vault.
   *
   * @param agents the vault: the {@code .agents} directory
   * @return what was imported, skipped and why
   * @throws IllegalArgumentException if the directory does not exist
   * @throws UncheckedIOException if the directory cannot be listed
   * @throws dev.agentops.store.StoreException if the store cannot be written
   */
  public Report run(Path agents) {
    Objects.requireNonNull(agents, "agents");
    if (!Files.isDirectory(agents)) {
      throw new IllegalArgumentException("vault '" + agents + "' is not a directory");
    }
    return new Run(agents).run();
  }

  /** One import: the state of a run. */
  private final class Run {
    final Path agents;
    final List<Outcome> outcomes = new ArrayList<>();
    final List<NotImported> notImported = new ArrayList<>();
    final Map<String, String> texts = new LinkedHashMap<>();
    final Map<String, String> councilIds = new HashMap<>();
    final Set<String> decided = new HashSet<>();
    @Nullable String root;
    PathNormalizer paths = PathNormalizer.homesOnly();
    int normalized;

    Run(Path agents) {
      this.agents = agents;
    }

    Report run() {
      List<String> files = list();
      for (String f : files) {
        read(f).ifPresent(t -> texts.put(f, t));
      }
      root = originalRoot != null ? originalRoot : detectRoot();
      if (root != null) {
        paths = PathNormalizer.forRoot(Path.of(root));
      }
      decided.addAll(decidedCandidates());
      for (String f : texts.keySet()) {
        if (f.startsWith("council/") && f.endsWith(".md")) {
          councilIds.put(".agents/" + f, frontMatter(texts.get(f)).getOrDefault("id", ""));
        }
      }
      for (String f : files) {
        String text = texts.get(f);
        if (text == null) {
          continue; // already reported as unreadable
        }
        route(f, text);
      }
      return new Report(outcomes, notImported, Optional.ofNullable(root), normalized);
    }

    void route(String f, String text) {
      if (f.startsWith("learnings/") && f.endsWith(".md")) {
        offerAll(Kind.LEARNING, f, () -> List.of(learningFile(f, text)));
      } else if ((f.startsWith("retros/") || f.startsWith("knowledge/pending/"))
          && f.endsWith(".md")) {
        offerAll(Kind.LEARNING, f, () -> retroPatterns(f, text));
      } else if (f.startsWith("council/") && f.endsWith(".md")) {
        offerAll(Kind.FINDING, f, () -> councilFindings(f, text));
      } else if (f.equals("ao/pending.jsonl")) {
        pending(f, text);
      } else if (f.equals("ao/chain.jsonl")) {
        chain(f, text);
      } else if (f.equals("rpi/next-work.jsonl")) {
        if (tracker == null) {
          notImported.add(new NotImported(f, "harvested work: no WorkTracker was given"));
        } else {
          work(f, text);
        }
      } else {
        notImported.add(new NotImported(f, whyNot(f)));
      }
    }

    // --- files ---

    List<String> list() {
      try (Stream<Path> walk = Files.walk(agents)) {
        List<String> out = new ArrayList<>();
        walk.filter(Files::isRegularFile)
            .forEach(p -> out.add(agents.relativize(p).toString().replace('\\', '/')));
        Collections.sort(out);
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException("could not list vault '" + agents + "'", e);
      }
    }

    Optional<String> read(String f) {
      try {
        Path p = agents.resolve(f);
        if (Files.size(p) > MAX_FILE_BYTES) {
          skipFile(f, "is larger than " + MAX_FILE_BYTES + " bytes");
          return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(p);
        return Optional.of(
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString());
      } catch (CharacterCodingException e) {
        skipFile(f, "is not valid UTF-8");
      } catch (IOException e) {
        skipFile(f, "could not be read: " + e.getClass().getSimpleName());
      }
      return Optional.empty();
    }

    void skipFile(String f, String reason) {
      outcomes.add(new Outcome(kindOf(f), f, null, Status.SKIPPED, "the file " + reason));
    }

    /** The vault's root on its author's machine: the most common prefix of paths to .agents/. */
    @Nullable String detectRoot() {
      Map<String, Integer> counts = new HashMap<>();
      for (String t : texts.values()) {
        Matcher m = ROOT_IN_PATH.matcher(t);
        while (m.find()) {
          counts.merge(m.group(1), 1, Integer::sum);
        }
      }
      return counts.entrySet().stream()
          .max(
              Map.Entry.<String, Integer>comparingByValue()
                  .thenComparing(Map.Entry.comparingByKey()))
          .map(Map.Entry::getKey)
          .orElse(null);
    }

    String clean(@Nullable String s) {
      if (s == null) {
        return "";
      }
      PathNormalizer.Result r = paths.normalize(s);
      normalized += r.changes().size();
      return r.text().strip();
    }

    // --- learnings and findings ---

    void offerAll(Kind kind, String f, Supplier<List<Learning>> parse) {
      List<Learning> candidates;
      try {
        candidates = parse.get();
      } catch (RuntimeException e) {
        outcomes.add(new Outcome(kind, f, null, Status.SKIPPED, "not read: " + e.getMessage()));
        return;
      }
      if (candidates.isEmpty()) {
        outcomes.add(
            new Outcome(
                kind,
                f,
                null,
                Status.SKIPPED,
                kind == Kind.FINDING
                    ? "no findings of its own (a consolidated verdict or a summary)"
                    : "no learnings, patterns or anti-patterns in the expected form"));
        return;
      }
      Map<String, Learning> bySource = new LinkedHashMap<>();
      int n = 0;
      for (Learning c : candidates) {
        String source =
            candidates.size() == 1 && kind == Kind.LEARNING && f.startsWith("learnings/")
                ? f
                : f + "#" + ++n;
        bySource.put(source, c);
      }
      outcomes.addAll(offer(kind, bySource).values());
    }

    /**
     * Offers candidates, keyed by where they were read, to the gate in one batch (one store write),
     * and says what became of each, in their order; candidates the gate decided on before are not
     * offered again, nor a candidate whose id an earlier one of the batch has.
     */
    Map<String, Outcome> offer(Kind kind, Map<String, Learning> bySource) {
      List<String> sources = new ArrayList<>();
      List<Learning> batch = new ArrayList<>();
      Map<String, Outcome> known = new HashMap<>();
      Map<String, String> sourceById = new HashMap<>();
      for (Map.Entry<String, Learning> e : bySource.entrySet()) {
        Learning c = e.getValue();
        String earlier = sourceById.putIfAbsent(c.id(), e.getKey());
        if (earlier != null) {
          // the same candidate again (the pending queue repeats fragments): decided once
          known.put(
              e.getKey(),
              new Outcome(kind, e.getKey(), c.id(), Status.SKIPPED, "repeats " + earlier));
        } else if (decided.contains(c.id()) || flywheel.get(c.id()).isPresent()) {
          known.put(
              e.getKey(),
              new Outcome(
                  kind,
                  e.getKey(),
                  c.id(),
                  Status.ALREADY_IMPORTED,
                  "the gate decided on it before"));
        } else {
          sources.add(e.getKey());
          batch.add(c);
        }
      }
      List<GateDecision> decisions = batch.isEmpty() ? List.of() : flywheel.offer(batch);
      Map<String, Outcome> decidedNow = new HashMap<>();
      for (int i = 0; i < decisions.size(); i++) {
        decided.add(batch.get(i).id());
        decidedNow.put(sources.get(i), outcome(kind, sources.get(i), decisions.get(i)));
      }
      Map<String, Outcome> out = new LinkedHashMap<>();
      for (String source : bySource.keySet()) {
        Outcome o = known.containsKey(source) ? known.get(source) : decidedNow.get(source);
        out.put(source, Objects.requireNonNull(o, source));
      }
      return out;
    }

    Outcome outcome(Kind kind, String source, GateDecision d) {
      String id = d.candidate().id();
      if (d instanceof GateDecision.Accepted a) {
        return new Outcome(
            kind,
            source,
            id,
            Status.IMPORTED,
            a.learning().tier().wireName() + ", " + a.learning().status().wireName());
      } else if (d instanceof GateDecision.Superseded s) {
        return new Outcome(
            kind, source, id, Status.IMPORTED, "supersedes '" + s.replaced().id() + "'");
      } else if (d instanceof GateDecision.Merged m) {
        return new Outcome(kind, source, id, Status.MERGED, "merged into '" + m.into().id() + "'");
      } else if (d instanceof GateDecision.Discarded x) {
        return new Outcome(
            kind,
            source,
            id,
            Status.SKIPPED,
            "discarded by the quality gate: " + String.join("; ", x.reasons()));
      }
      throw new AssertionError("a gate decision of an unknown kind: " + d.kind());
    }

    Learning learningFile(String f, String text) {
      Map<String, String> fm = frontMatter(text);
      String body = body(text);
      String title =
          group(body, "(?m)^# +(?:Learning: *)?(.+)$")
              .orElseThrow(() -> new IllegalArgumentException("it has no '# ' title heading"));
      String what =
          section(body, "What We Learned")
              .orElseThrow(() -> new IllegalArgumentException("it has no 'What We Learned'"));
      Learning.Builder b =
          Learning.builder(
                  id("vault-l", f, 0), LearningKind.LEARNING, clean(title), clean(what), date(fm))
              .source(new LearningSource(null, null, f));
      group(body, "\\*\\*Category\\*\\*: *(\\S+)").ifPresent(c -> b.tags(c));
      group(body, "\\*\\*Confidence\\*\\*: *(\\S+)").ifPresent(c -> b.confidence(confidence(c)));
      return b.build();
    }

    List<Learning> retroPatterns(String f, String text) {
      Map<String, String> fm = frontMatter(text);
      Instant created = date(fm);
      String epic = fm.getOrDefault("epic", "").split(" ")[0];
      Matcher m = RETRO_ENTRY.matcher(body(text));
      List<Learning> out = new ArrayList<>();
      int i = 0;
      while (m.find()) {
        boolean anti = m.group(1).equals("ANTI-PATTERN");
        out.add(
            Learning.builder(
                    id("vault-r", f, ++i),
                    anti ? LearningKind.ANTI_PATTERN : LearningKind.PATTERN,
                    clean(m.group(2)),
                    clean(m.group(4)),
                    created)
                .why(clean(m.group(3)) + " Evidence: " + clean(m.group(5)))
                .tags("retro")
                .source(new LearningSource(null, epic.isEmpty() ? null : epic, f))
                .confidence(0.7)
                .build());
      }
      return out;
    }

    List<Learning> councilFindings(String f, String text) {
      Map<String, String> fm = frontMatter(text);
      Instant created = date(fm);
      String body = body(text);
      List<Learning> out = new ArrayList<>();
      Matcher block = JSON_BLOCK.matcher(body);
      if (block.find()) {
        JsonNode verdict;
        try {
          verdict = JSON.readTree(block.group(1));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(
              "its JSON verdict is not valid JSON (line "
                  + e.getLocation().getLineNr()
                  + "): "
                  + e.getOriginalMessage());
        }
        double confidence = confidence(verdict.path("confidence").asText("medium"));
        String verdictName = verdict.path("verdict").asText("");
        int i = 0;
        for (JsonNode x : verdict.path("findings")) {
          i++;
          String description = x.path("description").asText("");
          if (description.isBlank()) {
            continue;
          }
          out.add(
              finding(
                  f,
                  i,
                  null,
                  description,
                  x.path("recommendation").asText(""),
                  x.path("why").asText(""),
                  x.path("ref").asText(""),
                  x.path("category").asText(""),
                  x.path("severity").asText(""),
                  verdictName,
                  confidence,
                  created));
        }
        return out;
      }
      double confidence = confidence(group(body, "(?m)^## Confidence: *(\\S+)").orElse("medium"));
      String verdictName = group(body, "(?m)^## (?:Council )?Verdict: *(\\S+)").orElse("");
      Matcher m = MD_FINDING.matcher(body);
      int i = 0;
      while (m.find()) {
        i++;
        Map<String, String> fields = new HashMap<>();
        Matcher fm2 = MD_FIELD.matcher(m.group(2));
        while (fm2.find()) {
          fields.put(fm2.group(1).toLowerCase(Locale.ROOT), fm2.group(2));
        }
        String description = fields.getOrDefault("description", "");
        if (description.isBlank()) {
          continue;
        }
        out.add(
            finding(
                f,
                i,
                m.group(1),
                description,
                fields.getOrDefault("recommendation", ""),
                fields.getOrDefault("why", ""),
                "",
                fields.getOrDefault("category", ""),
                fields.getOrDefault("severity", ""),
                verdictName,
                confidence,
                created));
      }
      return out;
    }

    Learning finding(
        String f,
        int n,
        @Nullable String title,
        String description,
        String recommendation,
        String why,
        String ref,
        String category,
        String severity,
        String verdict,
        double confidence,
        Instant created) {
      String what = clean(description);
      if (!recommendation.isBlank()) {
        what = what + "\n\nRecommendation: " + clean(recommendation);
      }
      String context =
          "A council judge's finding"
              + (verdict.isBlank() ? "" : " (verdict " + verdict + ")")
              + (ref.isBlank() ? "" : "; about " + clean(ref));
      return Learning.builder(
              id("vault-c", f, n),
              LearningKind.FINDING,
              title != null ? clean(title) : headline(clean(description)),
              what,
              created)
          .why(clean(why))
          .context(context)
          .tags(tag(category), tag(severity), "council")
          .confidence(confidence)
          .source(new LearningSource(null, null, f))
          .build();
    }

    // --- the regex extractor's queue ---

    /**
     * Offers each fragment of {@code ao/pending.jsonl} (a line per queued session, its {@code
     * knowledge} and {@code decisions} arrays cut from the transcript) to the gate, which discards
     * the fragment soup with its reasons and keeps what is a lesson.
     */
    void pending(String f, String text) {
      Map<String, Learning> bySource = new LinkedHashMap<>();
      // what was read, in order: a candidate's source, or the outcome of what could not be one
      List<Object> read = new ArrayList<>();
      int number = 0;
      for (String line : text.split("\n", -1)) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String at = f + ":" + number;
        try {
          JsonNode n = JSON.readTree(line);
          if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the line is not a JSON object");
          }
          List<JsonNode> knowledge = texts(n, "knowledge");
          List<JsonNode> decisions = texts(n, "decisions");
          if (knowledge.isEmpty() && decisions.isEmpty()) {
            notImported.add(
                new NotImported(
                    at,
                    "a queued session with nothing extracted from it (no knowledge, no"
                        + " decisions)"));
            continue;
          }
          String queued = n.path("queued_at").asText("");
          Instant created = queued.isBlank() ? clock.instant() : time(queued, "queued_at");
          String session = n.path("session_id").asText("");
          int i = 0;
          for (JsonNode k : knowledge) {
            i++;
            read.add(fragment(bySource, at, i, LearningKind.LEARNING, k, session, created));
          }
          for (JsonNode d : decisions) {
            i++;
            read.add(fragment(bySource, at, i, LearningKind.DECISION, d, session, created));
          }
        } catch (JsonProcessingException e) {
          read.add(
              new Outcome(
                  Kind.LEARNING, at, null, Status.SKIPPED, "not JSON: " + e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
          read.add(new Outcome(Kind.LEARNING, at, null, Status.SKIPPED, e.getMessage()));
        }
      }
      Map<String, Outcome> offered = offer(Kind.LEARNING, bySource);
      for (Object r : read) {
        outcomes.add(r instanceof Outcome o ? o : Objects.requireNonNull(offered.get((String) r)));
      }
    }

    /** An array of the line's, or none if absent; anything else is malformed. */
    List<JsonNode> texts(JsonNode line, String field) {
      JsonNode a = line.get(field);
      if (a == null || a.isNull()) {
        return List.of();
      }
      if (!a.isArray()) {
        throw new IllegalArgumentException(
            "the line's '" + field + "' must be an array of texts, but was " + a.getNodeType());
      }
      List<JsonNode> out = new ArrayList<>();
      a.forEach(out::add);
      return out;
    }

    /**
     * One fragment as a candidate: the text is the lesson, its first line the title, the session
     * and the file's line its source. Its id is drawn from its session, kind and text, not from its
     * line: the plugin drains the queue and rewrites it, so a line's number names another fragment
     * after the lines above it are gone.
     *
     * @return the candidate's source, or the outcome of an entry that is not a text
     */
    Object fragment(
        Map<String, Learning> bySource,
        String line,
        int n,
        LearningKind kind,
        JsonNode fragment,
        String session,
        Instant created) {
      String source = line + "#" + n;
      String what = fragment.isTextual() ? clean(fragment.asText()) : "";
      if (what.isBlank()) {
        return new Outcome(
            Kind.LEARNING,
            source,
            null,
            Status.SKIPPED,
            "entry " + n + " of the line is not a text, or is blank");
      }
      String first = what.lines().findFirst().orElse(what).strip();
      String title = first.length() > 80 ? cut(first, 80).strip() : first;
      // the text as queued, not as cleaned: the cleaning depends on the machine root found
      String id =
          RecordKey.checkId(
              "vault-p-"
                  + digest(session + "\n" + kind.wireName() + "\n" + fragment.asText().strip(), 8));
      bySource.put(
          source,
          Learning.builder(id, kind, title, what, created)
              .source(new LearningSource(session, null, line))
              .build());
      return source;
    }

    // --- chain ---

    void chain(String f, String text) {
      ChainLog existing = ChainLog.builder(store).log(chainLog).writer(writer).build();
      Set<String> seen = new HashSet<>();
      for (ChainEntry e : existing.entries()) {
        if (e.writer().equals(writer)) {
          seen.add(chainKey(e.step(), e.time()));
        }
      }
      int number = 0;
      for (String line : text.split("\n", -1)) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String source = f + ":" + number;
        try {
          JsonNode n = JSON.readTree(line);
          if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the line is not a JSON object");
          }
          if (!n.hasNonNull("step") && n.hasNonNull("started")) {
            notImported.add(
                new NotImported(
                    source,
                    "the chain's header (id '"
                        + n.path("id").asText()
                        + "', started "
                        + n.path("started").asText()
                        + "), not a step"));
            continue;
          }
          String step = n.path("step").asText("");
          if (step.isBlank()) {
            throw new IllegalArgumentException("the line has no step");
          }
          Instant at = time(n.path("timestamp").asText(""), "timestamp");
          String output = n.hasNonNull("output") ? clean(n.path("output").asText()) : null;
          String input = n.hasNonNull("input") ? clean(n.path("input").asText()) : null;
          boolean locked = n.path("locked").asBoolean(false);
          boolean skipped = n.path("skipped").asBoolean(false);
          if (!locked && !skipped) {
            throw new IllegalArgumentException("the step is neither locked nor skipped");
          }
          if (locked && (output == null || output.isBlank())) {
            throw new IllegalArgumentException("a locked step must name its output");
          }
          String key = chainKey(step, at);
          if (seen.contains(key)) {
            outcomes.add(
                new Outcome(Kind.CHAIN, source, null, Status.ALREADY_IMPORTED, "appended before"));
            continue;
          }
          ChainLog at0 =
              ChainLog.builder(store)
                  .log(chainLog)
                  .writer(writer)
                  .clock(Clock.fixed(at, ZoneOffset.UTC))
                  .build();
          ChainEntry e;
          if (locked) {
            String verdict = councilIds.getOrDefault(output, "");
            e = at0.lock(step, input, output, verdict.isBlank() ? "vault:" + output : verdict);
          } else {
            String reason = clean(n.path("reason").asText(""));
            e = at0.skip(step, reason.isBlank() ? "skipped in the vault, no reason given" : reason);
          }
          seen.add(key);
          outcomes.add(
              new Outcome(
                  Kind.CHAIN,
                  source,
                  null,
                  Status.IMPORTED,
                  (e.locked() ? "locked on " + e.verdictId() : "skipped: " + e.reason())));
        } catch (JsonProcessingException e) {
          outcomes.add(
              new Outcome(
                  Kind.CHAIN, source, null, Status.SKIPPED, "not JSON: " + e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
          outcomes.add(new Outcome(Kind.CHAIN, source, null, Status.SKIPPED, e.getMessage()));
        }
      }
    }

    // --- work ---

    void work(String f, String text) {
      WorkTracker t = Objects.requireNonNull(tracker);
      StringBuilder lines = new StringBuilder();
      Map<String, String> sources = new LinkedHashMap<>();
      int number = 0;
      for (String line : text.split("\n", -1)) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode batch;
        try {
          batch = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          outcomes.add(
              new Outcome(
                  Kind.WORK,
                  f + ":" + number,
                  null,
                  Status.SKIPPED,
                  "not JSON: " + e.getOriginalMessage()));
          continue;
        }
        if (batch == null || !batch.path("items").isArray()) {
          outcomes.add(
              new Outcome(
                  Kind.WORK, f + ":" + number, null, Status.SKIPPED, "the line has no items"));
          continue;
        }
        String epic = batch.path("source_epic").asText("");
        String harvested = batch.path("timestamp").asText("");
        int i = 0;
        for (JsonNode item : batch.path("items")) {
          String source = f + ":" + number + "#" + ++i;
          try {
            WorkItem w = workItem(item, epic, harvested);
            if (sources.containsKey(w.id())) {
              outcomes.add(
                  new Outcome(
                      Kind.WORK,
                      source,
                      w.id(),
                      Status.SKIPPED,
                      "repeats the item of " + sources.get(w.id())));
              continue;
            }
            sources.put(w.id(), source);
            if (t.get(w.id()).isPresent()) {
              outcomes.add(
                  new Outcome(
                      Kind.WORK, source, w.id(), Status.ALREADY_IMPORTED, "the item exists"));
              continue;
            }
            lines.append(Beads.toLine(w)).append('\n');
            outcomes.add(
                new Outcome(
                    Kind.WORK,
                    source,
                    w.id(),
                    Status.IMPORTED,
                    w.status().wireName()
                        + (w.closeReason() != null ? ": " + w.closeReason() : "")));
          } catch (IllegalArgumentException e) {
            outcomes.add(new Outcome(Kind.WORK, source, null, Status.SKIPPED, e.getMessage()));
          }
        }
      }
      if (lines.length() > 0) {
        Beads.ImportReport r = t.importBeads(new StringReader(lines.toString()));
        if (!r.skipped().isEmpty()) {
          throw new AssertionError("items built by the import did not read back: " + r.skipped());
        }
      }
    }

    WorkItem workItem(JsonNode item, String epic, String harvested) {
      String title = clean(item.path("title").asText(""));
      if (title.isBlank()) {
        throw new IllegalArgumentException("the item has no title");
      }
      Instant created =
          harvested.isBlank() ? clock.instant() : time(harvested, "the batch's timestamp");
      String description = clean(item.path("description").asText(""));
      String evidence = clean(item.path("evidence").asText(""));
      if (!evidence.isBlank()) {
        description = description + (description.isBlank() ? "" : "\n\n") + "Evidence: " + evidence;
      }
      String severity = item.path("severity").asText("").toLowerCase(Locale.ROOT);
      WorkItem.Builder b =
          WorkItem.builder("nw-" + digest(epic + "\n" + title), title, created)
              .description(description)
              .type(item.path("type").asText("task"))
              .priority(priority(severity))
              .labels("vault")
              .updatedAt(created);
      String source = item.path("source").asText("");
      if (!source.isBlank()) {
        b.labels("vault", tag(source));
      }
      if (!epic.isBlank()) {
        b.extension("source_epic", epic);
      }
      if (!severity.isBlank()) {
        b.extension("severity", severity);
      }
      if (item.path("consumed").asBoolean(false)) {
        String by = item.path("consumed_by").asText("");
        String at = item.path("consumed_at").asText("");
        Instant closed = at.isBlank() ? created : time(at, "consumed_at");
        String who = by.isBlank() ? "an unnamed consumer" : by;
        b.closed(closed, "consumed by " + who + " in the reference vault", "vault:" + tag(who))
            .updatedAt(closed);
      }
      return b.build();
    }

    // --- helpers ---

    Set<String> decidedCandidates() {
      Set<String> out = new HashSet<>();
      for (LogEntry e : store.log(KnowledgeRecords.AUDIT)) {
        try {
          JsonNode n = JSON.readTree(e.line());
          if (n != null && n.hasNonNull("candidate")) {
            out.add(n.get("candidate").asText());
          }
        } catch (JsonProcessingException ignored) {
          // An unreadable audit line decides nothing; the flywheel's own readers skip it too.
        }
      }
      return out;
    }

    Instant date(Map<String, String> fm) {
      String d = fm.getOrDefault("date", "");
      if (d.isBlank()) {
        return clock.instant();
      }
      try {
        return LocalDate.parse(d).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return time(d, "date");
      }
    }
  }

  // --- parsing, shared ---

  private static Kind kindOf(String f) {
    if (f.startsWith("council/")) {
      return Kind.FINDING;
    }
    if (f.equals("ao/chain.jsonl")) {
      return Kind.CHAIN;
    }
    if (f.equals("rpi/next-work.jsonl")) {
      return Kind.WORK;
    }
    return Kind.LEARNING;
  }

  private static String whyNot(String f) {
    String dir = f.contains("/") ? f.substring(0, f.indexOf('/')) : "";
    switch (dir) {
      case "plans":
      case "research":
      case "pre-mortems":
        return "a working document (" + dir + "), not a record";
      case "rpi":
        return "the state of a plugin run (phase summaries, execution packets)";
      case "evolve":
        return "evolve-loop fitness snapshots and history";
      case "ao":
        return "the plugin's session summaries, transcripts and indexes";
      default:
        return "not a kind of record this import reads";
    }
  }

  static Map<String, String> frontMatter(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    String t = text.replace("\r\n", "\n");
    if (!t.startsWith("---\n")) {
      return out;
    }
    int end = t.indexOf("\n---", 4);
    if (end < 0) {
      return out;
    }
    for (String line : t.substring(4, end).split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      String value = line.substring(colon + 1).strip();
      if (value.length() >= 2
          && (value.startsWith("'") && value.endsWith("'")
              || value.startsWith("\"") && value.endsWith("\""))) {
        value = value.substring(1, value.length() - 1);
      }
      out.put(line.substring(0, colon).strip(), value);
    }
    return out;
  }

  private static String body(String text) {
    String t = text.replace("\r\n", "\n");
    if (!t.startsWith("---\n")) {
      return t;
    }
    int end = t.indexOf("\n---", 4);
    if (end < 0) {
      return t;
    }
    int next = t.indexOf('\n', end + 4);
    return next < 0 ? "" : t.substring(next + 1);
  }

  private static Optional<String> group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
  }

  private static Optional<String> section(String text, String heading) {
    Matcher m =
        Pattern.compile("(?ms)^## " + Pattern.quote(heading) + "\\s*\\n(.*?)(?=^## |\\z)")
            .matcher(text);
    return m.find() && !m.group(1).isBlank() ? Optional.of(m.group(1).strip()) : Optional.empty();
  }

  private static double confidence(String word) {
    switch (word.toLowerCase(Locale.ROOT)) {
      case "high":
        return 0.9;
      case "low":
        return 0.3;
      default:
        return 0.6;
    }
  }

  private static int priority(String severity) {
    switch (severity) {
      case "critical":
        return 0;
      case "high":
        return 1;
      case "low":
        return 3;
      default:
        return 2;
    }
  }

  private static String tag(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    t = t.replaceAll("^[^a-z0-9]+", "");
    return t.isEmpty() ? "unknown" : t;
  }

  /** The first sentence of a text, at most 100 characters, cut at a word. */
  private static String headline(String text) {
    String first = text.strip().split("(?<=[.!?])\\s+|\\n", 2)[0].strip();
    if (first.length() <= 100) {
      return first;
    }
    int cut = first.lastIndexOf(' ', 100);
    return first.substring(0, cut > 40 ? cut : 100).strip();
  }

  private static Instant time(String t, String field) {
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException(
            "the " + field + " '" + t + "' is not an ISO-8601 time with an offset");
      }
    }
  }

  /**
   * An entry is known by its step and its time, to the microsecond: the output is not part of the
   * key, because the store's hygiene may rewrite it (a path, or a string it takes for a secret).
   */
  private static String chainKey(String step, Instant at) {
    return step + "\n" + at;
  }

  /**
   * A stable id from where a record was read: a prefix, the file's name, and the entry's number.
   */
  private static String id(String prefix, String file, int n) {
    String name = file.replaceFirst("\\.md$", "").replace('/', '.');
    name = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("\\.\\.+", ".");
    String suffix = n > 0 ? "-" + n : "";
    String id = prefix + "-" + name + suffix;
    if (id.length() > MAX_ID_LENGTH) {
      id = prefix + "-" + name.substring(0, 60) + "-" + digest(file) + suffix;
    }
    return RecordKey.checkId(id);
  }

  private static String digest(String s) {
    return digest(s, 5);
  }

  /** The first bytes of a text's SHA-256, in hex. */
  private static String digest(String s, int bytes) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is always available", e);
    }
  }

  /** The first {@code max} chars of a text, one fewer if the cut would split a surrogate pair. */
  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end);
  }

  /**
   * Builds a {@link VaultImport}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Store store;
    private final KnowledgeFlywheel flywheel;
    private @Nullable WorkTracker tracker;
    private String chainLog = ChainLog.DEFAULT_LOG;
    private String writer = "vault-import";
    private @Nullable String originalRoot;
    private Clock clock = Clock.systemUTC();

    private Builder(Store store, KnowledgeFlywheel flywheel) {
      this.store = store;
      this.flywheel = flywheel;
    }

    /**
     * Imports {@code rpi/next-work.jsonl} into a tracker; without one, it is reported as not
     * imported.
     *
     * @param tracker the tracker, on the same store or another
     * @return this builder
     */
    public Builder work(WorkTracker tracker) {
      this.tracker = Objects.requireNonNull(tracker, "tracker");
      return this;
    }

    /**
     * Sets the chain log {@code ao/chain.jsonl} is appended to.
     *
     * @param log the log's name; {@value ChainLog#DEFAULT_LOG} by default
     * @return this builder
     */
    public Builder chainLog(String log) {
      this.chainLog = RecordKey.checkId(Objects.requireNonNull(log, "log"));
      return this;
    }

    /**
     * Sets the writer the chain entries are appended as; re-imports recognise their own entries by
     * it.
     *
     * @param writer a valid record id; {@code vault-import} by default
     * @return this builder
     */
    public Builder writer(String writer) {
      this.writer = RecordKey.checkId(Objects.requireNonNull(writer, "writer"));
      return this;
    }

    /**
     * Sets the vault's repository root on its author's machine, when it cannot be found from the
     * paths in the vault.
     *
     * @param originalRoot an absolute path, such as {@code /Users/ana/src/shop}
     * @return this builder
     */
    public Builder originalRoot(String originalRoot) {
      Objects.requireNonNull(originalRoot, "originalRoot");
      if (!originalRoot.startsWith("/") && !originalRoot.matches("^[A-Za-z]:\\\\.*")) {
        throw new IllegalArgumentException(
            "originalRoot must be an absolute path, but was '" + originalRoot + "'");
      }
      this.originalRoot = originalRoot;
      return this;
    }

    /**
     * Sets the clock that dates records whose vault file gives no date.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the import.
     *
     * @return the import
     */
    public VaultImport build() {
      return new VaultImport(this);
    }
  }
}
