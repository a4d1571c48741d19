package dev.agentops.benchmarks;

import dev.agentops.context.ContextItem;
import dev.agentops.context.ContextKind;
import dev.agentops.llm.ChatRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded, varied conversation text for the context benchmarks: what an agent's history holds. User
 * turns are short requests; assistant turns mix prose with code blocks and file paths; tool results
 * are build logs, stack traces and JSON. The same seed always gives the same text.
 *
 * <p>The mix matters because tokenizers are slower on some text than on other (long identifiers,
 * digits, punctuation runs); uniform filler would flatter every counter alike.
 */
final class Conversations {

  private static final String[] WORDS =
      ("the a an and or but so because when if then after before while until this that these"
              + " those it we you they is are was were be been has have had do does did can"
              + " should must will would may might not no yes build test tests fails failing"
              + " passes cache state order service request response budget window token tokens"
              + " session handoff council judge verdict ratchet baseline learning citation"
              + " decay freshness utility retry escalate worker workspace branch commit merge"
              + " review plan research implement validate lock extract compaction archive"
              + " summary context limit prompt model reply latency timeout error exception"
              + " null value field record schema json file path module package class method"
              + " interface thread lock queue stream flaky nightly pipeline deploy release")
          .split(" ");

  private static final String[] IDENTIFIERS = {
    "OrderService", "CacheWarmupTest", "ContextBudget", "ModelTokenCounter", "PaymentGateway",
    "RetryPolicy", "GitStore", "KnowledgeFlywheel", "AgentSession", "HttpRetries",
    "StructuredOutput", "LearningExtractor", "Supervisor", "Workspace", "FitnessGoal"
  };

  private static final String[] PACKAGES = {
    "com/acme/orders",
    "com/acme/payments",
    "dev/agentops/context",
    "dev/agentops/store",
    "dev/agentops/ratchet",
    "org/example/billing",
    "io/shop/cart"
  };

  /**
   * One message of a history.
   *
   * @param kind {@code MESSAGE} or {@code TOOL_RESULT}
   * @param role who said it
   * @param text what was said
   */
  record Message(ContextKind kind, ChatRole role, String text) {

    ContextItem toItem() {
      return ContextItem.builder(kind, text).role(role).build();
    }
  }

  private Conversations() {}

  /**
   * Returns a conversation: a user message, sometimes a tool result, then the assistant's reply,
   * repeated.
   *
   * @param messages how many messages
   * @param seed the seed
   * @return the messages, in order
   */
  static List<Message> history(int messages, long seed) {
    Random r = new Random(seed);
    List<Message> out = new ArrayList<>(messages);
    while (out.size() < messages) {
      out.add(new Message(ContextKind.MESSAGE, ChatRole.USER, userTurn(r)));
      if (out.size() < messages && r.nextInt(3) == 0) {
        out.add(new Message(ContextKind.TOOL_RESULT, ChatRole.USER, toolResult(r)));
      }
      if (out.size() < messages) {
        out.add(new Message(ContextKind.MESSAGE, ChatRole.ASSISTANT, assistantTurn(r)));
      }
    }
    return out;
  }

  /**
   * Returns the texts of a conversation, in order.
   *
   * @param messages how many messages
   * @param seed the seed
   * @return the texts
   */
  static List<String> texts(int messages, long seed) {
    List<String> out = new ArrayList<>(messages);
    history(messages, seed).forEach(m -> out.add(m.text()));
    return out;
  }

  /** A user request: one to four sentences, sometimes naming a class or a path. */
  static String userTurn(Random r) {
    StringBuilder sb = new StringBuilder();
    int sentences = 1 + r.nextInt(3);
    for (int i = 0; i < sentences; i++) {
      sentence(sb, r);
    }
    return sb.toString().strip();
  }

