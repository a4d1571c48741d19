package dev.agentops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.core.ModuleChecks;
import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

class TestkitModuleTest {

  final ModuleDescriptor descriptor = ModuleChecks.descriptorOf(ScriptedLanguageModel.class);

  @Test
  void exportsOnlyTheTestkitPackage() {
    assertThat(descriptor.name()).isEqualTo("dev.agentops.testkit");
    assertThat(ModuleChecks.unqualifiedExports(descriptor)).containsExactly("dev.agentops.testkit");
  }

  @Test
  void everyPackageIsDocumentedAndNullMarked() {
    ModuleChecks.assertPackagesAreDocumentedAndNullMarked(
        descriptor, ScriptedLanguageModel.class.getClassLoader());
  }
}
