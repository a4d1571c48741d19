package dev.agentops.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentops.core.ChildProcesses;
import dev.agentops.pipeline.PipelineFixtures.Echo;
import dev.agentops.store.GitStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhasePipelineCrashTest {

  @TempDir Path temp;

  @Test
  void jvmKilledMidPhase_newPipelineResumesAtThatPhase_andNeverRerunsCompletedPhases()
      throws Exception {
    Path repo = temp.resolve("repo");
    ChildProcesses cli = new ChildProcesses(temp.resolve("home"));
    GitStore.builder(repo).create(true).build().close();

    ProcessBuilder pb =
        cli.java(CrashingPipelineProcess.class, repo.toString(), "run-1", "ao-7f3k");
    pb.redirectError(cli.errorFile("child"));
    Process child = pb.start();
    // A guard against a child that hangs; it never fires in a passing run.
    CompletableFuture.delayedExecutor(ChildProcesses.GUARD_SECONDS, TimeUnit.SECONDS)
        .execute(child::destroyForcibly);
    List<String> printed = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        printed.add(line);
        if (line.equals("implementing")) {
          break;
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(ChildProcesses.GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(printed).containsExactly("done research", "done plan", "implementing");

    Map<Phase, Echo> again = PipelineFixtures.echoes();
    try (GitStore store = GitStore.builder(repo).clock(PipelineFixtures.CLOCK).build()) {
      PhasePipeline pipeline =
          PipelineFixtures.pipeline(store, new PipelineFixtures.Sessions(), again).build();
      PipelineState crashed = pipeline.state("run-1").orElseThrow();
      assertThat(crashed.status()).isEqualTo(PipelineState.Status.RUNNING);
      assertThat(crashed.currentPhase()).isEqualTo("implement");
      assertThat(crashed.attempts()).isEqualTo(1);
      assertThat(PipelineFixtures.ids(crashed.completed())).containsExactly("research", "plan");
      assertThat(pipeline.findings("ao-7f3k"))
          .extracting(PhaseArtifact::id)
          .containsExactly("run-1.research.1");

      PipelineOutcome outcome = pipeline.run("run-1", "Make the nightly build green", "ao-7f3k");

      assertThat(outcome.kind()).isEqualTo(PipelineOutcome.Kind.COMPLETED);
      assertThat(again.get(Phase.RESEARCH).runs).hasValue(0);
      assertThat(again.get(Phase.PLAN).runs).hasValue(0);
      assertThat(again.get(Phase.IMPLEMENT).runs).hasValue(1);
      assertThat(again.get(Phase.IMPLEMENT).contexts.get(0).attempt()).isEqualTo(2);
      assertThat(again.get(Phase.IMPLEMENT).sessions.get(0).startedFrom())
          .contains(crashed.completed().get(1).handoff());
      assertThat(again.get(Phase.IMPLEMENT).sessions.get(0).transcript())
          .noneMatch(m -> m.content().contains("half a patch"));
      assertThat(outcome.completed().get(0)).isEqualTo(crashed.completed().get(0));
      assertThat(PipelineFixtures.ids(outcome.completed()))
          .containsExactly("research", "plan", "implement", "validate", "lock", "extract");
    }
    cli.assertFsckPasses(repo);
  }
}