  /** A reply: paragraphs of prose, often a code block, sometimes a list of files. */
  static String assistantTurn(Random r) {
    StringBuilder sb = new StringBuilder();
    int paragraphs = 1 + r.nextInt(3);
    for (int p = 0; p < paragraphs; p++) {
      int sentences = 1 + r.nextInt(4);
      for (int i = 0; i < sentences; i++) {
        sentence(sb, r);
      }
      sb.append("\n\n");
      if (r.nextInt(5) == 0) {
        code(sb, r);
      }
    }
    if (r.nextInt(4) == 0) {
      sb.append("Files changed:\n");
      for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
        sb.append("- ").append(path(r)).append('\n');
      }
    }
    return sb.toString().strip();
  }

  /** A tool's output: a build log with a stack trace, or a JSON document. */
  static String toolResult(Random r) {
    StringBuilder sb = new StringBuilder();
    if (r.nextBoolean()) {
      int lines = 3 + r.nextInt(15);
      for (int i = 0; i < lines; i++) {
        sb.append(
            String.format(
                Locale.ROOT,
                "[%s] %02d:%02d:%02d.%03d %s %s - ",
                r.nextInt(10) == 0 ? "ERROR" : "INFO",
                r.nextInt(24),
                r.nextInt(60),
                r.nextInt(60),
                r.nextInt(1000),
                "worker-" + r.nextInt(16),
                identifier(r)));
        sentence(sb, r);
        sb.append('\n');
      }
      if (r.nextInt(2) == 0) {
        sb.append("java.lang.IllegalStateException: ").append(word(r)).append(' ').append(word(r));
        for (int i = 0, n = 3 + r.nextInt(8); i < n; i++) {
          sb.append("\n\tat ")
              .append(PACKAGES[r.nextInt(PACKAGES.length)].replace('/', '.'))
              .append('.')
              .append(identifier(r))
              .append('.')
              .append(word(r))
              .append('(')
              .append(identifier(r))
              .append(".java:")
              .append(1 + r.nextInt(900))
              .append(')');
        }
      }
    } else {
      sb.append("{\"results\":[");
      for (int i = 0, n = 2 + r.nextInt(6); i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(
            String.format(
                Locale.ROOT,
                "{\"id\":\"%08x\",\"path\":\"%s\",\"score\":%.4f,\"line\":%d,\"text\":\"",
                r.nextInt(),
                path(r),
                r.nextDouble(),
                r.nextInt(2000)));
        sentence(sb, r);
        sb.setLength(sb.length() - 1);
        sb.append("\"}");
      }
      sb.append("]}");
    }
    return sb.toString();
  }

  private static void sentence(StringBuilder sb, Random r) {
    int words = 5 + r.nextInt(16);
    for (int i = 0; i < words; i++) {
      String w;
      int pick = r.nextInt(40);
      if (pick == 0) {
        w = identifier(r);
      } else if (pick == 1) {
        w = "`" + identifier(r) + "." + word(r) + "()`";
      } else if (pick == 2) {
        w = Integer.toString(r.nextInt(10_000));
      } else if (pick == 3) {
        w = path(r);
      } else {
        w = word(r);
      }
      if (i == 0) {
        w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
      }
      sb.append(w);
      if (i < words - 1) {
        sb.append(r.nextInt(12) == 0 ? ", " : " ");
      }
    }
    sb.append(r.nextInt(8) == 0 ? "? " : ". ");
  }

  private static void code(StringBuilder sb, Random r) {
    String cls = identifier(r);
    sb.append("```java\n");
    sb.append("class ").append(cls).append("Test {\n");
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      String m = word(r) + "_" + word(r) + "_" + word(r);
      sb.append("  @Test\n  void ").append(m).append("() {\n");
      sb.append("    var ").append(word(r)).append(" = new ").append(identifier(r)).append("(");
      sb.append(r.nextInt(100)).append(", \"").append(word(r)).append("\");\n");
      sb.append("    assertThat(").append(word(r)).append('.').append(word(r)).append("())");
      sb.append(".isEqualTo(").append(r.nextInt(1000)).append(");\n  }\n");
    }
    sb.append("}\n```\n\n");
  }

  private static String path(Random r) {
    return "src/main/java/"
        + PACKAGES[r.nextInt(PACKAGES.length)]
        + "/"
        + identifier(r)
        + (r.nextInt(4) == 0 ? "Test" : "")
        + ".java";
  }

  private static String identifier(Random r) {
    return IDENTIFIERS[r.nextInt(IDENTIFIERS.length)];
  }

  private static String word(Random r) {
    return WORDS[r.nextInt(WORDS.length)];
  }
}
