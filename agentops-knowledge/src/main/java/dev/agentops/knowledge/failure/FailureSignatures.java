package dev.agentops.knowledge.failure;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Normalizes failure signatures, so that the same failure seen in different sessions, on different
 * machines, at different times gives the same key: paths are cut to their last segment, object ids
 * and other long hexadecimal runs become {@code <hex>}, numbers become {@code #}, case and
 * whitespace are folded.
 *
 * <pre>{@code
 * normalize("Timeout after 3000 ms in /home/ci/build-17/src/FooTest.java:42")
 *     // "timeout after # ms in footest.java:#"
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FailureSignatures {

  private static final Pattern PATH =
      Pattern.compile("(?:[A-Za-z]:)?(?:[^\\s/\\\\:'\"()]*[/\\\\])+");
  private static final Pattern HEX = Pattern.compile("\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{7,}\\b");
  private static final Pattern NUMBER = Pattern.compile("\\d+");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private FailureSignatures() {}

  /**
   * Normalizes a signature.
   *
   * @param signature the signature as recorded
   * @return the normalized signature; empty for a blank one
   */
  public static String normalize(String signature) {
    Objects.requireNonNull(signature, "signature");
    String s = PATH.matcher(signature).replaceAll("");
    s = HEX.matcher(s).replaceAll("<hex>");
    s = NUMBER.matcher(s).replaceAll("#");
    return SPACE.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }
}
