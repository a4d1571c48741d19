package dev.agentops.knowledge.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentops.knowledge.Citation;
import dev.agentops.knowledge.CitationKind;
import dev.agentops.knowledge.Feedback;
import dev.agentops.knowledge.GateDecision;
import dev.agentops.knowledge.QualityScore;
import java.time.Instant;
import java.util.Optional;

/** The JSON lines of the citation and audit logs. */
public final class LogLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LogLines() {}

  /** Writes a citation as one line. */
  public static String citation(Citation c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("learning", c.learning());
    n.put("session", c.session());
    n.put("kind", c.kind().wireName());
    if (c.feedback() != null) {
      n.put("feedback", c.feedback().wireName());
    }
    n.put("at", c.at().toString());
    return n.toString();
  }

  /** Reads a citation line; empty if the line is not one (it is skipped, not fatal). */
  public static Optional<Citation> parseCitation(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.isObject()) {
        return Optional.empty();
      }
      JsonNode feedback = n.get("feedback");
      return Optional.of(
          new Citation(
              n.path("learning").asText(),
              n.path("session").asText(),
              CitationKind.fromWireName(n.path("kind").asText()),
              feedback == null || feedback.isNull()
                  ? null
                  : Feedback.fromWireName(feedback.asText()),
              Instant.parse(n.path("at").asText())));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Writes a gate decision as one audit line. */
  public static String audit(GateDecision d, Instant at) {
    ObjectNode n = JSON.createObjectNode();
    n.put("at", at.toString());
    n.put("decision", d.kind().name().toLowerCase(java.util.Locale.ROOT));
    n.put("candidate", d.candidate().id());
    n.put("kind", d.candidate().kind().wireName());
    n.put("title", d.candidate().title());
    QualityScore s = d.score();
    n.put("tier", s.tier().wireName());
    n.put("total", round(s.total()));
    ObjectNode dims = n.putObject("dimensions");
    dims.put("specificity", round(s.specificity()));
    dims.put("actionability", round(s.actionability()));
    dims.put("novelty", round(s.novelty()));
    dims.put("context", round(s.context()));
    dims.put("confidence", round(s.confidence()));
    ArrayNode defects = n.putArray("defects");
    s.defects().forEach(x -> defects.add(x.name().toLowerCase(java.util.Locale.ROOT)));
    if (d instanceof GateDecision.Discarded x) {
      ArrayNode reasons = n.putArray("reasons");
      x.reasons().forEach(reasons::add);
      if (d.candidate().source().session() != null) {
        n.put("session", d.candidate().source().session());
      }
      if (d.candidate().source().artifact() != null) {
        n.put("artifact", d.candidate().source().artifact());
      }
    } else if (d instanceof GateDecision.Merged m) {
      n.put("into", m.into().id());
      n.put("similarity", round(m.similarity()));
    } else if (d instanceof GateDecision.Superseded x) {
      n.put("replaced", x.replaced().id());
      n.put("similarity", round(x.similarity()));
    }
    return n.toString();
  }

  private static double round(double d) {
    return Math.round(d * 10_000) / 10_000.0;
  }
}
