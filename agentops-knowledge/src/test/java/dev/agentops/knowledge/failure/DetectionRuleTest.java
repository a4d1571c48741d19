package dev.agentops.knowledge.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DetectionRuleTest {

  @ParameterizedTest
  @CsvSource({
    "**/module-info.java, module-info.java, true",
    "**/module-info.java, a/b/module-info.java, true",
    "src/*.java, src/A.java, true",
    "src/*.java, src/a/A.java, false",
    "src/**, src/a/A.java, true",
    "pom.xm?, pom.xml, true",
    "pom.xm?, sub/pom.xml, false",
    "*.md, docs/a.md, false",
  })
  void globsMatchWithinAndAcrossSegments(String glob, String path, boolean matches) {
    assertThat(DetectionRule.pathGlob(glob).matches(path)).isEqualTo(matches);
  }

  @Test
  void changedPaths_comeFromDiffHeaders_ignoringDevNull() {
    String diff =
        "diff --git a/old.txt b/new.txt\n--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+x/y.java\n";

    assertThat(DetectionRule.changedPaths(diff)).containsExactly("old.txt", "new.txt");
  }

  @Test
  void literalAndRegex_reportTheLinesTheyMatch() {
    String content = "one\nSystem.exit(1);\nthree\n";

    assertThat(DetectionRule.literal("System.exit(").evidence(content))
        .containsExactly("line 2: System.exit(1);");
    assertThat(DetectionRule.regex("exit\\(\\d\\)").evidence(content))
        .containsExactly("line 2: System.exit(1);");
    assertThat(DetectionRule.regex("one\\nSystem").evidence(content)).hasSize(1);
    assertThat(DetectionRule.literal("exit(2)").matches(content)).isFalse();
  }

  @Test
  void aBadPattern_isRefusedWithWhereItBroke() {
    assertThatThrownBy(() -> DetectionRule.regex("a(b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("pattern of a regex detection rule does not compile: ");
    assertThatThrownBy(() -> DetectionRule.literal(" "))
        .hasMessageContaining("must be 1 to 500 non-blank characters");
  }
}
