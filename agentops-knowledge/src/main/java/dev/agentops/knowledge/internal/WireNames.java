package dev.agentops.knowledge.internal;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How the knowledge enums are written in records: lower case, words joined by hyphens. */
public final class WireNames {

  private WireNames() {}

  /** Returns a constant's wire name: {@code ANTI_PATTERN} becomes {@code anti-pattern}. */
  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Reads a wire name in any case, with hyphens, underscores or spaces between words.
   *
   * @throws IllegalArgumentException naming the field and the accepted names
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String field, String name) {
    if (name != null) {
      String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(normalized)) {
          return e;
        }
      }
    }
    throw new IllegalArgumentException(
        field
            + " must be one of "
            + Stream.of(type.getEnumConstants())
                .map(WireNames::of)
                .collect(Collectors.joining(", "))
            + ", but was "
            + (name == null ? "null" : "'" + abbreviate(name) + "'"));
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
