package dev.agentops.context.internal;

import dev.agentops.context.Compactor;
import dev.agentops.context.ContextItem;
import dev.agentops.context.ContextKind;
import dev.agentops.llm.ChatRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a budget's items into the units compaction removes whole: a conversation turn (a user
 * message, or a summary, with the replies and tool results that follow it), merged with any other
 * unit that shares a tool call id; every other item on its own.
 */
public final class Units {

  private Units() {}

  /** A unit: its items in order, their tokens, and whether it may be removed. */
  public record Unit(List<Compactor.Sized> items, boolean conversation, int first) {

    public long tokens() {
      long t = 0;
      for (Compactor.Sized s : items) {
        t += s.tokens();
      }
      return t;
    }

    public boolean removable() {
      for (Compactor.Sized s : items) {
        if (s.item().pinned()) {
          return false;
        }
      }
      return true;
    }

    public int minPriority() {
      int p = Integer.MAX_VALUE;
      for (Compactor.Sized s : items) {
        p = Math.min(p, s.item().priority());
      }
      return p;
    }

    public List<String> ids() {
      List<String> ids = new ArrayList<>(items.size());
      items.forEach(s -> ids.add(s.id()));
      return ids;
    }
  }

  /**
   * Returns the units in order of their first item. The newest conversation turn is left out: it is
   * the exchange in progress.
   */
  public static List<Unit> of(List<Compactor.Sized> items) {
    int n = items.size();
    int[] group = new int[n];
    int groups = 0;
    int turn = -1;
    for (int i = 0; i < n; i++) {
      ContextItem item = items.get(i).item();
      if (isConversation(item.kind())) {
        boolean startsTurn =
            turn < 0
                || item.kind() == ContextKind.SUMMARY
                || (item.kind() == ContextKind.MESSAGE && item.role() == ChatRole.USER);
        if (startsTurn) {
          turn = groups++;
        }
        group[i] = turn;
      } else {
        group[i] = groups++;
      }
    }
    // Items that share a call id belong together, whatever their turns.
    int[] parent = new int[groups];
    for (int g = 0; g < groups; g++) {
      parent[g] = g;
    }
    Map<String, Integer> byCall = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String call = items.get(i).item().callId().orElse(null);
      if (call != null) {
        Integer other = byCall.putIfAbsent(call, group[i]);
        if (other != null) {
          union(parent, other, group[i]);
        }
      }
    }
    Map<Integer, List<Compactor.Sized>> members = new HashMap<>();
    Map<Integer, Integer> firstIndex = new HashMap<>();
    Map<Integer, Boolean> conversation = new HashMap<>();
    List<Integer> order = new ArrayList<>();
    int lastTurnRoot = turn < 0 ? -1 : find(parent, turn);
    for (int i = 0; i < n; i++) {
      int root = find(parent, group[i]);
      if (!members.containsKey(root)) {
        members.put(root, new ArrayList<>());
        firstIndex.put(root, i);
        conversation.put(root, false);
        order.add(root);
      }
      members.get(root).add(items.get(i));
      if (isConversation(items.get(i).item().kind())) {
        conversation.put(root, true);
      }
    }
    List<Unit> units = new ArrayList<>();
    for (int root : order) {
      if (root != lastTurnRoot) {
        units.add(new Unit(members.get(root), conversation.get(root), firstIndex.get(root)));
      }
    }
    return units;
  }

  public static boolean isConversation(ContextKind kind) {
    return kind == ContextKind.MESSAGE
        || kind == ContextKind.TOOL_RESULT
        || kind == ContextKind.SUMMARY;
  }

  /**
   * Returns the oldest run of removable conversation units, in order, whose tokens reach {@code
   * need}, or every removable conversation unit if they do not.
   */
  public static List<Unit> oldestConversationSpan(List<Unit> units, long need) {
    List<Unit> span = new ArrayList<>();
    long tokens = 0;
    for (Unit u : units) {
      if (!u.conversation()) {
        continue;
      }
      if (!u.removable()) {
        if (tokens >= need) {
          break;
        }
        // A pinned turn splits the span: start again after it.
        span.clear();
        tokens = 0;
        continue;
      }
      span.add(u);
      tokens += u.tokens();
      if (tokens >= need) {
        break;
      }
    }
    return span;
  }

  private static int find(int[] parent, int g) {
    while (parent[g] != g) {
      parent[g] = parent[parent[g]];
      g = parent[g];
    }
    return g;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }
}
