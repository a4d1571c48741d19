package dev.agentops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentops.llm.ModelProfile;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProvenanceTest {

  static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");

  static Provenance.Builder base() {
    return Provenance.builder()
        .author("implementer-7")
        .model("claude-sonnet-4-5", "anthropic")
        .session("s-0412")
        .workItem("ao-3f9k")
        .createdAt(NOW);
  }

  @Nested
  class ContentHash {

    @Test
    void isTheSha256OfTheUtf8Bytes() {
      // Known answers: FIPS 180-2's "abc", and the empty string.
      assertThat(Provenance.sha256("abc"))
          .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      assertThat(Provenance.sha256(""))
          .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      assertThat(Provenance.sha256("é"))
          .isEqualTo(Provenance.sha256(new byte[] {(byte) 0xc3, (byte) 0xa9}));
    }

    @Test
    void describesExactlyTheContentItWasBuiltFrom() {
      Provenance p = base().content("diff --git a/x b/x").build();

      assertThat(p.describes("diff --git a/x b/x")).isTrue();
      assertThat(p.describes("diff --git a/x b/y")).isFalse();
    }

    @Test
    void refusesAHashThatIsNotLowerCaseSha256Hex() {
      String upper = Provenance.sha256("x").toUpperCase(java.util.Locale.ROOT);

      assertThatThrownBy(() -> base().contentHash(upper).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("contentHash of a provenance must be a SHA-256")
          .hasMessageContaining("non-hexadecimal or upper-case");
      assertThatThrownBy(() -> base().contentHash("abc").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("but was 3 characters");
    }
  }

  @Nested
  class Building {

    @Test
    void takesModelAndVendorFromAProfile() {
      ModelProfile llama = ModelProfile.builder("ollama", "llama3.1:8b").vendor("meta").build();

      Provenance p = base().model(llama).content("x").build();

      assertThat(p.modelId()).isEqualTo("llama3.1:8b");
      assertThat(p.vendor()).isEqualTo("meta");
      assertThat(p.toBuilder().build()).isEqualTo(p);
    }

    @Test
    void namesTheFirstMissingValue() {
      assertThatThrownBy(() -> Provenance.builder().author("a").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("a provenance needs model(...) to be set");
      assertThatThrownBy(() -> base().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("a provenance needs content(...) to be set");
    }

    @Test
    void refusesBlankTextsAndABlankWorkItem() {
      assertThatThrownBy(() -> base().author(" ").content("x").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("authorAgentId of a provenance must not be blank");
      assertThatThrownBy(() -> base().workItem("").content("x").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("workItemId");
      assertThat(base().workItem(null).content("x").build().workItemId()).isNull();
    }
  }

  @Nested
  class Artifacts {

    @Test
    void hashTheirContentIntoTheProvenance() {
      Artifact a = Artifact.of("plan", "1. research\n2. build", base());

      assertThat(a.provenance().contentHash())
          .isEqualTo(Provenance.sha256("1. research\n2. build"));
    }

    @Test
    void refuseAProvenanceOfOtherContent() {
      Provenance other = base().content("something else").build();

      assertThatThrownBy(() -> new Artifact("plan", "1. research", other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              "the provenance of artifact 'plan' has content hash " + other.contentHash())
          .hasMessageContaining(Provenance.sha256("1. research"));
    }
  }
}
