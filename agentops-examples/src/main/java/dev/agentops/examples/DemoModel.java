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
 * ({@code Goal:}, {@code Found:}, {@code Next:}, "We tried", sentences with "because", questions)
 * and answers with the JSON a good model would give.
 *
 * <p>On the first attempt of a conversation it makes a mistake real models make: it wraps its JSON
 * in a code fence and leaves out the {@code nextStep} field. That lets the example show structured
 * output's check-and-ask-again loop. Thread-safe (stateless).
 */
public final class DemoModel implements LanguageModel {

  /** The model id the demo model reports. */
  public static final String ID = "demo-model (deterministic, offline)";

  /** Creates the demo model. */
  public DemoModel() {}

  @Override
  public ChatResponse chat(ChatRequest request) {
    if (request.responseFormat().kind() != ResponseFormat.Kind.JSON_SCHEMA) {
      return ChatResponse.builder("The demo model only answers structured requests.")
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

  static String handoffJson(String notes, boolean complete) {
    String goal = "";
    String next = "";
    List<String> findings = new ArrayList<>();
    List<String> questions = new ArrayList<>();
    List<String> deadEnds = new ArrayList<>();
    List<String[]> decisions = new ArrayList<>();
    for (String raw : notes.split("\n")) {
      String line = raw.strip();
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("goal:")) {
        goal = line.substring(5).strip();
      } else if (lower.startsWith("next:")) {
        next = line.substring(5).strip();
      } else if (lower.startsWith("found:") || lower.startsWith("observed:")) {
        findings.add(line.substring(line.indexOf(':') + 1).strip());
      } else if (lower.startsWith("we tried")) {
        deadEnds.add(trimPeriod(line));
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
    sb.append("  \"decisions\": [");
    for (int i = 0; i < decisions.size(); i++) {
      sb.append(i == 0 ? "\n" : ",\n");
      sb.append("    {\"decision\": ").append(quote(decisions.get(i)[0]));
      sb.append(", \"rationale\": ").append(quote(decisions.get(i)[1])).append('}');
    }
    sb.append("\n  ],\n");
    sb.append("  \"findings\": ").append(array(findings)).append(",\n");
    sb.append("  \"deadEnds\": ").append(array(deadEnds)).append(",\n");
    sb.append("  \"openQuestions\": ").append(array(questions));
    if (complete) {
      sb.append(",\n  \"nextStep\": ").append(quote(next));
    }
    return sb.append("\n}").toString();
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
