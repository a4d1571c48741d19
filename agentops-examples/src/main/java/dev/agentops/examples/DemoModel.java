package dev.agentops.examples;

import dev.agentops.llm.ChatMessage;
import dev.agentops.llm.ChatRequest;
import dev.agentops.llm.ChatResponse;
import dev.agentops.llm.ChatRole;
import dev.agentops.llm.LanguageModel;
import dev.agentops.llm.ResponseFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic, offline stand-in for a language model, so that the examples run anywhere. It is
 * not a model and does not pretend to be one: it reads session notes written in a simple convention
 * ({@code Goal:}, {@code Found:}, {@code Constraint:}, {@code Artifact:}, {@code Next:}, "We
 * tried", sentences with "because", questions) and answers with the handoff JSON a good model would
 * give.
 *
 * <p>On the first attempt of a conversation it makes a mistake real models make: it wraps its JSON
 * in a code fence and leaves out the {@code nextStep} field. That lets the example show structured
 * output's check-and-ask-again loop. Requests that do not ask for JSON get a short acknowledgement.
 * Thread-safe (stateless).
 */
public final class DemoModel implements LanguageModel {

  /** The model id the demo model reports. */
  public static final String ID = "demo-model";

  /** Creates the demo model. */
  public DemoModel() {}

  @Override
  public ChatResponse chat(ChatRequest request) {
    if (request.responseFormat().kind() != ResponseFormat.Kind.JSON_SCHEMA) {
      return ChatResponse.builder("Understood. Starting with: " + lastUserMessage(request))
          .modelId(ID)
          .build();
    }
    String notes = firstUserMessage(request);
    boolean firstAttempt =
        request.messages().stream().noneMatch(m -> m.role() == ChatRole.ASSISTANT);
    String json = handoffJson(notes, !firstAttempt);
    String text = firstAttempt ? "Here is the handoff:\n```json\n" + json + "\n```" : json;
    return ChatResponse.builder(text).modelId(ID).build();
  }

  private static String firstUserMessage(ChatRequest request) {
    for (ChatMessage m : request.messages()) {
      if (m.role() == ChatRole.USER) {
        return m.content();
      }
    }
    return "";
  }

  private static String lastUserMessage(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    String last = messages.get(messages.size() - 1).content().strip();
    return last.length() <= 80 ? last : last.substring(0, 80) + "…";
  }

  static String handoffJson(String notes, boolean complete) {
    String goal = "";
    String next = "";
    List<String> findings = new ArrayList<>();
    List<String> questions = new ArrayList<>();
    List<String> constraints = new ArrayList<>();
    List<String[]> artifacts = new ArrayList<>();
    List<String[]> decisions = new ArrayList<>();
    for (String raw : notes.split("\n")) {
      String line = raw.strip();
      String lower = line.toLowerCase(Locale.ROOT);
      String rest = line.substring(line.indexOf(':') + 1).strip();
      if (lower.startsWith("goal:")) {
        goal = rest;
      } else if (lower.startsWith("next:")) {
        next = rest;
      } else if (lower.startsWith("constraint:")) {
        constraints.add(rest);
      } else if (lower.startsWith("artifact:")) {
        int space = rest.indexOf(' ');
        artifacts.add(
            space < 0
                ? new String[] {rest, ""}
                : new String[] {rest.substring(0, space), trimPeriod(rest.substring(space + 1))});
      } else if (lower.startsWith("found:") || lower.startsWith("observed:")) {
        findings.add(rest);
      } else if (lower.startsWith("we tried")) {
        findings.add("Dead end: " + trimPeriod(line));
      } else if (line.endsWith("?")) {
        questions.add(line);
      } else if (lower.contains(" because ")) {
        int at = lower.indexOf(" because ");
        decisions.add(
            new String[] {line.substring(0, at).strip(), trimPeriod(line.substring(at + 9))});
      }
    }
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"goal\": ").append(quote(goal)).append(",\n");
    sb.append("  \"decisions\": ").append(pairs(decisions, "decision", "rationale")).append(",\n");
    sb.append("  \"findings\": ").append(array(findings)).append(",\n");
    sb.append("  \"openQuestions\": ").append(array(questions)).append(",\n");
    sb.append("  \"artifacts\": ").append(pairs(artifacts, "ref", "description")).append(",\n");
    sb.append("  \"constraints\": ").append(array(constraints));
    if (complete) {
      sb.append(",\n  \"nextStep\": ").append(quote(next));
    }
    return sb.append("\n}").toString();
  }

  private static String pairs(List<String[]> pairs, String first, String second) {
    List<String> objects = new ArrayList<>();
    for (String[] p : pairs) {
      objects.add(
          "{\"" + first + "\": " + quote(p[0]) + ", \"" + second + "\": " + quote(p[1]) + "}");
    }
    return "[" + String.join(", ", objects) + "]";
  }

  private static String trimPeriod(String s) {
    String t = s.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  private static String array(List<String> items) {
    List<String> quoted = new ArrayList<>();
    items.forEach(i -> quoted.add(quote(i)));
    return "[" + String.join(", ", quoted) + "]";
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  @Override
  public String toString() {
    return "DemoModel";
  }
}
