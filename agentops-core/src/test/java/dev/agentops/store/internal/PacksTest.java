package dev.agentops.store.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The choice of packs to merge, simulated over many commits: one pack per commit of about the same
 * size, merged whenever there are more than {@link Packs#MAX_PACKS}.
 */
class PacksTest {

  private record Simulated(long size) {}

  private static final class Run {
    final List<Simulated> packs = new ArrayList<>();
    long written;
    long copied;
    int mostPacks;

    void commit(long size) {
      packs.add(new Simulated(size));
      written += size;
      if (packs.size() > Packs.MAX_PACKS) {
        List<Simulated> merge = Packs.geometric(packs, Simulated::size, 0);
        assertThat(merge).hasSizeGreaterThanOrEqualTo(2);
        long total = merge.stream().mapToLong(Simulated::size).sum();
        copied += total;
        packs.removeAll(merge);
        packs.add(new Simulated(total));
      }
      mostPacks = Math.max(mostPacks, packs.size());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1L, 20261124L, 987654321L})
  void keepsThePackCountBoundedAndCopiesEachByteALogarithmicNumberOfTimes(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Run run = new Run();
    int commits = 20_000;
    for (int i = 0; i < commits; i++) {
      run.commit(500 + random.nextInt(1_000));
    }

    assertThat(run.mostPacks).as("seed %d", seed).isLessThanOrEqualTo(Packs.MAX_PACKS + 1);
    // Merging all but the largest pack copies about half the repository every 32 commits, some
    // 300 copies of each byte over 20,000 commits; a geometric progression copies it about
    // log2(20,000 / 16) ~ 10 times.
    double copiesPerByte = (double) run.copied / run.written;
    assertThat(copiesPerByte).as("seed %d", seed).isLessThan(16);
  }

  @ParameterizedTest
  @ValueSource(ints = {33, 40, 64})
  void mergesAtLeastEnoughSmallPacksToHalveTheCountAndNeverTheLargestAlone(int count) {
    List<Simulated> packs = new ArrayList<>();
    packs.add(new Simulated(1_000_000));
    for (int i = 1; i < count; i++) {
      packs.add(new Simulated(1_000 + i));
    }

    List<Simulated> merge = Packs.geometric(packs, Simulated::size, 0);

    assertThat(count - merge.size() + 1).isLessThanOrEqualTo(Packs.MAX_PACKS / 2);
    assertThat(merge).doesNotContain(packs.get(0));
    assertThat(merge.get(0).size()).isEqualTo(1_001);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5, 20})
  void countsPacksThatAreNeverMergedTowardsTheLimit(int kept) {
    List<Simulated> packs = new ArrayList<>();
    long size = 1_000;
    for (int i = 0; i < Packs.MAX_PACKS + 1 - kept; i++) {
      // each more than twice all the smaller ones together, so only the count asks for merging
      packs.add(new Simulated(size));
      size *= 3;
    }

    List<Simulated> merge = Packs.geometric(packs, Simulated::size, kept);

    // with more kept packs than half the limit, every other pack is merged into one
    assertThat(kept + packs.size() - merge.size() + 1)
        .isLessThanOrEqualTo(Math.max(Packs.MAX_PACKS / 2, kept + 1));
  }

  @Test
  void aMergeThatDiedBeforeDeletingWhatItMerged_isFinishedWithoutLosingAnObject(@TempDir Path dir)
      throws Exception {
    try (Repository repo = new FileRepository(dir.resolve("r.git").toFile())) {
      repo.create(true);
      List<ObjectId> blobs = new ArrayList<>();
      for (int i = 0; i < Packs.MAX_PACKS + 2; i++) {
        try (ObjectInserter inserter = Packs.inserter(repo)) {
          blobs.add(inserter.insert(Constants.OBJ_BLOB, ("blob " + i).getBytes(UTF_8)));
          inserter.flush();
        }
      }
      Path packs = dir.resolve("r.git/objects/pack");
      Path saved = Files.createDirectories(dir.resolve("saved"));
      try (var files = Files.list(packs)) {
        for (Path f : files.toList()) {
          Files.copy(f, saved.resolve(f.getFileName()));
        }
      }
      assertThat(Packs.compact(repo)).isGreaterThan(1);
      // the merge "dies" before deleting: its sources are back beside its result
      try (var files = Files.list(saved)) {
        for (Path f : files.toList()) {
          if (!Files.exists(packs.resolve(f.getFileName()))) {
            Files.copy(f, packs.resolve(f.getFileName()));
          }
        }
      }
      repo.getObjectDatabase().close();

      Packs.compact(repo);

      repo.getObjectDatabase().close();
      try (ObjectReader reader = repo.newObjectReader()) {
        for (int i = 0; i < blobs.size(); i++) {
          assertThat(new String(reader.open(blobs.get(i)).getBytes(), UTF_8))
              .isEqualTo("blob " + i);
        }
      }
      try (var files = Files.list(packs)) {
        assertThat(files.filter(f -> f.toString().endsWith(".pack")).count())
            .isLessThanOrEqualTo(Packs.MAX_PACKS / 2);
      }
    }
  }
}
