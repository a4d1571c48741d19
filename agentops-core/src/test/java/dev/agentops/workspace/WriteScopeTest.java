package dev.agentops.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WriteScopeTest {

  @Test
  void coversAPrefixSegmentBySegment() {
    WriteScope scope = WriteScope.of("src/main/", "README.md");

    assertThat(scope.prefixes()).containsExactly("README.md", "src/main");
    assertThat(scope.allows("src/main")).isTrue();
    assertThat(scope.allows("src/main/App.java")).isTrue();
    assertThat(scope.allows("src/mainframe/App.java")).isFalse();
    assertThat(scope.allows("src")).isFalse();
    assertThat(scope.allows("README.md")).isTrue();
    assertThat(scope.allows("README.md.bak")).isFalse();
    assertThat(scope.outside(List.of("src/main/A.java", "docs/x.md", "README.md")))
        .containsExactly("docs/x.md");
  }

  @Test
  void overlapNamesAPathBothMayChange() {
    assertThat(WriteScope.of("src").overlap(WriteScope.of("src/app"))).hasValue("src/app");
    assertThat(WriteScope.of("src/app").overlap(WriteScope.of("src"))).hasValue("src/app");
    assertThat(WriteScope.of("docs", "src/app").overlap(WriteScope.of("src/app")))
        .hasValue("src/app");
    assertThat(WriteScope.of("src/app").overlap(WriteScope.of("src/application"))).isEmpty();
    assertThat(WriteScope.of("docs").overlap(WriteScope.of("src"))).isEmpty();
    assertThat(WriteScope.everything().overlap(WriteScope.of("docs"))).hasValue("docs");
    assertThat(WriteScope.everything().overlap(WriteScope.everything())).hasValue("");
    assertThat(WriteScope.none().overlap(WriteScope.everything())).isEmpty();
    assertThat(WriteScope.everything().allows("anything/at/all")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/etc",
        "/",
        "../outside",
        "src/../../x",
        "src//app",
        "./src",
        "src/./app",
        ".git/hooks",
        "src/.git",
        "src\\app",
        "C:/Windows",
        "src/\u0000"
      })
  void refusesPrefixesThatLeaveTheRepositoryOrReachIntoGit(String prefix) {
    assertThatThrownBy(() -> WriteScope.of(prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "a write scope prefix must be a relative path inside the repository");
  }

  static LongStream seeds() {
    return new SplittableRandom(20260501).longs(40);
  }

  /**
   * Overlap is symmetric, every path it names is allowed by both scopes, and when it finds none, no
   * path of the universe is allowed by both.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void overlapAgreesWithWhatBothScopesAllow(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> universe = universe();
    for (int round = 0; round < 50; round++) {
      WriteScope a = randomScope(random, universe);
      WriteScope b = randomScope(random, universe);
      boolean shared = universe.stream().anyMatch(p -> a.allows(p) && b.allows(p));

      assertThat(a.overlap(b).isPresent())
          .as("seed %d: %s vs %s", seed, a, b)
          .isEqualTo(b.overlap(a).isPresent())
          .isEqualTo(shared);
      a.overlap(b)
          .ifPresent(
              p -> assertThat(a.allows(p) && b.allows(p)).as("seed %d: %s", seed, p).isTrue());
    }
  }

  private static List<String> universe() {
    List<String> paths = new ArrayList<>();
    for (String top : List.of("a", "ab", "b")) {
      paths.add(top);
      for (String mid : List.of("a", "b", "c.txt")) {
        paths.add(top + "/" + mid);
        paths.add(top + "/" + mid + "/x");
      }
    }
    return paths;
  }

  private static WriteScope randomScope(SplittableRandom random, List<String> universe) {
    int n = random.nextInt(4);
    List<String> prefixes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      prefixes.add(random.nextInt(20) == 0 ? "" : universe.get(random.nextInt(universe.size())));
    }
    return new WriteScope(prefixes);
  }
}
