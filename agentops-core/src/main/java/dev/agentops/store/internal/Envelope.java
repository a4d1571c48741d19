package dev.agentops.store.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentops.llm.internal.Json;
import dev.agentops.store.RecordFormat;
import dev.agentops.store.RecordKey;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The part of a record's text the store owns: its revision, in the {@code revision} field of a JSON
 * object or the {@code revision} key of Markdown front matter. Also the checks every record passes:
 * size, UTF-8, shape.
 */
public final class Envelope {

  /** The largest record the stores accept, in bytes of UTF-8. */
  public static final int MAX_RECORD_BYTES = 1 << 20;

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectWriter PRETTY =
      Json.MAPPER.writer(
          new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
  static final Pattern FRONT_MATTER =
      Pattern.compile(
          "\\A---[ \\t]*\\r?\\n(.*?)(?:\\r?\\n)?^---[ \\t]*(?:\\r?\\n|\\z)",
          Pattern.DOTALL | Pattern.MULTILINE);
  private static final Pattern REVISION_LINE =
      Pattern.compile("^revision:[^\\r\\n]*$", Pattern.MULTILINE);

  private Envelope() {}

  /** A record whose text cannot be read; the message says why, without quoting the text. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /** Decodes stored bytes as strict UTF-8. */
  public static String decode(byte[] bytes) throws Unreadable {
    if (bytes.length > MAX_RECORD_BYTES) {
      throw new Unreadable("is " + bytes.length + " bytes, over the limit of " + MAX_RECORD_BYTES);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Unreadable("is not valid UTF-8");
    }
  }

  /** Reads a record's revision; a record written without one counts as revision 1. */
  public static long revision(RecordFormat format, String content) throws Unreadable {
    JsonNode revision =
        format == RecordFormat.JSON
            ? jsonObject(content).get("revision")
            : frontMatter(content).get("revision");
    if (revision == null || revision.isNull()) {
      return 1;
    }
    if (!revision.canConvertToLong() || !revision.isIntegralNumber() || revision.asLong() < 1) {
      throw new Unreadable("has a revision that is not a whole number >= 1");
    }
    return revision.asLong();
  }

  /**
   * Returns the text with its revision set. JSON is re-written with two-space indentation and a
   * final newline, so that diffs stay readable; Markdown keeps every byte but the revision line.
   *
   * @throws IllegalArgumentException if the text is not of the format, or too large
   */
  public static String stamp(RecordKey key, RecordFormat format, String content, long revision) {
    String stamped;
    try {
      if (format == RecordFormat.JSON) {
        ObjectNode object = jsonObject(content);
        ObjectNode out;
        if (object.has("revision")) {
          out = object;
          out.put("revision", revision);
        } else {
          out = Json.MAPPER.createObjectNode();
          if (object.has("schemaVersion")) {
            out.set("schemaVersion", object.get("schemaVersion"));
          }
          out.put("revision", revision);
          out.setAll(object);
        }
        stamped = PRETTY.writeValueAsString(out) + "\n";
      } else {
        frontMatter(content);
        Matcher m = FRONT_MATTER.matcher(content);
        if (!m.find()) {
          throw new AssertionError("front matter was just parsed");
        }
        String block = m.group(1);
        Matcher line = REVISION_LINE.matcher(block);
        String newBlock =
            line.find()
                ? block.substring(0, line.start())
                    + "revision: "
                    + revision
                    + block.substring(line.end())
                : "revision: " + revision + (block.isEmpty() ? "" : "\n" + block);
        stamped = content.substring(0, m.start(1)) + newBlock + content.substring(m.end(1));
      }
    } catch (Unreadable e) {
      throw new IllegalArgumentException("content of " + key + " " + e.getMessage());
    } catch (JacksonException e) {
      throw new IllegalArgumentException("content of " + key + " cannot be written as JSON", e);
    }
    int bytes = stamped.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "content of " + key + " is " + bytes + " bytes, over the limit of " + MAX_RECORD_BYTES);
    }
    return stamped;
  }

  /** Parses a JSON record's text. */
  public static ObjectNode jsonObject(String content) throws Unreadable {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(content);
    } catch (JacksonException e) {
      throw new Unreadable("is not valid JSON: " + Json.describeWithoutQuotes(e));
    }
    if (!(node instanceof ObjectNode object)) {
      throw new Unreadable("is not a JSON object");
    }
    return object;
  }

  /**
   * Parses a Markdown record's front matter: what the store's own writer produces with a fast
   * reader ({@link FrontMatter}), anything else with the full YAML parser.
   */
  public static ObjectNode frontMatter(String content) throws Unreadable {
    String block = frontMatterBlock(content);
    ObjectNode fast = FrontMatter.parse(block);
    return fast != null ? fast : yaml(block);
  }

  /** Parses a Markdown record's front matter with the full YAML parser only. */
  public static ObjectNode frontMatterByYaml(String content) throws Unreadable {
    return yaml(frontMatterBlock(content));
  }

  private static String frontMatterBlock(String content) throws Unreadable {
    int[] split = split(content);
    if (split == null) {
      throw new Unreadable(
          "has no front matter: it must start with a '---' line and close with another");
    }
    return content.substring(split[0], split[1]);
  }

  /**
   * Finds the front matter as {@link #FRONT_MATTER} does: the start and end of its block and the
   * start of the body, or null if there is none. Text with line breaks other than a plain newline
   * goes to the pattern itself, whose idea of a line is wider; the rest is scanned by hand, which
   * costs a tenth of the pattern's lazy match.
   */
  static int @Nullable [] split(String content) {
    int n = content.length();
    if (!content.startsWith("---")) {
      return null;
    }
    int i = 3;
    while (i < n && (content.charAt(i) == ' ' || content.charAt(i) == '\t')) {
      i++;
    }
    if (i >= n || content.charAt(i) != '\n') {
      return splitByPattern(content);
    }
    int start = i + 1;
    int line = start;
    while (line <= n) {
      if (content.startsWith("---", line)) {
        int j = line + 3;
        while (j < n && (content.charAt(j) == ' ' || content.charAt(j) == '\t')) {
          j++;
        }
        if (j == n || content.charAt(j) == '\n') {
          return new int[] {start, Math.max(start, line - 1), j == n ? n : j + 1};
        }
        if (content.charAt(j) == '\r') {
          return splitByPattern(content);
        }
      }
      int k = line;
      while (k < n) {
        char c = content.charAt(k);
        if (c == '\n') {
          break;
        }
        if (c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
          return splitByPattern(content);
        }
        k++;
      }
      if (k >= n) {
        return null;
      }
      line = k + 1;
    }
    return null;
  }

  private static int @Nullable [] splitByPattern(String content) {
    Matcher m = FRONT_MATTER.matcher(content);
    return m.find() ? new int[] {m.start(1), m.end(1), m.end()} : null;
  }

  private static ObjectNode yaml(String block) throws Unreadable {
    JsonNode node;
    try {
      node = YAML.readTree(block);
    } catch (JacksonException e) {
      // The YAML parser's message quotes the offending lines of the record: keep only the place.
      JsonLocation at = e.getLocation();
      throw new Unreadable(
          "has front matter that is not valid YAML"
              + (at == null || at.getLineNr() < 1
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + " of it)"));
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return Json.MAPPER.createObjectNode();
    }
    if (!(node instanceof ObjectNode object)) {
      throw new Unreadable("has front matter that is not a mapping of keys to values");
    }
    return object;
  }

  /** Returns the Markdown body after the front matter. */
  public static String body(String content) throws Unreadable {
    int[] split = split(content);
    if (split == null) {
      throw new Unreadable("has no front matter");
    }
    return content.substring(split[2]);
  }

  /** Renders front matter and a body as a Markdown record. */
  public static String markdown(Map<String, ?> frontMatter, String body) {
    try {
      String yaml = YAML.writeValueAsString(frontMatter);
      if (yaml.startsWith("---")) {
        yaml = yaml.substring(yaml.indexOf('\n') + 1);
      }
      return "---\n" + yaml + (yaml.endsWith("\n") ? "" : "\n") + "---\n" + body;
    } catch (JacksonException e) {
      throw new IllegalArgumentException("front matter cannot be written as YAML", e);
    }
  }
}
