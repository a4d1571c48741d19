package dev.agentops.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OutputCaptureTest {

  static LongStream seeds() {
    return new SplittableRandom(20260401).longs(200);
  }

  /** Whatever the chunking, the capture holds exactly the first and the last bytes. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void keepsExactlyTheFirstAndLastBytes(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int headBytes = random.nextInt(0, 64);
    int tailBytes = random.nextInt(0, 64);
    byte[] stream = new byte[random.nextInt(0, 400)];
    random.nextBytes(stream);
    OutputCapture capture = new OutputCapture(headBytes, tailBytes);

    int pos = 0;
    while (pos < stream.length) {
      int n = Math.min(stream.length - pos, random.nextInt(1, 150));
      capture.accept(Arrays.copyOfRange(stream, pos, pos + n), n);
      pos += n;
    }

    OutputCapture.Captured c = capture.snapshot();
    int head = Math.min(headBytes, stream.length);
    int tail = Math.min(tailBytes, stream.length - head);
    assertThat(c.total()).as("seed %d", seed).isEqualTo(stream.length);
    assertThat(c.head()).as("seed %d", seed).isEqualTo(Arrays.copyOfRange(stream, 0, head));
    assertThat(c.tail())
        .as("seed %d", seed)
        .isEqualTo(Arrays.copyOfRange(stream, stream.length - tail, stream.length));
    assertThat(c.complete()).as("seed %d", seed).isEqualTo(head + tail == stream.length);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void drainsAStreamToItsEnd(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] stream = new byte[random.nextInt(0, 50_000)];
    random.nextBytes(stream);
    OutputCapture capture = new OutputCapture(100, 100);

    capture.drain(new ByteArrayInputStream(stream));

    OutputCapture.Captured c = capture.snapshot();
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    joined.writeBytes(c.head());
    joined.writeBytes(c.tail());
    assertThat(c.total()).isEqualTo(stream.length);
    if (c.complete()) {
      assertThat(joined.toByteArray()).isEqualTo(stream);
    } else {
      assertThat(c.tail()).hasSize(100);
    }
  }
}
