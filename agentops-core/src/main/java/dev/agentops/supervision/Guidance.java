package dev.agentops.supervision;

import java.util.Objects;

/** Checks the guidance a level sends down with a unit. */
final class Guidance {

  private Guidance() {}

  static String check(String guidance) {
    Objects.requireNonNull(guidance, "guidance");
    String g = guidance.strip();
    if (g.isEmpty() || g.length() > Supervisor.MAX_GUIDANCE_CHARS) {
      throw new IllegalArgumentException(
          "guidance must be 1 to "
              + Supervisor.MAX_GUIDANCE_CHARS
              + " characters, but was "
              + g.length());
    }
    return g;
  }
}
