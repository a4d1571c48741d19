package dev.agentops.validation;

import dev.agentops.Artifact;
import dev.agentops.Provenance;
import dev.agentops.llm.ModelProfile;
import dev.agentops.testkit.ScriptedLanguageModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Judges on scripted models, artifacts and verdicts for the tests of this package. */
final class Scripted {

  static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");

  private Scripted() {}

  static ModelProfile profile(String vendor, String modelId) {
    return ModelProfile.builder(vendor, modelId).vendor(vendor).build();
  }

  /** A judge's JSON reply. */
  static String reply(String verdict, double confidence, Finding... findings) {
    StringBuilder json = new StringBuilder();
    json.append("{\"verdict\":\"")
        .append(verdict)
        .append("\",\"confidence\":")
        .append(String.format(Locale.ROOT, "%.2f", confidence))
        .append(",\"summary\":\"")
        .append(verdict.toLowerCase(Locale.ROOT))
        .append(" by rubric\",\"findings\":[");
    for (int i = 0; i < findings.length; i++) {
      Finding f = findings[i];
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"severity\":\"")
          .append(f.severity())
          .append("\",\"category\":\"")
          .append(f.category())
          .append("\",\"description\":\"")
          .append(f.description())
          .append("\",\"location\":")
          .append(f.location() == null ? "null" : "\"" + f.location() + "\"")
          .append(",\"recommendation\":")
          .append(f.recommendation() == null ? "null" : "\"" + f.recommendation() + "\"")
          .append('}');
    }
    return json.append("]}").toString();
  }

  static ScriptedLanguageModel model(String modelId, String... replies) {
    ScriptedLanguageModel.Builder b = ScriptedLanguageModel.builder().modelId(modelId);
    for (String r : replies) {
      b.reply(r);
    }
    return b.build();
  }

  static Judge judge(String id, String vendor, String modelId, ScriptedLanguageModel model) {
    return Judge.builder(id, model, profile(vendor, modelId))
        .rubric("You review changes for correctness.")
        .build();
  }

  /** A judge on a model that answers every request with the same reply. */
  static Judge judge(String id, String vendor, String reply) {
    return judge(
        id,
        vendor,
        vendor + "-model",
        ScriptedLanguageModel.builder().modelId(vendor + "-model").otherwise(r -> reply).build());
  }

  static Provenance.Builder provenance(String author, String modelId, String vendor) {
    return Provenance.builder()
        .author(author)
        .model(modelId, vendor)
        .session("s-0412")
        .workItem("ao-3f9k")
        .createdAt(NOW);
  }

  static Artifact artifact(String content) {
    return Artifact.of(
        "diff for ao-3f9k", content, provenance("implementer-7", "claude-sonnet-4-5", "anthropic"));
  }

  /** A judge's verdict as a council would receive it. */
  static JudgeVerdict vote(
      String judge, String vendor, VerdictStatus status, double confidence, Finding... findings) {
    return new JudgeVerdict(
        judge,
        vendor + "-model",
        vendor,
        status,
        status == VerdictStatus.ERROR ? 0 : confidence,
        status.name(),
        List.of(findings),
        status == VerdictStatus.ERROR ? 0 : 1,
        dev.agentops.llm.TokenUsage.of(100, 20),
        Duration.ofMillis(10));
  }
}
