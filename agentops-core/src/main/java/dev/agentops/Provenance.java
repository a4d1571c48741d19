package dev.agentops;

import dev.agentops.llm.ModelProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where an artifact (a diff, a plan, a learning, a session record) came from: which agent wrote it
 * with which model, in which session, for which work item, when, and a hash of its content.
 *
 * <p>Provenance is what lets AgentOps refuse self-validation (Factor V: the author of an artifact
 * is never one of its validators) and tie every verdict, lock and learning to the exact content it
 * is about. The content hash is the SHA-256 of the content's UTF-8 bytes, in lower-case
 * hexadecimal.
 *
 * <pre>{@code
 * Provenance p = Provenance.builder()
 *     .author("implementer-7")
 *     .model(profile)                 // or .model("claude-sonnet-4-5", "anthropic")
 *     .session("s-0412")
 *     .workItem("ao-3f9k")
 *     .createdAt(clock.instant())
 *     .content(diff)                  // hashes it
 *     .build();
 * }</pre>
 *
 * @param authorAgentId the id of the agent that wrote the artifact
 * @param modelId the id of the model the agent ran on
 * @param vendor who made that model (see {@link ModelProfile#vendor()})
 * @param sessionId the session the artifact was written in
 * @param workItemId the work item it belongs to, or {@code null} if none
 * @param createdAt when it was written
 * @param contentHash the SHA-256 of its content, 64 lower-case hexadecimal digits
 * @since 0.1.0
 */
public record Provenance(
    String authorAgentId,
    String modelId,
    String vendor,
    String sessionId,
    @Nullable String workItemId,
    Instant createdAt,
    String contentHash) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /**
   * Checks the components.
   *
   * @param authorAgentId the author's agent id
   * @param modelId the model id
   * @param vendor the model's vendor
   * @param sessionId the session id
   * @param workItemId the work item id, or {@code null}
   * @param createdAt when the artifact was written
   * @param contentHash the SHA-256 of the content
   * @throws IllegalArgumentException if a text is blank or the hash is not 64 lower-case hex digits
   */
  public Provenance {
    requireText(authorAgentId, "authorAgentId");
    requireText(modelId, "modelId");
    requireText(vendor, "vendor");
    requireText(sessionId, "sessionId");
    if (workItemId != null && workItemId.isBlank()) {
      throw new IllegalArgumentException("workItemId of a provenance must be null or non-blank");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(contentHash, "contentHash");
    if (!SHA256_HEX.matcher(contentHash).matches()) {
      throw new IllegalArgumentException(
          "contentHash of a provenance must be a SHA-256 in 64 lower-case hexadecimal digits, but"
              + " was "
              + contentHash.length()
              + " characters"
              + (contentHash.length() == 64 ? " with a non-hexadecimal or upper-case digit" : ""));
    }
  }

  /**
   * Starts a provenance.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the SHA-256 of a text's UTF-8 bytes.
   *
   * @param content the text
   * @return 64 lower-case hexadecimal digits
   */
  public static String sha256(String content) {
    Objects.requireNonNull(content, "content");
    return sha256(content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns the SHA-256 of some bytes.
   *
   * @param content the bytes
   * @return 64 lower-case hexadecimal digits
   */
  public static String sha256(byte[] content) {
    Objects.requireNonNull(content, "content");
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform must support SHA-256", e);
    }
  }

  /**
   * Tells whether a text is the content this provenance describes.
   *
   * @param content the text
   * @return {@code true} if its SHA-256 is {@link #contentHash()}
   */
  public boolean describes(String content) {
    return sha256(content).equals(contentHash);
  }

  /**
   * Returns a builder holding this provenance's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.authorAgentId = authorAgentId;
    b.modelId = modelId;
    b.vendor = vendor;
    b.sessionId = sessionId;
    b.workItemId = workItemId;
    b.createdAt = createdAt;
    b.contentHash = contentHash;
    return b;
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " of a provenance must not be blank");
    }
  }

  /**
   * Builds a {@link Provenance}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private @Nullable String authorAgentId;
    private @Nullable String modelId;
    private @Nullable String vendor;
    private @Nullable String sessionId;
    private @Nullable String workItemId;
    private @Nullable Instant createdAt;
    private @Nullable String contentHash;

    private Builder() {}

    /**
     * Sets the agent that wrote the artifact.
     *
     * @param agentId its id
     * @return this builder
     */
    public Builder author(String agentId) {
      this.authorAgentId = Objects.requireNonNull(agentId, "agentId");
      return this;
    }

    /**
     * Sets the model the author ran on.
     *
     * @param modelId the model's id
     * @param vendor who made it
     * @return this builder
     */
    public Builder model(String modelId, String vendor) {
      this.modelId = Objects.requireNonNull(modelId, "modelId");
      this.vendor = Objects.requireNonNull(vendor, "vendor");
      return this;
    }

    /**
     * Sets the model the author ran on, from its profile.
     *
     * @param profile the model's profile; its model id and vendor are kept
     * @return this builder
     */
    public Builder model(ModelProfile profile) {
      Objects.requireNonNull(profile, "profile");
      return model(profile.modelId(), profile.vendor());
    }

    /**
     * Sets the session the artifact was written in.
     *
     * @param sessionId the session's id
     * @return this builder
     */
    public Builder session(String sessionId) {
      this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
      return this;
    }

    /**
     * Sets the work item the artifact belongs to.
     *
     * @param workItemId the item's id, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder workItem(@Nullable String workItemId) {
      this.workItemId = workItemId;
      return this;
    }

    /**
     * Sets when the artifact was written.
     *
     * @param createdAt the instant
     * @return this builder
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /**
     * Sets the content hash to the SHA-256 of a text.
     *
     * @param content the artifact's content
     * @return this builder
     */
    public Builder content(String content) {
      this.contentHash = sha256(content);
      return this;
    }

    /**
     * Sets the content hash directly, for content hashed elsewhere.
     *
     * @param contentHash a SHA-256 in 64 lower-case hexadecimal digits
     * @return this builder
     */
    public Builder contentHash(String contentHash) {
      this.contentHash = Objects.requireNonNull(contentHash, "contentHash");
      return this;
    }

    /**
     * Builds the provenance.
     *
     * @return the provenance
     * @throws IllegalStateException if the author, model, session, creation time or content was not
     *     set, naming the first one missing
     * @throws IllegalArgumentException if a value is invalid
     */
    public Provenance build() {
      return new Provenance(
          required(authorAgentId, "author"),
          required(modelId, "model"),
          required(vendor, "model"),
          required(sessionId, "session"),
          workItemId,
          required(createdAt, "createdAt"),
          required(contentHash, "content"));
    }

    private static <T> T required(@Nullable T value, String setter) {
      if (value == null) {
        throw new IllegalStateException("a provenance needs " + setter + "(...) to be set");
      }
      return value;
    }
  }
}
