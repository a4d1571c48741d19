package dev.agentops.llm.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentops.llm.MalformedResponseException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** JSON reading shared by the wire formats. */
final class WireJson {

  private WireJson() {}

  static @Nullable String textOrNull(@Nullable JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new AssertionError("normalized JSON must parse", e);
    }
  }

  static JsonNode readJson(String provider, byte[] body) {
    try {
      JsonNode root = Json.MAPPER.readTree(body);
      if (root == null || !root.isObject()) {
        throw new MalformedResponseException(
            provider, provider + " reply is not a JSON object (" + body.length + " bytes)", null);
      }
      return root;
    } catch (JacksonException e) {
      throw new MalformedResponseException(
          provider,
          provider
              + " reply is not valid JSON ("
              + body.length
              + " bytes): "
              + Json.describeWithoutQuotes(e),
          e);
    } catch (IOException e) {
      throw new MalformedResponseException(provider, provider + " reply could not be read", e);
    }
  }
}
