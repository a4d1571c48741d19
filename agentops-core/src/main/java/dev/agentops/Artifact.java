package dev.agentops;

import java.util.Objects;

/**
 * Something an agent produced and that is to be checked, validated or kept: a diff, a plan, a
 * document, a learning. Its content is carried as text together with its {@link Provenance}, whose
 * content hash must be the hash of exactly this text, so that whatever is said about the artifact
 * (a gate's result, a verdict) is said about the content the provenance names.
 *
 * <pre>{@code
 * Artifact diff = Artifact.of("diff for ao-3f9k", diffText, Provenance.builder()
 *     .author("implementer-7").model(profile).session("s-0412")
 *     .createdAt(clock.instant()));
 * }</pre>
 *
 * @param name what the artifact is, in a few words, such as {@code "diff for ao-3f9k"}
 * @param content the artifact's text
 * @param provenance where it came from; its content hash is the hash of {@code content}
 * @since 0.1.0
 */
public record Artifact(String name, String content, Provenance provenance) {

  /**
   * Checks that the provenance describes the content.
   *
   * @param name what the artifact is
   * @param content its text
   * @param provenance where it came from
   * @throws IllegalArgumentException if the name is blank or the provenance's content hash is not
   *     the hash of the content
   */
  public Artifact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(provenance, "provenance");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name of an artifact must not be blank");
    }
    if (!provenance.describes(content)) {
      throw new IllegalArgumentException(
          "the provenance of artifact '"
              + name
              + "' has content hash "
              + provenance.contentHash()
              + ", but the content's SHA-256 is "
              + Provenance.sha256(content));
    }
  }

  /**
   * Creates an artifact, hashing its content into the provenance.
   *
   * @param name what the artifact is
   * @param content its text
   * @param provenance the provenance without its content hash, which is set here
   * @return the artifact
   * @throws IllegalStateException if the provenance builder misses a required value
   */
  public static Artifact of(String name, String content, Provenance.Builder provenance) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(provenance, "provenance");
    return new Artifact(name, content, provenance.content(content).build());
  }
}
