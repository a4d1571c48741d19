package dev.agentops.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.core.ModuleChecks;
import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

class ValidationModuleTest {

  final ModuleDescriptor descriptor =
      ModuleChecks.descriptorOf(
          ValidationModuleTest.class.getClassLoader(), "dev.agentops.validation");

  @Test
  void exportsOnlyItsApiPackages() {
    assertThat(descriptor.name()).isEqualTo("dev.agentops.validation");
    assertThat(descriptor.requires()).anyMatch(r -> r.name().equals("dev.agentops.core"));
    assertThat(ModuleChecks.unqualifiedExports(descriptor))
        .containsExactly("dev.agentops.ratchet", "dev.agentops.validation");
  }

  @Test
  void keepsTheRatchetsImplementationToItself() {
    assertThat(descriptor.packages()).contains("dev.agentops.ratchet.internal");
    assertThat(descriptor.exports())
        .noneMatch(e -> e.source().equals("dev.agentops.ratchet.internal"));
  }

  @Test
  void everyPackageIsDocumentedAndNullMarked() {
    ModuleChecks.assertPackagesAreDocumentedAndNullMarked(
        descriptor, ValidationModuleTest.class.getClassLoader());
  }
}
