package dev.agentops.llm.internal;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Lines of a streamed reply, read on the caller's thread. */
@FunctionalInterface
public interface LineSource {

  /**
   * Returns the next line, or {@code null} at the end of the stream.
   *
   * @throws java.net.http.HttpTimeoutException if no line came within the idle timeout
   * @throws IOException if the stream broke
   */
  @Nullable String nextLine() throws IOException;
}
