package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.core.ModuleChecks;
import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

class KnowledgeModuleTest {

  final ModuleDescriptor descriptor =
      ModuleChecks.descriptorOf(
          KnowledgeModuleTest.class.getClassLoader(), "dev.agentops.knowledge");

  @Test
  void exportsOnlyItsApiPackages() {
    assertThat(descriptor.name()).isEqualTo("dev.agentops.knowledge");
    assertThat(descriptor.requires()).anyMatch(r -> r.name().equals("dev.agentops.core"));
    assertThat(ModuleChecks.unqualifiedExports(descriptor))
        .containsExactlyInAnyOrder(
            "dev.agentops.knowledge",
            "dev.agentops.knowledge.extraction",
            "dev.agentops.knowledge.failure");
  }

  @Test
  void everyPackageIsDocumentedAndNullMarked() {
    ModuleChecks.assertPackagesAreDocumentedAndNullMarked(
        descriptor, KnowledgeModuleTest.class.getClassLoader());
  }
}
