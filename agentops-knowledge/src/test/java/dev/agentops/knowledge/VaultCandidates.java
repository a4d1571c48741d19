package dev.agentops.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentops.core.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Candidate learnings drawn from the reference plugin's vault fixture, the way each source wrote
 * them: the regex extractor's queue ({@code ao/pending.jsonl}: fragment soup) and the learnings
 * people wrote ({@code learnings/*.md}, and the patterns and anti-patterns of a retro).
 */
final class VaultCandidates {

  static final Instant T0 = Instant.parse("2026-02-15T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private VaultCandidates() {}

  static Path vault() {
    return Fixtures.require("agentops-vault/.agents");
  }

  /**
   * Every "knowledge" and "decisions" string of the pending queue, as the plugin's extractor
   * produced it: the fragment is the lesson, its first line the title, the session its source.
   */
  static List<Learning> pendingSoup() {
    List<Learning> out = new ArrayList<>();
    try (Stream<String> lines =
        Files.lines(vault().resolve("ao/pending.jsonl"), StandardCharsets.UTF_8)) {
      int line = 0;
      for (String l : (Iterable<String>) lines::iterator) {
        line++;
        JsonNode node = JSON.readTree(l);
        String session = node.path("session_id").asText();
        int i = 0;
        for (JsonNode k : node.path("knowledge")) {
          out.add(
              fragment("soup-" + line + "-k" + i++, LearningKind.LEARNING, k.asText(), session));
        }
        i = 0;
        for (JsonNode d : node.path("decisions")) {
          out.add(
              fragment("soup-" + line + "-d" + i++, LearningKind.DECISION, d.asText(), session));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static Learning fragment(String id, LearningKind kind, String text, String session) {
    String firstLine = text.strip().lines().findFirst().orElse(text).strip();
    String title = firstLine.length() > 80 ? firstLine.substring(0, 80) : firstLine;
    return Learning.builder(id, kind, title, text, T0)
        .source(LearningSource.session(session))
        .build();
  }

  /** The learnings people wrote: {@code learnings/*.md} and the retro's patterns. */
  static List<Learning> wellFormed() {
    List<Learning> out = new ArrayList<>(learningFiles());
    out.addAll(
        retroPatterns(vault().resolve("knowledge/pending/2026-02-15-epic-12-3jc-v3-pivot.md")));
    return out;
  }

  /**
   * {@code learnings/*.md}: a title heading, category and confidence lines, a "What We Learned".
   */
  static List<Learning> learningFiles() {
    List<Learning> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(vault().resolve("learnings"))) {
      for (Path f : files.sorted().toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        String title = group(text, "(?m)^# (?:Learning: )?(.+)$");
        String what = section(text, "What We Learned");
        String category = group(text, "\\*\\*Category\\*\\*: *(\\S+)");
        String confidence = group(text, "\\*\\*Confidence\\*\\*: *(\\S+)");
        String date = group(text, "(?m)^date: *(\\S+)");
        String name = f.getFileName().toString().replace(".md", "");
        out.add(
            Learning.builder(
                    "vault-" + name,
                    LearningKind.LEARNING,
                    title,
                    what,
                    LocalDate.parse(date).atStartOfDay().toInstant(ZoneOffset.UTC))
                .tags(category)
                .confidence(confidence(confidence))
                .source(new LearningSource(null, null, "learnings/" + f.getFileName()))
                .build());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * A retro's "PATTERN:" and "ANTI-PATTERN:" entries: Problem, Solution or Prevention, Evidence.
   */
  static List<Learning> retroPatterns(Path retro) {
    String text;
    try {
      text = Files.readString(retro, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Pattern entry =
        Pattern.compile(
            "\\*\\*(ANTI-PATTERN|PATTERN): ([^*]+)\\*\\*\\s*\\n"
                + "\\s*- Problem: (.+)\\n"
                + "\\s*- (?:Solution|Prevention): (.+)\\n"
                + "\\s*- Evidence: (.+)");
    Matcher m = entry.matcher(text);
    List<Learning> out = new ArrayList<>();
    int i = 0;
    while (m.find()) {
      boolean anti = m.group(1).equals("ANTI-PATTERN");
      out.add(
          Learning.builder(
                  "retro-" + i++,
                  anti ? LearningKind.ANTI_PATTERN : LearningKind.PATTERN,
                  m.group(2).strip(),
                  m.group(4).strip(),
                  T0)
              .why(m.group(3).strip() + " Evidence: " + m.group(5).strip())
              .source(
                  new LearningSource(null, "12-3jc", "knowledge/pending/" + retro.getFileName()))
              .build());
    }
    return out;
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

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new AssertionError("the fixture no longer matches " + regex);
    }
    return m.group(1).strip();
  }

  private static String section(String text, String heading) {
    Matcher m =
        Pattern.compile("(?ms)^## " + Pattern.quote(heading) + "\\s*\\n(.*?)(?=^## |\\z)")
            .matcher(text);
    if (!m.find()) {
      throw new AssertionError("the fixture has no section " + heading);
    }
    return m.group(1).strip();
  }
}
