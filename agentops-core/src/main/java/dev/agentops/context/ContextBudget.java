package dev.agentops.context;

import dev.agentops.context.internal.Units;
import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatRole;
import dev.agentops.llm.ModelProfile;
import dev.agentops.llm.ModelProfiles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one model's window holds, counted before anything is sent (Factor I).
 *
 * <p>A budget is bound to a {@link ModelProfile}. Its <em>capacity</em> is the context window minus
 * the tokens reserved for the reply; its {@link Thresholds} (0.40 optimal, 0.60 warn, 0.80 compact,
 * 0.90 critical by default) are fractions of that capacity. Items are offered with {@link
 * #admit(ContextItem)}, which returns an {@link Admission}: admitted, admitted after a compaction
 * made room, or rejected with the reason and how many tokens over. An admission never takes the
 * used tokens past the capacity.
 *
 * <p>Counts follow the counter's calibration. With a {@link ModelTokenCounter}, the budget keeps
 * each item's raw count and, when the counter's factor has changed, counts every item again at the
 * new factor (arithmetic on the raw counts, no tokenizing) before it next reports or changes
 * anything; listeners hear any level the recount crosses. A calibration that finds the earlier
 * counts too low can put the fill past the capacity: the status then says so (a fraction above 1,
 * {@link BudgetLevel#CRITICAL}), the next admission compacts as its trigger decides or is rejected,
 * and {@link BudgetedLanguageModel} refuses a request that would not fit the window. A counter of
 * another kind is asked once per item, when it is admitted.
 *
 * <p>Compaction is decided by a {@link CompactionTrigger} (by default when an admission would reach
 * the compact threshold) and carried out by a {@link Compactor} (by default {@link
 * Compactors#dropOldest()}), down to a target fill (the warn threshold by default). Every item a
 * compaction removes is kept in the {@link ContextArchive}, retrievable by its id. Pinned items are
 * never removed, and items that share a tool call are removed only together.
 *
 * <p>Just-in-time material ({@link ContextSource}) is sized by its estimate, loaded only when it
 * can fit, counted while present, and released with {@link #release(String)} or {@link
 * #releaseEphemeral()}; it is rendered into the system text, never into the conversation.
 *
 * <p>Before a call, {@link #check(ChatRequest)} counts a request against the window; {@link
 * BudgetedLanguageModel} refuses any call that does not fit.
 *
 * <p>Thread-safe. Admissions, removals and compactions are serialized by one lock; counting happens
 * outside it (a recount after a calibration, which tokenizes nothing, and a compaction, which may
 * ask a model, run under it). Listeners hear the changes in the order they happened, one call at a
 * time, outside the lock (see {@link BudgetListener}). {@link #status()} costs the same whatever
 * the budget holds, except once after each change of the counter's factor, when it recounts.
 *
 * <pre>{@code
 * ContextBudget budget = ContextBudget.builder(ModelProfiles.defaults().require("gpt-4o"))
 *     .listener(new BudgetListener() {
 *       public void levelChanged(LevelChange c) { log.info("context {} -> {}", c.from(), c.to()); }
 *     })
 *     .build();
 * budget.admit(ContextItem.system("You fix failing tests."));
 * Admission a = budget.admit(ContextItem.user(task));
 * ChatRequest request = budget.toRequest().build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ContextBudget {

  private static final Logger LOG = LoggerFactory.getLogger(ContextBudget.class);

  /** The order in which preamble kinds are rendered into the system text. */
  private static final List<ContextKind> PREAMBLE_ORDER =
      List.of(
          ContextKind.SYSTEM,
          ContextKind.KNOWLEDGE,
          ContextKind.HANDOFF,
          ContextKind.INSTRUCTIONS,
          ContextKind.TOOLS,
          ContextKind.RESEARCH,
          ContextKind.FILE);

  /**
   * An item in the budget with its tokens: a node of the list that keeps the budget's order, so
   * that taking an item out or putting one in at a known place costs the same whatever the budget
   * holds.
   */
  private static final class Entry {
    final ContextItem item;
    final String id;

    /** The counter's count before any calibration factor. */
    final int raw;

    /** What the item takes in the budget at the budget's current factor. */
    int tokens;

    @Nullable Entry previous;
    @Nullable Entry next;

    Entry(ContextItem item, int raw, int tokens) {
      this.item = item;
      this.id = item.id().orElseThrow();
      this.raw = raw;
      this.tokens = tokens;
    }

    ContextItem item() {
      return item;
    }

    String id() {
      return id;
    }

    int tokens() {
      return tokens;
    }
  }

  private final ModelProfile profile;
  private final TokenCounter counter;

  /** The counter, if its counts follow a calibration factor. */
  private final @Nullable ModelTokenCounter calibrated;

  private final long reservedOutput;
  private final long capacity;
  private final Thresholds thresholds;
  private final CompactionTrigger trigger;
  private final Compactor compactor;
  private final double compactionTarget;
  private final ContextArchive archive;
  private final List<BudgetListener> listeners;

  private final Object lock = new Object();
  private @Nullable Entry first;
  private @Nullable Entry last;
  private int size;
  private final Map<String, Entry> byId = new HashMap<>();

  /** The entries of each tool call, in the order they were put in the budget. */
  private final Map<String, Set<Entry>> byCall = new HashMap<>();

  private long used;

  /** The factor the entries' tokens are counted at; guarded by the lock. */
  private double factor;

  private long sequence;
  private BudgetLevel level = BudgetLevel.OPTIMAL;

  /** Listener calls not yet made, in the order of the changes they report; guarded by the lock. */
  private final ArrayDeque<Runnable> pending = new ArrayDeque<>();

  private boolean delivering;

  private ContextBudget(Builder b) {
    this.profile = b.profile;
    this.counter = b.counter != null ? b.counter : ModelTokenCounter.forProfile(b.profile);
    this.calibrated = counter instanceof ModelTokenCounter m ? m : null;
    this.factor = calibrated != null ? calibrated.factor() : 1.0;
    long window = b.profile.contextWindow();
    this.reservedOutput =
        b.reservedOutput != null
            ? b.reservedOutput
            : Math.min(b.profile.maxOutputTokens(), Math.min(4_096, window / 4));
    if (reservedOutput >= window) {
      throw new IllegalArgumentException(
          "reservedOutputTokens ("
              + reservedOutput
              + ") must be less than the context window ("
              + window
              + ") of model '"
              + b.profile.modelId()
              + "'");
    }
    this.capacity = window - reservedOutput;
    this.thresholds = b.thresholds;
    this.trigger = b.trigger;
    this.compactor = b.compactor;
    this.compactionTarget = b.compactionTarget != null ? b.compactionTarget : b.thresholds.warn();
    this.archive = b.archive != null ? b.archive : ContextArchive.inMemory();
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
  }

  /**
   * Starts a budget for a model.
   *
   * @param profile the model's profile
   * @return a builder
   */
  public static Builder builder(ModelProfile profile) {
    return new Builder(Objects.requireNonNull(profile, "profile"));
  }

  /**
   * Returns a budget with the defaults for a well-known model.
   *
   * @param modelId the model's id, looked up in {@link ModelProfiles#defaults()}
   * @return the budget
   * @throws IllegalArgumentException if the model is unknown
   */
  public static ContextBudget forModel(String modelId) {
    return builder(ModelProfiles.defaults().require(modelId)).build();
  }

  /**
   * Offers an item. If it would bring the fill to the trigger's level, a compaction runs first; if
   * it still does not fit, it is rejected and the budget is unchanged apart from that compaction.
   *
   * <p>An id names one item in the budget and its archive: the budget assigns ids that name
   * neither, and a compaction made for this admission keeps every item that shares the offered
   * item's tool call.
   *
   * @param item the item; the budget assigns an id if it has none
   * @return the outcome
   * @throws IllegalArgumentException if the item needs more tokens than the whole capacity, or its
   *     id is already in the budget, or names a different item in the archive
   */
  public Admission admit(ContextItem item) {
    Objects.requireNonNull(item, "item");
    int raw = rawOf(item);
    int tokens = tokensAt(raw, calibrated != null ? calibrated.factor() : 1.0);
    if (tokens > capacity) {
      throw new IllegalArgumentException(
          "item '"
              + item.id().orElse(item.kind().name().toLowerCase(Locale.ROOT))
              + "' needs "
              + tokens
              + " tokens, more than the budget's whole capacity of "
              + capacity
              + " ("
              + profile.contextWindow()
              + "-token window of '"
              + profile.modelId()
              + "' minus "
              + reservedOutput
              + " reserved for output)");
    }
    return admitCounted(item, raw, null);
  }

  /**
   * Loads just-in-time material if it can fit, and admits it as an ephemeral item. It can fit when
   * an item of its estimated size (the estimate plus {@link TokenCounter#MESSAGE_OVERHEAD}, as
   * every item is counted) fits the free space, after the compaction the trigger calls for when it
   * does not fit as things are; otherwise the source is not loaded at all. Once loaded it is
   * counted and offered like any item, so it may still be rejected if it turns out larger than its
   * estimate.
   *
   * @param source the material
   * @return the outcome; a rejection leaves the source unloaded or unadmitted
   */
  public Admission load(ContextSource source) {
    Objects.requireNonNull(source, "source");
    int estimate = source.estimatedTokens();
    long needs = (long) estimate + TokenCounter.MESSAGE_OVERHEAD;
    if (needs > capacity) {
      return reject(
          "source '"
              + source.id()
              + "' is estimated at "
              + needs
              + " tokens, more than the budget's capacity of "
              + capacity
              + "; it was not loaded",
          saturatedInt(needs),
          needs - capacity);
    }
    Room room = Room.NONE;
    Admission.Rejected notLoaded = null;
    synchronized (lock) {
      rescaleLocked();
      if (used + needs > capacity) {
        room = makeRoomLocked(needs, null);
        if (used + needs > capacity) {
          notLoaded =
              new Admission.Rejected(
                  "source '"
                      + source.id()
                      + "' is estimated at "
                      + needs
                      + " tokens but only "
                      + Math.max(0, capacity - used)
                      + " of "
                      + capacity
                      + " are free"
                      + room.afterwards()
                      + "; it was not loaded",
                  saturatedInt(needs),
                  used + needs - capacity,
                  statusLocked());
          Admission.Rejected rejected = notLoaded;
          pending.add(() -> notify(l -> l.rejected(rejected), "rejected"));
        }
      }
      levelEventLocked();
    }
    deliver();
    if (notLoaded != null) {
      return notLoaded;
    }
    ContextItem item =
        ContextItem.builder(source.kind(), source.load())
            .sourceId(source.id())
            .ephemeral(true)
            .pinned(false)
            .build();
    int raw = rawOf(item);
    int tokens = tokensAt(raw, calibrated != null ? calibrated.factor() : 1.0);
    if (tokens > capacity) {
      return reject(
          "source '"
              + source.id()
              + "' needs "
              + tokens
              + " tokens once loaded, more than the budget's capacity of "
              + capacity,
          tokens,
          tokens - capacity);
    }
    return admitCounted(item, raw, room.report());
  }

  private Admission admitCounted(ContextItem offered, int raw, @Nullable CompactionReport earlier) {
    Admission result;
    synchronized (lock) {
      rescaleLocked();
      int tokens = tokensAt(raw, factor);
      String id = offered.id().orElseGet(() -> nextId(offered.kind(), null));
      if (byId.containsKey(id)) {
        throw new IllegalArgumentException("an item with id '" + id + "' is already in the budget");
      }
      ContextItem item = offered.id().isPresent() ? offered : offered.withId(id);
      if (offered.id().isPresent() && archive.find(id).filter(a -> !a.equals(item)).isPresent()) {
        // The archive keeps one item per id: a second one would make the first unretrievable.
        throw new IllegalArgumentException(
            "id '" + id + "' already names a different item in the budget's archive");
      }
      // A compaction already made for this item honoured the trigger; another runs only if the
      // item turned out not to fit.
      Room room =
          earlier == null || used + tokens > capacity
              ? makeRoomLocked(tokens, item).after(earlier)
              : new Room(earlier, null);
      CompactionReport report = room.report();
      if (used + tokens <= capacity) {
        linkLocked(last, new Entry(item, raw, tokens));
        result =
            report == null
                ? new Admission.Admitted(id, tokens, statusLocked())
                : new Admission.AdmittedAfterCompaction(id, tokens, report, statusLocked());
      } else {
        long over = used + tokens - capacity;
        String reason =
            "item '"
                + id
                + "' needs "
                + tokens
                + " tokens but only "
                + Math.max(0, capacity - used)
                + " of "
                + capacity
                + " are free"
                + room.afterwards();
        Admission.Rejected rejected = new Admission.Rejected(reason, tokens, over, statusLocked());
        pending.add(() -> notify(l -> l.rejected(rejected), "rejected"));
        result = rejected;
      }
      levelEventLocked();
    }
    deliver();
    return result;
  }

  /**
   * What making room for an admission did: the compaction's report, if one ran and removed
   * anything, or why the compactor failed.
   */
  private record Room(@Nullable CompactionReport report, @Nullable String failure) {

    static final Room NONE = new Room(null, null);

    /** This room, counted together with an earlier compaction made for the same item. */
    Room after(@Nullable CompactionReport earlier) {
      if (earlier == null) {
        return this;
      }
      if (report == null) {
        return new Room(earlier, failure);
      }
      List<String> removed = new ArrayList<>(earlier.removedIds());
      removed.addAll(report.removedIds());
      List<String> inserted = new ArrayList<>(earlier.insertedIds());
      inserted.removeAll(report.removedIds());
      inserted.addAll(report.insertedIds());
      return new Room(
          new CompactionReport(
              report.compactor(), removed, inserted, earlier.tokensBefore(), report.tokensAfter()),
          failure);
    }

    /** What a rejection's reason adds about the room that was made. */
    String afterwards() {
      return failure != null ? "; " + failure : report != null ? " even after compaction" : "";
    }
  }

  /**
   * Compacts before {@code tokens} more enter, if the trigger says so: far enough for them to fit
   * and, if the compactor can, down to the compaction target. A compactor that fails removes
   * nothing; its failure is returned for the rejection's reason.
   */
  private Room makeRoomLocked(long tokens, @Nullable ContextItem incoming) {
    if (!trigger.shouldCompact(statusLocked(), tokens, thresholds)) {
      return Room.NONE;
    }
    long target = (long) Math.floor(compactionTarget * capacity);
    long need = Math.max(used + tokens - target, used + tokens - capacity);
    if (need <= 0) {
      return Room.NONE;
    }
    try {
      return new Room(compactLocked(need, incoming), null);
    } catch (RuntimeException e) {
      LOG.warn("compactor '{}' failed; nothing was removed", compactor.name(), e);
      return new Room(null, "compactor '" + compactor.name() + "' failed: " + e);
    }
  }

  private static int saturatedInt(long tokens) {
    return (int) Math.min(Integer.MAX_VALUE, tokens);
  }

  private Admission reject(String reason, int tokens, long over) {
    Admission.Rejected rejected;
    synchronized (lock) {
      rescaleLocked();
      rejected = new Admission.Rejected(reason, tokens, over, statusLocked());
      pending.add(() -> notify(l -> l.rejected(rejected), "rejected"));
    }
    deliver();
    return rejected;
  }

  /**
   * Removes an item, and any item that shares its tool call. Removed items are archived, except
   * ephemeral ones, which can be loaded again from their source. The budget's part of the cost does
   * not grow with what the budget holds: it is proportional to the items removed.
   *
   * @param id the item's id
   * @return the removed items, empty if the id is not in the budget
   */
  public List<ContextItem> remove(String id) {
    Objects.requireNonNull(id, "id");
    List<ContextItem> removed = new ArrayList<>();
    synchronized (lock) {
      rescaleLocked();
      Entry entry = byId.get(id);
      if (entry == null) {
        return List.of();
      }
      Set<String> ids = new LinkedHashSet<>();
      ids.add(id);
      entry.item().callId().ifPresent(call -> ids.addAll(idsOfCall(call)));
      for (String r : ids) {
        Entry e = removeLocked(r);
        if (!e.item().ephemeral()) {
          archive.archive(e.item());
        }
        removed.add(e.item());
      }
      levelEventLocked();
    }
    deliver();
    return removed;
  }

  /**
   * Releases the just-in-time material loaded from a source.
   *
   * @param sourceId the source's id
   * @return how many items were released
   */
  public int release(String sourceId) {
    Objects.requireNonNull(sourceId, "sourceId");
    return releaseWhere(
        e -> e.item().ephemeral() && sourceId.equals(e.item().sourceId().orElse(null)));
  }

  /**
   * Releases every ephemeral item: what a phase loaded just in time.
   *
   * @return how many items were released
   */
  public int releaseEphemeral() {
    return releaseWhere(e -> e.item().ephemeral());
  }

  private int releaseWhere(java.util.function.Predicate<Entry> which) {
    int count = 0;
    synchronized (lock) {
      rescaleLocked();
      for (Entry e = first; e != null; e = e.next) {
        if (which.test(e)) {
          // Unlinking leaves e.next as it was, so the walk goes on from it.
          removeLocked(e.id());
          count++;
        }
      }
      levelEventLocked();
    }
    deliver();
    return count;
  }

  /**
   * Compacts now, down to the compaction target, whatever the trigger says.
   *
   * @return what the compaction did, if it removed anything
   * @throws IllegalStateException if the compactor's plan is refused: it names an item not in the
   *     budget, removes a pinned item, reuses an id or does not shrink the budget; nothing is
   *     changed
   * @throws RuntimeException whatever the compactor throws; nothing is changed
   */
  public Optional<CompactionReport> compact() {
    CompactionReport report;
    synchronized (lock) {
      rescaleLocked();
      long need = used - (long) Math.floor(compactionTarget * capacity);
      report = need > 0 ? compactLocked(need, null) : null;
      levelEventLocked();
    }
    deliver();
    return Optional.ofNullable(report);
  }

  /**
   * Returns the budget's fill now, at the counter's current calibration: if the factor changed
   * since the budget last counted, its items are recounted first and listeners hear any level
   * crossed.
   *
   * @return the status
   */
  public BudgetStatus status() {
    BudgetStatus status;
    synchronized (lock) {
      if (rescaleLocked()) {
        levelEventLocked();
      }
      status = statusLocked();
    }
    deliver();
    return status;
  }

  /**
   * Counts the items again if the counter's calibration changed, so that the fill reflects it now
   * and listeners hear any level it crossed. {@link BudgetedLanguageModel} calls it after it
   * calibrates; every other operation does it first anyway.
   */
  void recount() {
    status();
  }

  /**
   * Counts a request against the model's window: its prompt plus the output it may produce (its own
   * limit, or this budget's reserved output).
   *
   * @param request the request
   * @return whether it fits, and by how much it does not
   */
  public RequestCheck check(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    long output =
        request.maxOutputTokens().isPresent()
            ? request.maxOutputTokens().getAsInt()
            : reservedOutput;
    return new RequestCheck(counter.countPrompt(request), output, profile.contextWindow());
  }

  /**
   * Renders the budget into a request: the preamble items (system text, knowledge, handoff,
   * instructions, tools, research, files, in that order) as the system text, and the conversation
   * items as messages. The caller adds the message it wants answered.
   *
   * @return a builder holding the rendered context
   */
  public ChatRequest.Builder toRequest() {
    List<ContextItem> snapshot = items();
    StringBuilder system = new StringBuilder();
    for (ContextKind kind : PREAMBLE_ORDER) {
      for (ContextItem item : snapshot) {
        if (item.kind() == kind) {
          if (system.length() > 0) {
            system.append("\n\n");
          }
          system.append(item.content());
        }
      }
    }
    ChatRequest.Builder b = ChatRequest.builder();
    if (system.length() > 0) {
      b.system(system.toString());
    }
    for (ContextItem item : snapshot) {
      if (Units.isConversation(item.kind())) {
        ChatRole role = item.kind() == ContextKind.MESSAGE ? item.role() : ChatRole.USER;
        b.message(ChatMessage.of(role, item.content()));
      }
    }
    return b;
  }

  /**
   * Returns the items in the budget, in order, with their ids.
   *
   * @return a snapshot
   */
  public List<ContextItem> items() {
    synchronized (lock) {
      List<ContextItem> items = new ArrayList<>(size);
      for (Entry e = first; e != null; e = e.next) {
        items.add(e.item());
      }
      return items;
    }
  }

  /**
   * Returns the tokens an item in the budget takes, at the counter's current calibration.
   *
   * @param id the item's id
   * @return the tokens, if the item is in the budget
   */
  public Optional<Integer> tokensOf(String id) {
    Objects.requireNonNull(id, "id");
    Optional<Integer> tokens;
    synchronized (lock) {
      if (rescaleLocked()) {
        levelEventLocked();
      }
      Entry e = byId.get(id);
      tokens = e == null ? Optional.empty() : Optional.of(e.tokens());
    }
    deliver();
    return tokens;
  }

  /**
   * Finds an item that a compaction or a removal took out.
   *
   * @param id the item's id
   * @return the original, if archived
   */
  public Optional<ContextItem> archived(String id) {
    return archive.find(id);
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(BudgetListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(BudgetListener listener) {
    listeners.remove(listener);
  }

  /**
   * Returns the model this budget is for.
   *
   * @return the profile
   */
  public ModelProfile profile() {
    return profile;
  }

  /**
   * Returns the counter the budget counts with.
   *
   * @return the counter
   */
  public TokenCounter counter() {
    return counter;
  }

  /**
   * Returns the thresholds.
   *
   * @return the thresholds
   */
  public Thresholds thresholds() {
    return thresholds;
  }

  /**
   * Returns the tokens kept free for the reply.
   *
   * @return the reserved output
   */
  public long reservedOutputTokens() {
    return reservedOutput;
  }

  /**
   * Returns the tokens items may take: the window minus the reserved output.
   *
   * @return the capacity
   */
  public long capacityTokens() {
    return capacity;
  }

  @Override
  public String toString() {
    BudgetStatus s = status();
    return "ContextBudget["
        + profile.modelId()
        + ", "
        + s.usedTokens()
        + "/"
        + s.capacityTokens()
        + " tokens, "
        + s.items()
        + " items, "
        + s.level()
        + "]";
  }

  // --- internals; the *Locked methods are called with the lock held ---

  /** Counts an item's content before any calibration factor; outside the lock, it may tokenize. */
  private int rawOf(ContextItem item) {
    return calibrated != null ? calibrated.rawCount(item.content()) : counter.count(item.content());
  }

  /** What an item with a raw count takes in the budget at a factor, overhead included. */
  private int tokensAt(int raw, double f) {
    long scaled = calibrated != null ? ModelTokenCounter.scale(raw, f) : raw;
    return (int) Math.min(Integer.MAX_VALUE, scaled + TokenCounter.MESSAGE_OVERHEAD);
  }

  /**
   * Brings every entry to the counter's current factor, if it changed: a pass over the entries,
   * with no tokenizing, paid once per change of the factor.
   *
   * @return whether anything was recounted
   */
  private boolean rescaleLocked() {
    if (calibrated == null) {
      return false;
    }
    double now = calibrated.factor();
    if (now == factor) {
      return false;
    }
    factor = now;
    long sum = 0;
    for (Entry e = first; e != null; e = e.next) {
      e.tokens = tokensAt(e.raw, now);
      sum += e.tokens;
    }
    used = sum;
    return true;
  }

  /** Returns an id named by no item in the budget or its archive, and other than {@code taken}. */
  private String nextId(ContextKind kind, @Nullable String taken) {
    String id;
    do {
      id = kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + (++sequence);
    } while (byId.containsKey(id) || id.equals(taken) || archive.find(id).isPresent());
    return id;
  }

  private BudgetStatus statusLocked() {
    return new BudgetStatus(
        used,
        capacity,
        profile.contextWindow(),
        reservedOutput,
        size,
        thresholds.levelOf((double) used / capacity));
  }

  /** Puts an entry into the budget right after {@code before}, or first if it is null. */
  private void linkLocked(@Nullable Entry before, Entry e) {
    Entry after = before == null ? first : before.next;
    e.previous = before;
    e.next = after;
    if (before == null) {
      first = e;
    } else {
      before.next = e;
    }
    if (after == null) {
      last = e;
    } else {
      after.previous = e;
    }
    size++;
    byId.put(e.id(), e);
    e.item()
        .callId()
        .ifPresent(call -> byCall.computeIfAbsent(call, c -> new LinkedHashSet<>()).add(e));
    used += e.tokens();
  }

  /** Takes an entry out of the budget; its {@code next} is left as it was, for walks. */
  private Entry removeLocked(String id) {
    Entry e = byId.remove(id);
    if (e.previous == null) {
      first = e.next;
    } else {
      e.previous.next = e.next;
    }
    if (e.next == null) {
      last = e.previous;
    } else {
      e.next.previous = e.previous;
    }
    size--;
    e.item()
        .callId()
        .ifPresent(call -> {
          Set<Entry> group = byCall.get(call);
          group.remove(e);
          if (group.isEmpty()) {
            byCall.remove(call);
          }
        });
    used -= e.tokens();
    return e;
  }

  private List<String> idsOfCall(String callId) {
    Set<Entry> group = byCall.get(callId);
    if (group == null) {
      return List.of();
    }
    List<String> ids = new ArrayList<>(group.size());
    group.forEach(e -> ids.add(e.id()));
    return ids;
  }

  /**
   * Compacts to free {@code need} tokens. While an item is being admitted, the items that share its
   * tool call must stay, or the call would be split as soon as it is admitted: the compactor sees
   * them as pinned, and a plan that removes them is refused like one that removes a pinned item.
   */
  private @Nullable CompactionReport compactLocked(long need, @Nullable ContextItem incoming) {
    String keptCall = incoming == null ? null : incoming.callId().orElse(null);
    String incomingId = incoming == null ? null : incoming.id().orElseThrow();
    List<Compactor.Sized> sized = new ArrayList<>(size);
    for (Entry e = first; e != null; e = e.next) {
      ContextItem item = e.item();
      if (keptCall != null && keptCall.equals(item.callId().orElse(null)) && !item.pinned()) {
        item = item.toBuilder().pinned(true).build();
      }
      sized.add(new Compactor.Sized(item, e.tokens()));
    }
    Compactor.Plan plan = compactor.plan(new Compactor.Input(sized, need, counter));
    if (plan == null || plan.isEmpty()) {
      return null;
    }
    // Check the whole plan before changing anything.
    Set<String> remove = new LinkedHashSet<>();
    for (String id : plan.remove()) {
      Entry e = byId.get(id);
      if (e == null) {
        throw new IllegalStateException("the plan names '" + id + "', which is not in the budget");
      }
      remove.add(id);
      e.item().callId().ifPresent(call -> remove.addAll(idsOfCall(call)));
    }
    long freed = 0;
    for (String id : remove) {
      Entry e = byId.get(id);
      if (e.item().pinned()) {
        throw new IllegalStateException("the plan would remove pinned item '" + id + "'");
      }
      if (keptCall != null && keptCall.equals(e.item().callId().orElse(null))) {
        throw new IllegalStateException(
            "the plan would remove '"
                + id
                + "', which shares call '"
                + keptCall
                + "' with the item being admitted");
      }
      freed += e.tokens();
    }
    // Reported, archived and replaced in their order in the budget, whatever order the plan gave.
    List<String> removeInOrder = new ArrayList<>(remove.size());
    Entry place = null;
    for (Entry e = first; e != null; e = e.next) {
      if (remove.contains(e.id())) {
        if (removeInOrder.isEmpty()) {
          place = e.previous;
        }
        removeInOrder.add(e.id());
      }
    }
    List<Entry> inserted = new ArrayList<>();
    Set<String> insertedIds = new LinkedHashSet<>();
    long added = 0;
    for (ContextItem item : plan.insert()) {
      String id = item.id().orElseGet(() -> nextId(item.kind(), incomingId));
      // Reusing a removed item's id would make its archived original unretrievable.
      if (byId.containsKey(id)
          || id.equals(incomingId)
          || !insertedIds.add(id)
          || archive.find(id).isPresent()) {
        throw new IllegalStateException("the plan inserts '" + id + "', which is already in use");
      }
      int raw = rawOf(item);
      Entry e =
          new Entry(item.id().isPresent() ? item : item.withId(id), raw, tokensAt(raw, factor));
      inserted.add(e);
      added += e.tokens();
    }
    if (added >= freed || used - freed + added > capacity) {
      throw new IllegalStateException(
          "the plan frees " + freed + " tokens but inserts " + added + "; it would not shrink");
    }
    long before = used;
    for (String id : removeInOrder) {
      archive.archive(removeLocked(id).item());
    }
    // The replacements take the place of the first removed item: after the item before it.
    for (Entry e : inserted) {
      linkLocked(place, e);
      place = e;
    }
    CompactionReport report =
        new CompactionReport(
            compactor.name(), removeInOrder, List.copyOf(insertedIds), before, used);
    pending.add(() -> notify(l -> l.compacted(report), "compacted"));
    return report;
  }

  private void levelEventLocked() {
    BudgetStatus status = statusLocked();
    if (status.level() != level) {
      LevelChange change = new LevelChange(level, status.level(), status);
      level = status.level();
      pending.add(() -> notify(l -> l.levelChanged(change), "levelChanged"));
    }
  }

  /**
   * Delivers the pending events, in order, outside the lock. One thread delivers at a time: a
   * thread that finds another delivering leaves its events to it, so that listeners hear the
   * changes in the order they happened, one at a time, even when several threads change the budget,
   * and a listener that changes the budget from a callback hears of it after the callback returns.
   */
  private void deliver() {
    synchronized (lock) {
      if (delivering) {
        return;
      }
      delivering = true;
    }
    boolean idle = false;
    try {
      while (!idle) {
        Runnable next;
        synchronized (lock) {
          next = pending.poll();
          idle = next == null;
          if (idle) {
            delivering = false;
          }
        }
        if (next != null) {
          next.run();
        }
      }
    } finally {
      if (!idle) {
        // An Error escaped a listener: let the next change deliver what is left.
        synchronized (lock) {
          delivering = false;
        }
      }
    }
  }

  private void notify(java.util.function.Consumer<BudgetListener> call, String event) {
    for (BudgetListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("budget listener {} failed on {}; the budget is unaffected", l, event, e);
      }
    }
  }

  /**
   * Builds a {@link ContextBudget}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final ModelProfile profile;
    private @Nullable TokenCounter counter;
    private @Nullable Long reservedOutput;
    private Thresholds thresholds = Thresholds.defaults();
    private CompactionTrigger trigger = CompactionTrigger.atLevel(BudgetLevel.COMPACT);
    private Compactor compactor = Compactors.dropOldest();
    private @Nullable Double compactionTarget;
    private @Nullable ContextArchive archive;
    private final List<BudgetListener> listeners = new ArrayList<>();

    private Builder(ModelProfile profile) {
      this.profile = profile;
    }

    /**
     * Sets the counter; by default a {@link ModelTokenCounter} for the model's tokenizer family.
     *
     * @param counter the counter
     * @return this builder
     */
    public Builder counter(TokenCounter counter) {
      this.counter = Objects.requireNonNull(counter, "counter");
      return this;
    }

    /**
     * Sets the tokens kept free for the reply; by default the smallest of the model's output limit,
     * 4,096, and a quarter of the window.
     *
     * @param tokens greater than zero and less than the window
     * @return this builder
     */
    public Builder reservedOutputTokens(long tokens) {
      if (tokens <= 0) {
        throw new IllegalArgumentException("reservedOutputTokens must be > 0, but was " + tokens);
      }
      this.reservedOutput = tokens;
      return this;
    }

    /**
     * Sets the thresholds.
     *
     * @param thresholds the thresholds; default {@link Thresholds#defaults()}
     * @return this builder
     */
    public Builder thresholds(Thresholds thresholds) {
      this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
      return this;
    }

    /**
     * Sets when to compact; default {@code CompactionTrigger.atLevel(BudgetLevel.COMPACT)}.
     *
     * @param trigger the trigger
     * @return this builder
     */
    public Builder trigger(CompactionTrigger trigger) {
      this.trigger = Objects.requireNonNull(trigger, "trigger");
      return this;
    }

    /**
     * Sets how to compact; default {@link Compactors#dropOldest()}.
     *
     * @param compactor the strategy
     * @return this builder
     */
    public Builder compactor(Compactor compactor) {
      this.compactor = Objects.requireNonNull(compactor, "compactor");
      return this;
    }

    /**
     * Sets the fill a compaction aims for; default the warn threshold.
     *
     * @param fraction of capacity, between 0 and 1
     * @return this builder
     */
    public Builder compactionTarget(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException(
            "compactionTarget must be between 0 and 1, but was " + fraction);
      }
      this.compactionTarget = fraction;
      return this;
    }

    /**
     * Sets where removed items are kept; default {@link ContextArchive#inMemory()}.
     *
     * @param archive the archive
     * @return this builder
     */
    public Builder archive(ContextArchive archive) {
      this.archive = Objects.requireNonNull(archive, "archive");
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(BudgetListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the budget.
     *
     * @return the budget
     * @throws IllegalArgumentException if the reserved output is not less than the window
     */
    public ContextBudget build() {
      return new ContextBudget(this);
    }
  }
}
