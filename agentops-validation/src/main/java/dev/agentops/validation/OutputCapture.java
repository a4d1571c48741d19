package dev.agentops.validation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps the first and the last bytes of a stream of any length, in bounded memory, and counts the
 * rest. Thread-safe: one thread drains, another takes snapshots.
 */
final class OutputCapture {

  private final byte[] head;
  private int headSize;
  private final byte[] ring;
  private int ringNext;
  private long afterHead;

  OutputCapture(int headBytes, int tailBytes) {
    this.head = new byte[headBytes];
    this.ring = new byte[tailBytes];
  }

  /** Reads the stream to its end (or until it fails), keeping what fits. */
  void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        accept(buffer, n);
      }
    } catch (IOException e) {
      // The stream was closed under us (the process was killed): what was read is kept.
    }
  }

  synchronized void accept(byte[] bytes, int length) {
    int offset = 0;
    if (headSize < head.length) {
      int n = Math.min(length, head.length - headSize);
      System.arraycopy(bytes, 0, head, headSize, n);
      headSize += n;
      offset = n;
    }
    int rest = length - offset;
    afterHead += rest;
    if (rest == 0 || ring.length == 0) {
      return;
    }
    if (rest >= ring.length) {
      System.arraycopy(bytes, offset + rest - ring.length, ring, 0, ring.length);
      ringNext = 0;
      return;
    }
    int first = Math.min(rest, ring.length - ringNext);
    System.arraycopy(bytes, offset, ring, ringNext, first);
    System.arraycopy(bytes, offset + first, ring, 0, rest - first);
    ringNext = (ringNext + rest) % ring.length;
  }

  /** What was captured so far. */
  synchronized Captured snapshot() {
    byte[] headCopy = Arrays.copyOf(head, headSize);
    int tailSize = (int) Math.min(afterHead, ring.length);
    byte[] tail = new byte[tailSize];
    if (tailSize > 0) {
      // The oldest kept byte is where the next one would be written once the ring is full.
      int start = Math.floorMod(ringNext - tailSize, ring.length);
      for (int i = 0; i < tailSize; i++) {
        tail[i] = ring[(start + i) % ring.length];
      }
    }
    return new Captured(headCopy, tail, headSize + afterHead);
  }

  /**
   * The captured bytes.
   *
   * @param head the first bytes
   * @param tail the last bytes after the head
   * @param total how many bytes the stream had in all
   */
  record Captured(byte[] head, byte[] tail, long total) {

    /** Tells whether head and tail together are the whole stream. */
    boolean complete() {
      return head.length + (long) tail.length == total;
    }

    String headText() {
      return new String(head, StandardCharsets.UTF_8);
    }

    String tailText() {
      return new String(tail, StandardCharsets.UTF_8);
    }

    String wholeText() {
      byte[] all = Arrays.copyOf(head, head.length + tail.length);
      System.arraycopy(tail, 0, all, head.length, tail.length);
      return new String(all, StandardCharsets.UTF_8);
    }
  }
}
