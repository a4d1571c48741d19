package dev.agentops.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Recent failures by signature: which workers hit each one within the window. Thread-safe. */
final class SignatureWindow {

  private static final int SWEEP_ABOVE = 1_024;

  private record Sighting(String worker, Instant at) {}

  private final Map<String, Deque<Sighting>> bySignature = new HashMap<>();

  /**
   * Records a failure and returns how many different workers failed with its signature within the
   * window ending now, this one included.
   */
  synchronized int record(String signature, String worker, Instant now, Duration window) {
    Instant since = now.minus(window);
    Deque<Sighting> seen = bySignature.computeIfAbsent(signature, s -> new ArrayDeque<>());
    seen.addLast(new Sighting(worker, now));
    seen.removeIf(s -> s.at().isBefore(since));
    Set<String> workers = new HashSet<>();
    seen.forEach(s -> workers.add(s.worker()));
    if (bySignature.size() > SWEEP_ABOVE) {
      for (Iterator<Deque<Sighting>> it = bySignature.values().iterator(); it.hasNext(); ) {
        Deque<Sighting> d = it.next();
        d.removeIf(s -> s.at().isBefore(since));
        if (d.isEmpty()) {
          it.remove();
        }
      }
    }
    return workers.size();
  }
}
