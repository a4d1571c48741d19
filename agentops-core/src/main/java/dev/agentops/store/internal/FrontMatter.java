package dev.agentops.store.internal;

import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * A fast reader for the YAML front matter the store's own writer produces (Jackson's YAML
 * generator): block mappings of plain keys, block sequences, double-quoted strings (escapes and
 * line folding included), and the plain scalars {@code null}, {@code true}, {@code false}, whole
 * and decimal numbers, {@code []} and {@code {}}.
 *
 * <p>It reads that subset to the same tree the full YAML parser builds, and declines anything else
 * (comments, anchors, tags, single quotes, block scalars, flow collections with content, other
 * plain scalars, tabs, carriage returns, characters YAML does not allow raw, duplicate keys,
 * unexpected indentation): the caller then parses with the full YAML parser, so nothing valid is
 * refused and bad input gets the parser's error. Declining is never an error.
 */
public final class FrontMatter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String s;
  private final int n;
  private int pos;

  private FrontMatter(String block) {
    this.s = block;
    this.n = block.length();
  }

  /** Thrown, without a stack trace, when the text is outside the subset. */
  private static final class Decline extends Exception {
    private static final long serialVersionUID = 1L;
    static final Decline INSTANCE = new Decline();

    private Decline() {
      super(null, null, false, false);
    }
  }

  /**
   * Reads a front matter block (the text between the {@code ---} lines, without them).
   *
   * @return the mapping, or null if the block is outside the subset this reader knows
   */
  public static @Nullable ObjectNode parse(String block) {
    try {
      FrontMatter p = new FrontMatter(block);
      p.checkCharacters();
      ObjectNode root = NODES.objectNode();
      if (p.n == 0) {
        return root;
      }
      p.mapping(0, root);
      if (p.pos < p.n) {
        throw Decline.INSTANCE;
      }
      return root;
    } catch (Decline e) {
      return null;
    }
  }

  /** Declines characters YAML refuses raw, or treats as line breaks, and tabs and CRs. */
  private void checkCharacters() throws Decline {
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c <= 0x7E || c == '\n') {
        continue;
      }
      if (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029
          || c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
        continue;
      }
      throw Decline.INSTANCE;
    }
  }

  /** Counts the spaces at the start of the line at {@code pos}. */
  private int indentAt(int at) {
    int i = at;
    while (i < n && s.charAt(i) == ' ') {
      i++;
    }
    return i - at;
  }

  private int lineEnd(int from) {
    int e = s.indexOf('\n', from);
    return e < 0 ? n : e;
  }

  /** Moves past the end of the current line, at {@code at} a newline or the end. */
  private void nextLine(int at) {
    pos = at < n ? at + 1 : n;
  }

  /** Reads the entries of a block mapping whose keys are at {@code indent}. */
  private void mapping(int indent, ObjectNode into) throws Decline {
    boolean first = true;
    while (pos < n) {
      int ind = indentAt(pos);
      if (ind < indent && !first) {
        return;
      }
      if (ind != indent) {
        throw Decline.INSTANCE;
      }
      first = false;
      int k = pos + ind;
      int keyEnd = k;
      if (keyEnd < n && isKeyStart(s.charAt(keyEnd))) {
        keyEnd++;
        while (keyEnd < n && isKeyPart(s.charAt(keyEnd))) {
          keyEnd++;
        }
      }
      if (keyEnd == k || keyEnd >= n || s.charAt(keyEnd) != ':') {
        throw Decline.INSTANCE;
      }
      int after = keyEnd + 1;
      JsonNode value;
      if (after >= n || s.charAt(after) == '\n') {
        nextLine(after);
        value = nested(indent);
      } else if (s.charAt(after) == ' ') {
        pos = after + 1;
        value = value(indent);
      } else {
        throw Decline.INSTANCE;
      }
      if (into.putIfAbsent(s.substring(k, keyEnd), value) != null) {
        // a duplicate key
        throw Decline.INSTANCE;
      }
    }
  }

  /** Reads the block under a key with nothing after its colon: a mapping or a sequence. */
  private JsonNode nested(int indent) throws Decline {
    if (pos >= n) {
      throw Decline.INSTANCE;
    }
    int ind = indentAt(pos);
    int at = pos + ind;
    if (ind >= indent && at + 1 < n && s.charAt(at) == '-' && s.charAt(at + 1) == ' ') {
      ArrayNode items = NODES.arrayNode();
      while (pos < n && indentAt(pos) == ind && pos + ind + 1 < n) {
        int dash = pos + ind;
        if (s.charAt(dash) != '-' || s.charAt(dash + 1) != ' ') {
          break;
        }
        pos = dash + 2;
        items.add(value(ind));
      }
      return items;
    }
    if (ind > indent) {
      ObjectNode object = NODES.objectNode();
      mapping(ind, object);
      return object;
    }
    throw Decline.INSTANCE;
  }

  /**
   * Reads a scalar starting at {@code pos}, and moves to the next line. Continuation lines of a
   * quoted scalar must be indented past {@code indent}.
   */
  private JsonNode value(int indent) throws Decline {
    if (pos < n && s.charAt(pos) == '"') {
      String text = doubleQuoted(indent);
      int end = lineEnd(pos);
      for (int i = pos; i < end; i++) {
        if (s.charAt(i) != ' ') {
          throw Decline.INSTANCE;
        }
      }
      nextLine(end);
      return NODES.textNode(text);
    }
    int end = lineEnd(pos);
    JsonNode node = plain(s.substring(pos, end));
    nextLine(end);
    return node;
  }

  private static JsonNode plain(String v) throws Decline {
    switch (v) {
      case "null":
        return NODES.nullNode();
      case "true":
        return NODES.booleanNode(true);
      case "false":
        return NODES.booleanNode(false);
      case "[]":
        return NODES.arrayNode();
      case "{}":
        return NODES.objectNode();
      default:
        break;
    }
    int i = 0;
    int len = v.length();
    if (i < len && v.charAt(i) == '-') {
      i++;
    }
    int digits = i;
    while (i < len && isDigit(v.charAt(i))) {
      i++;
    }
    int intDigits = i - digits;
    if (intDigits == 0 || intDigits > 1 && v.charAt(digits) == '0') {
      throw Decline.INSTANCE;
    }
    if (i == len) {
      long value;
      try {
        value = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw Decline.INSTANCE;
      }
      return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }
    if (v.charAt(i) != '.') {
      throw Decline.INSTANCE;
    }
    i++;
    int fraction = i;
    while (i < len && isDigit(v.charAt(i))) {
      i++;
    }
    if (i == fraction || i != len) {
      throw Decline.INSTANCE;
    }
    // Jackson's fast parser: the same correctly rounded value, without the JDK's slow path
    return NODES.numberNode(NumberInput.parseDouble(v, true));
  }

  /** Reads a double-quoted scalar at {@code pos}, leaving {@code pos} after its closing quote. */
  private String doubleQuoted(int indent) throws Decline {
    int i = pos + 1;
    int run = special(i);
    if (run < n && s.charAt(run) == '"') {
      // one line, no escapes: the common case
      pos = run + 1;
      return s.substring(i, run);
    }
    StringBuilder b = new StringBuilder(Math.min(n - i, 256));
    // The length of the text before any raw white space at its end, which folding drops.
    int kept = 0;
    while (true) {
      int end = special(i);
      if (end > i) {
        b.append(s, i, end);
        int text = end;
        while (text > i && s.charAt(text - 1) == ' ') {
          text--;
        }
        if (text > i) {
          kept = b.length() - (end - text);
        }
        i = end;
      }
      if (i >= n) {
        throw Decline.INSTANCE;
      }
      char c = s.charAt(i);
      if (c == '"') {
        pos = i + 1;
        return b.toString();
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          throw Decline.INSTANCE;
        }
        char e = s.charAt(i + 1);
        if (e == '\n') {
          i = continuation(i + 2, indent);
          if (s.charAt(i) == '\n') {
            throw Decline.INSTANCE;
          }
          kept = b.length();
          continue;
        }
        i = escape(b, i + 1);
        kept = b.length();
        continue;
      }
      // a line break: folded
      b.setLength(kept);
      int breaks = 0;
      int next = i + 1;
      while (true) {
        int start = continuation(next, indent);
        if (start < n && s.charAt(start) == '\n') {
          breaks++;
          next = start + 1;
          continue;
        }
        i = start;
        break;
      }
      if (breaks == 0) {
        b.append(' ');
      } else {
        for (int k = 0; k < breaks; k++) {
          b.append('\n');
        }
      }
      kept = b.length();
    }
  }

  /** Returns where the next quote, backslash or line break is from {@code from}, or the end. */
  private int special(int from) {
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c == '\n') {
        return i;
      }
      i++;
    }
    return n;
  }

  /**
   * Returns where the text of a continuation line starts, past its indentation; an empty line
   * returns its newline. Declines a line not indented past {@code indent}, or the end of the text.
   */
  private int continuation(int lineStart, int indent) throws Decline {
    if (lineStart >= n) {
      throw Decline.INSTANCE;
    }
    int ind = indentAt(lineStart);
    int at = lineStart + ind;
    if (at >= n) {
      throw Decline.INSTANCE;
    }
    if (s.charAt(at) == '\n') {
      return at;
    }
    if (ind <= indent) {
      throw Decline.INSTANCE;
    }
    return at;
  }

  /** Appends the escape at {@code i} (the character after the backslash); returns what follows. */
  private int escape(StringBuilder b, int i) throws Decline {
    char e = s.charAt(i);
    switch (e) {
      case '0':
        b.append('\0');
        return i + 1;
      case 'a':
        b.append('\u0007');
        return i + 1;
      case 'b':
        b.append('\b');
        return i + 1;
      case 't':
        b.append('\t');
        return i + 1;
      case 'n':
        b.append('\n');
        return i + 1;
      case 'v':
        b.append('\u000B');
        return i + 1;
      case 'f':
        b.append('\f');
        return i + 1;
      case 'r':
        b.append('\r');
        return i + 1;
      case 'e':
        b.append('\u001B');
        return i + 1;
      case ' ':
        b.append(' ');
        return i + 1;
      case '"':
        b.append('"');
        return i + 1;
      case '\\':
        b.append('\\');
        return i + 1;
      case 'N':
        b.append('\u0085');
        return i + 1;
      case '_':
        b.append('\u00A0');
        return i + 1;
      case 'L':
        b.append('\u2028');
        return i + 1;
      case 'P':
        b.append('\u2029');
        return i + 1;
      case 'x':
        return hex(b, i + 1, 2);
      case 'u':
        return hex(b, i + 1, 4);
      case 'U':
        return hex(b, i + 1, 8);
      default:
        throw Decline.INSTANCE;
    }
  }

  private int hex(StringBuilder b, int from, int digits) throws Decline {
    if (from + digits > n) {
      throw Decline.INSTANCE;
    }
    int cp = 0;
    for (int i = from; i < from + digits; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        throw Decline.INSTANCE;
      }
      cp = cp * 16 + d;
    }
    if (cp < 0 || cp > Character.MAX_CODE_POINT || cp >= 0xD800 && cp <= 0xDFFF) {
      throw Decline.INSTANCE;
    }
    b.appendCodePoint(cp);
    return from + digits;
  }

  private static boolean isKeyStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isKeyPart(char c) {
    return isKeyStart(c) || isDigit(c) || c == '_' || c == '-';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
