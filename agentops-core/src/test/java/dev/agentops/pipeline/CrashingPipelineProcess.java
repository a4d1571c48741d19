package dev.agentops.pipeline;

import dev.agentops.context.Handoff;
import dev.agentops.store.GitStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A pipeline that is killed in the middle of its implement phase, started by {@link
 * PhasePipelineCrashTest}: research and plan complete (each printing {@code done <phase>}), then
 * implement asks the model once, prints {@code implementing} and waits on standard input, where
 * nothing ever comes, until the parent kills the JVM.
 *
 * <p>Arguments: repository, run id, work item id.
 */
public final class CrashingPipelineProcess {

  private CrashingPipelineProcess() {}

  public static void main(String[] args) throws Exception {
    Path repository = Path.of(args[0]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Map<Phase, PipelineFixtures.Echo> echoes = PipelineFixtures.echoes();
    try (GitStore store = GitStore.builder(repository).clock(PipelineFixtures.CLOCK).build()) {
      PhasePipeline.Builder b =
          PipelineFixtures.pipeline(store, new PipelineFixtures.Sessions(), echoes)
              .interceptor(chain -> {
                PhaseResult r = chain.proceed(chain.context());
                out.println("done " + chain.context().phase());
                return r;
              });
      b.handler(
          Phase.IMPLEMENT,
          ctx -> {
            ctx.session().ask("half a patch, never finished");
            out.println("implementing");
            System.in.read();
            return PhaseResult.completed(Handoff.builder(ctx.goal(), "unreachable").build());
          });
      b.build().run(args[1], "Make the nightly build green", args[2]);
    }
    out.println("finished");
  }
}
