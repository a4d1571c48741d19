package dev.agentops.store;

import java.time.YearMonth;
import java.util.Objects;

/**
 * One line of an append-only log.
 *
 * @param log the log's name
 * @param writer who appended it
 * @param month the month shard it is in
 * @param line the line
 * @since 0.1.0
 */
public record LogEntry(String log, String writer, YearMonth month, String line) {

  /**
   * Checks the components.
   *
   * @param log the log
   * @param writer the writer
   * @param month the month
   * @param line the line
   */
  public LogEntry {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(line, "line");
  }
}
