package dev.agentops.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.AgentOpsException;
import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

class CoreModuleTest {

  final ModuleDescriptor descriptor = ModuleChecks.descriptorOf(AgentOpsException.class);

  @Test
  void isNamedDevAgentopsCore() {
    assertThat(descriptor.name()).isEqualTo("dev.agentops.core");
  }

  @Test
  void exportsOnlyItsApiAndSpiPackages() {
    assertThat(ModuleChecks.unqualifiedExports(descriptor))
        .containsExactly(
            "dev.agentops",
            "dev.agentops.context",
            "dev.agentops.fitness",
            "dev.agentops.gate",
            "dev.agentops.hygiene",
            "dev.agentops.llm",
            "dev.agentops.llm.http",
            "dev.agentops.pipeline",
            "dev.agentops.store",
            "dev.agentops.supervision",
            "dev.agentops.work",
            "dev.agentops.workspace");
  }

  @Test
  void keepsItsImplementationPackagesToItself() {
    assertThat(descriptor.packages()).contains("dev.agentops.llm.internal");
    assertThat(descriptor.exports()).noneMatch(e -> e.source().equals("dev.agentops.llm.internal"));
  }

  @Test
  void everyPackageIsDocumentedAndNullMarked() {
    ModuleChecks.assertPackagesAreDocumentedAndNullMarked(
        descriptor, AgentOpsException.class.getClassLoader());
  }
}
