package dev.agentops.llm.internal;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Reads server-sent events: {@code event:} and {@code data:} lines up to a blank line. */
public final class SseReader {

  /** One event. */
  public record Event(@Nullable String name, String data) {}

  private final LineSource lines;

  public SseReader(LineSource lines) {
    this.lines = lines;
  }

  /** Returns the next event, or {@code null} at the end of the stream. */
  public @Nullable Event next() throws IOException {
    String name = null;
    StringBuilder data = null;
    String line;
    while ((line = lines.nextLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(name, data.toString());
        }
        name = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue; // comment, used as keep-alive
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("event")) {
        name = value;
      } else if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return data == null ? null : new Event(name, data.toString());
  }
}
