package dev.agentops.examples.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.LanguageModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic, offline stand-in for a coding model, so that the loop runs anywhere. It is not a
 * model and does not pretend to be one: it knows the demo project's tasks and, for each, a list of
 * candidate changes in the order a hurried engineer would try them — the first is a plausible
 * mistake, the next is right.
 *
 * <p>What makes the loop worth watching is how it chooses: it skips any approach that the text it
 * is shown lists as a known failure (a {@code - Don't: ... approach 'x' ...} line of the knowledge
 * block). That text only reaches it through the knowledge block the flywheel injects, so a lesson
 * harvested from one session's failure changes what the next session tries. Asked for research
 * notes, it reads the failing checks it was shown; as a judge it is a separate class ({@link
 * DemoJudge}). Thread-safe (stateless).
 */
final class DemoCoder implements LanguageModel {

  /** The model id the demo coder reports. */
  static final String ID = "demo-coder";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GROUP = Pattern.compile("Test groups: ([a-z, -]+)");
  private static final Pattern DECIDED = Pattern.compile("chosen approach '([a-z-]+)'");

  /**
   * A candidate change.
   *
   * @param approach its short name, as it appears in plans and learnings
   * @param rationale why it would work
   * @param resource the new content of the file
   * @param signature a line that marks this change, for a detection rule if it fails; or null
   */
  record Candidate(
      String approach, String rationale, String resource, @Nullable String signature) {}

  /** Finds a task's candidate by its approach, or null. */
  static @Nullable Candidate candidate(String taskKey, String approach) {
    return CANDIDATES.getOrDefault(taskKey, List.of()).stream()
        .filter(c -> c.approach().equals(approach))
        .findFirst()
        .orElse(null);
  }

  /** The candidates per task key, in the order they are tried. */
  static final Map<String, List<Candidate>> CANDIDATES =
      Map.of(
          "slug",
          List.of(
              new Candidate(
                  "replace-spaces",
                  "lower-case the title and replace each space with a hyphen",
                  "candidates/slug-replace-spaces.txt",
                  ".replace(' ', '-')"),
              new Candidate(
                  "split-on-non-alphanumerics",
                  "lower-case the title, split it on runs of characters other than a-z and 0-9,"
                      + " drop empty words and join the rest with single hyphens",
                  "candidates/slug-split.txt",
                  null)),
          "wrap",
          List.of(
              new Candidate(
                  "count-words-only",
                  "add a word to the line while the words' lengths fit the width",
                  "candidates/wrap-count-words-only.txt",
                  "line.length() + word.length() <= width"),
              new Candidate(
                  "count-the-separator",
                  "add a word while the line, one space and the word fit the width (<=)",
                  "candidates/wrap-count-the-separator.txt",
                  null)),
          "slug-length",
          List.of(
              new Candidate(
                  "replace-spaces",
                  "lower-case the title, replace each space with a hyphen, cut at 40 characters",
                  "candidates/slug-length-replace-spaces.txt",
                  ".replace(' ', '-')"),
              new Candidate(
                  "split-then-cut-at-a-word",
                  "build the slug from runs of a-z and 0-9 joined by hyphens, then cut it at the"
                      + " last hyphen within 40 characters",
                  "candidates/slug-length-split-cut.txt",
                  null)));

  @Override
  public ChatResponse chat(ChatRequest request) {
    return ChatResponse.builder(
            reply(request.responseFormat().schemaName().orElse(""), allText(request)))
        .modelId(ID)
        .build();
  }

  /**
   * What the demo coder answers: the JSON of the schema asked for, from the text it was shown.
   *
   * @param schema the response schema's name, such as {@code Plan}; empty for plain text
   * @param text everything the model was shown: system text and messages
   * @return the reply's text
   */
  static String reply(String schema, String text) {
    ObjectNode reply = JSON.createObjectNode();
    switch (schema) {
      case "ResearchNotes" -> research(text, reply);
      case "Plan" -> plan(text, reply);
      case "Patch" -> patch(text, reply);
      default -> {
        return "Noted.";
      }
    }
    return reply.toString();
  }

  private static void research(String text, ObjectNode reply) {
    ArrayNode findings = reply.putArray("findings");
    text.lines()
        .map(String::strip)
        .filter(l -> l.startsWith("FAIL "))
        .distinct()
        .limit(6)
        .forEach(l -> findings.add(l.substring(5)));
    if (findings.isEmpty()) {
      findings.add("no failing check was shown");
    }
    reply.put("suspect", line(text, "Target file: ").orElse("unknown"));
  }

  private static void plan(String text, ObjectNode reply) {
    Candidate c = choose(text);
    reply.put("approach", c.approach());
    reply.put("rationale", c.rationale());
  }

  private static void patch(String text, ObjectNode reply) {
    String key = taskKey(text);
    Matcher decided = DECIDED.matcher(text);
    Candidate c = null;
    if (decided.find()) {
      String approach = decided.group(1);
      c =
          CANDIDATES.getOrDefault(key, List.of()).stream()
              .filter(x -> x.approach().equals(approach))
              .findFirst()
              .orElse(null);
    }
    if (c == null) {
      c = choose(text);
    }
    reply.put("path", line(text, "Target file: ").orElse(""));
    reply.put("approach", c.approach());
    reply.put("content", DemoProject.resource(c.resource()));
  }

  /** The first candidate not recorded as a known failure in what the model was shown. */
  static Candidate choose(String text) {
    List<Candidate> candidates = CANDIDATES.getOrDefault(taskKey(text), List.of());
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("the demo coder knows no task in this request");
    }
    List<String> donts =
        text.lines().map(String::strip).filter(l -> l.startsWith("- Don't: ")).toList();
    for (Candidate c : candidates) {
      String named = "approach '" + c.approach() + "'";
      if (donts.stream().noneMatch(l -> l.contains(named))) {
        return c;
      }
    }
    return candidates.get(candidates.size() - 1);
  }

  private static String taskKey(String text) {
    Matcher m = GROUP.matcher(text);
    if (!m.find()) {
      return "";
    }
    String groups = m.group(1).strip();
    return groups.contains("slug-length") ? "slug-length" : groups.split(",")[0].strip();
  }

  private static Optional<String> line(String text, String prefix) {
    return text.lines()
        .map(String::strip)
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).strip())
        .findFirst();
  }

  private static String allText(ChatRequest request) {
    StringBuilder all = new StringBuilder(request.system().orElse("")).append('\n');
    for (ChatMessage m : request.messages()) {
      all.append(m.content()).append('\n');
    }
    return all.toString();
  }

  @Override
  public String toString() {
    return "DemoCoder (deterministic, offline)";
  }
}
