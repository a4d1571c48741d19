package dev.agentops.store;

import org.jspecify.annotations.Nullable;

/**
 * A stored record could not be decoded into its type: its shape does not fit, or it was written by
 * a newer version of its schema than this code reads. The message names the record and, where it
 * can, the field; it never quotes the record's content.
 *
 * @since 0.1.0
 */
public class RecordDecodingException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param key the record
   * @param message what is wrong
   * @param cause the underlying failure, or {@code null}
   */
  public RecordDecodingException(RecordKey key, String message, @Nullable Throwable cause) {
    super(key.toString(), "record " + key + " " + message, cause);
  }
}
