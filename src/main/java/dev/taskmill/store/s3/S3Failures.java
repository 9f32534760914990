package dev.taskmill.store.s3;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns what the S3 client throws into the I/O failures the rest of the service handles for the
 * local store too: a missing object is a {@link NoSuchFileException}, anything else a {@link
 * FileSystemException} whose reason says what the bucket answered (never a credential).
 */
final class S3Failures {

  private S3Failures() {}

  /** Whether the object is missing (not the bucket: that is the store's failure). */
  static boolean isNotFound(SdkException e) {
    return e instanceof S3Exception s3
        && s3.statusCode() == 404
        && !"NoSuchBucket".equals(code(s3));
  }

  private static String code(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  static IOException of(String doing, String key, SdkException e) {
    if (isNotFound(e)) {
      return new NoSuchFileException(key);
    }
    IOException failure = new FileSystemException(null, null, doing + ": " + reason(e));
    failure.initCause(e);
    return failure;
  }

  /** What went wrong in a few words: the bucket's error code, or why there was no answer. */
  static String reason(SdkException e) {
    if (e instanceof S3Exception s3) {
      String code = code(s3);
      return "the bucket answered " + s3.statusCode() + (code == null ? "" : " " + code);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "no answer from the S3 endpoint (" + message.lines().findFirst().orElse("") + ")";
  }
}
