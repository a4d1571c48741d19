package dev.agentops.llm.internal;

/** Finds the JSON in what a model wrote: inside a code fence, or between prose. */
public final class JsonText {

  private JsonText() {}

  /**
   * Returns the part of a reply most likely to be the JSON value: the body of a fenced code block
   * if there is one, else the span from the first <code>{</code> or <code>[</code> to the last
   * matching closer, else the trimmed reply.
   *
   * <p>A fence closes only at the start of a line: JSON strings cannot hold a raw line break, so
   * backticks inside a string value (a snippet of Markdown, say) never end the block.
   */
  public static String extract(String reply) {
    String text = reply.strip();
    int fence = text.indexOf("```");
    if (fence >= 0) {
      int bodyStart = text.indexOf('\n', fence);
      int end = bodyStart < 0 ? -1 : closingFence(text, bodyStart + 1);
      if (end >= 0) {
        return text.substring(bodyStart + 1, end).strip();
      }
    }
    int object = text.indexOf('{');
    int array = text.indexOf('[');
    int start = object < 0 ? array : array < 0 ? object : Math.min(object, array);
    if (start < 0) {
      return text;
    }
    char closer = text.charAt(start) == '{' ? '}' : ']';
    int end = text.lastIndexOf(closer);
    return end > start ? text.substring(start, end + 1) : text.substring(start);
  }

  /** Returns where the first line from {@code from} on that begins with a fence starts, or -1. */
  private static int closingFence(String text, int from) {
    int line = from;
    while (line < text.length()) {
      int content = line;
      while (content < text.length()
          && (text.charAt(content) == ' ' || text.charAt(content) == '\t')) {
        content++;
      }
      if (text.startsWith("```", content)) {
        return line;
      }
      int next = text.indexOf('\n', line);
      if (next < 0) {
        return -1;
      }
      line = next + 1;
    }
    return -1;
  }
}
