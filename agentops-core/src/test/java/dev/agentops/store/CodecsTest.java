package dev.agentops.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CodecsTest {

  record Note(String id, String title, List<String> tags, Instant created) {}

  record Lesson(String id, String title, double confidence, String body) {}

  static final Note NOTE =
      new Note(
          "n-1", "Research first", List.of("factor-iv"), Instant.parse("2026-03-01T10:00:00Z"));

  @Nested
  class Json {

    final JsonCodec<Note> codec = JsonCodec.of(Note.class, 2);

    @Test
    void roundTripsAValueWithItsSchemaVersion() {
      String text = codec.encode(NOTE, null);

      assertThat(text)
          .contains("\"schemaVersion\":2")
          .contains("\"created\":\"2026-03-01T10:00:00Z\"");
      assertThat(
              codec.decode(
                  new StoredRecord(RecordKey.of("notes", "n-1"), 1, RecordFormat.JSON, text)))
          .isEqualTo(NOTE);
    }

    @Test
    void keepsFieldsTheTypeDoesNotKnow() {
      StoredRecord previous =
          new StoredRecord(
              RecordKey.of("notes", "n-1"),
              3,
              RecordFormat.JSON,
              "{\"schemaVersion\":2,\"revision\":3,\"id\":\"n-1\",\"title\":\"old\","
                  + "\"x-owner\":\"team-a\",\"x-links\":[1,2]}");

      String text = codec.encode(new Note("n-1", "new", List.of(), NOTE.created()), previous);

      assertThat(text).contains("\"x-owner\":\"team-a\"").contains("\"x-links\":[1,2]");
      assertThat(text)
          .contains("\"title\":\"new\"")
          .doesNotContain("old")
          .doesNotContain("revision");
    }

    @Test
    void refusesARecordOfANewerSchemaVersion() {
      StoredRecord newer =
          new StoredRecord(
              RecordKey.of("notes", "n-9"),
              1,
              RecordFormat.JSON,
              "{\"schemaVersion\":3,\"id\":\"n-9\",\"title\":\"t\",\"tags\":[],"
                  + "\"created\":\"2026-03-01T10:00:00Z\"}");

      assertThatThrownBy(() -> codec.decode(newer))
          .isInstanceOf(RecordDecodingException.class)
          .hasMessageContaining("record notes/n-9 has schemaVersion 3, newer than the 2");
    }

    @Test
    void namesTheFieldThatDoesNotFit() {
      StoredRecord bad =
          new StoredRecord(
              RecordKey.of("notes", "n-2"),
              1,
              RecordFormat.JSON,
              "{\"id\":\"n-2\",\"title\":\"t\",\"tags\":{\"not\":\"a list\"},\"created\":\"x\"}");

      assertThatThrownBy(() -> codec.decode(bad))
          .isInstanceOf(RecordDecodingException.class)
          .hasMessageContaining("record notes/n-2 does not fit Note at $.tags");
    }
  }

  @Nested
  class Markdown {

    final MarkdownCodec<Lesson> codec = MarkdownCodec.of(Lesson.class, 1, "body");

    @Test
    void writesTheBodyAsMarkdownAndTheRestAsFrontMatter() {
      Lesson l = new Lesson("l-1", "Research before you build", 0.8, "# Why\n\nIt saves rework.\n");

      String text = codec.encode(l, null);

      assertThat(text)
          .startsWith("---\n")
          .contains("schemaVersion: 1\n")
          .contains("title: \"Research before you build\"")
          .contains("confidence: 0.8")
          .endsWith("---\n# Why\n\nIt saves rework.\n");
      assertThat(
              codec.decode(
                  new StoredRecord(
                      RecordKey.of("learnings", "l-1"), 1, RecordFormat.MARKDOWN, text)))
          .isEqualTo(l);
    }

    @Test
    void keepsFrontMatterKeysTheTypeDoesNotKnow() {
      StoredRecord previous =
          new StoredRecord(
              RecordKey.of("learnings", "l-1"),
              1,
              RecordFormat.MARKDOWN,
              "---\n"
                  + "revision: 1\n"
                  + "id: l-1\n"
                  + "title: old\n"
                  + "confidence: 0.5\n"
                  + "source_session: s-7\n"
                  + "---\n"
                  + "old body\n");

      String text = codec.encode(new Lesson("l-1", "new", 0.9, "new body"), previous);

      assertThat(text)
          .contains("source_session: \"s-7\"")
          .contains("title: \"new\"")
          .endsWith("---\nnew body\n");
    }

    @Test
    void refusesANewerSchemaVersion() {
      StoredRecord newer =
          new StoredRecord(
              RecordKey.of("learnings", "l-2"),
              1,
              RecordFormat.MARKDOWN,
              "---\nschemaVersion: 4\nid: l-2\ntitle: t\nconfidence: 1\n---\nbody\n");

      assertThatThrownBy(() -> codec.decode(newer))
          .isInstanceOf(RecordDecodingException.class)
          .hasMessageContaining("schemaVersion 4");
    }
  }

  @Nested
  class TypedCollections {

    final InMemoryStore store = InMemoryStore.create();
    final Records<Note> notes = Records.of(store, "notes", JsonCodec.of(Note.class, 1), Note::id);

    @Test
    void createsReadsAndUpdatesWithCompareAndSwap() {
      assertThat(notes.create(NOTE).committed()).isTrue();
      assertThat(notes.create(NOTE).committed()).isFalse();

      Versioned<Note> v = notes.get("n-1").orElseThrow();
      Note edited = new Note("n-1", "Research, then build", v.value().tags(), v.value().created());
      assertThat(notes.update(v, edited).committed()).isTrue();
      assertThat(notes.update(v, edited).committed()).as("a stale revision").isFalse();
      assertThat(notes.get("n-1").orElseThrow().value().title()).isEqualTo("Research, then build");
      assertThat(notes.get("n-1").orElseThrow().revision()).isEqualTo(2);
    }

    @Test
    void anUpdateMustKeepTheId() {
      notes.create(NOTE);
      Versioned<Note> v = notes.get("n-1").orElseThrow();

      assertThatThrownBy(() -> notes.update(v, new Note("n-2", "t", List.of(), NOTE.created())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("notes/n-1 became notes/n-2");
    }

    @Test
    void scanReportsRecordsThatDoNotDecodeAndLoadsTheRest() {
      notes.create(NOTE);
      store.write(
          WriteBatch.builder()
              .put(
                  RecordKey.of("notes", "n-broken"),
                  RecordFormat.JSON,
                  "{\"id\":\"n-broken\",\"tags\":7}")
              .put(
                  RecordKey.of("notes", "n-future"),
                  RecordFormat.JSON,
                  "{\"schemaVersion\":9,\"id\":\"n-future\"}")
              .build());

      Records.Scan<Note> scan = notes.scan();

      assertThat(scan.values()).extracting(v -> v.value().id()).containsExactly("n-1");
      assertThat(scan.quarantined())
          .extracting(Quarantined::path)
          .containsExactlyInAnyOrder("notes/n-broken", "notes/n-future");
      assertThat(scan.quarantined())
          .anySatisfy(q -> assertThat(q.reason()).contains("schemaVersion 9"));
    }
  }
}
