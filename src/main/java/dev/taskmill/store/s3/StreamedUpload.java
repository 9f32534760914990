package dev.taskmill.store.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams an input of unknown length into one S3 object, holding at most one part in memory: a
 * single PUT when it fits in one part, a multipart upload otherwise. The object appears only when
 * the last step succeeds, so a reader never sees a partial object; a failed multipart upload is
 * aborted (and one a crash interrupted is aborted later by the temporary-files sweep).
 *
 * <p>A failed read of the input is thrown as is (the source's problem); a failed request to the
 * bucket as an {@link SdkException} (the store's).
 */
final class StreamedUpload {

  /** The part size of the first {@value #SMALL_PARTS} parts (S3's minimum is 5 MiB). */
  static final int PART_SIZE = 8 << 20;

  /** Parts after this many are {@link #LARGE_PART_SIZE}: S3 allows 10,000 parts per object. */
  static final int SMALL_PARTS = 1000;

  /** 8 MiB × 1,000 + 64 MiB × 9,000: objects up to about 570 GiB. */
  static final int LARGE_PART_SIZE = 64 << 20;

  private StreamedUpload() {}

  /** Uploads all of {@code in} to {@code key}; returns its length. */
  static long upload(S3Client client, String bucket, String key, InputStream in)
      throws IOException {
    byte[] part = new byte[PART_SIZE];
    int length = in.readNBytes(part, 0, part.length);
    if (length < part.length) {
      client.putObject(request -> request.bucket(bucket).key(key), body(part, length));
      return length;
    }
    String uploadId =
        client.createMultipartUpload(request -> request.bucket(bucket).key(key)).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long size = 0;
      while (length > 0) {
        int number = parts.size() + 1;
        long partLength = length;
        String etag =
            client
                .uploadPart(
                    request ->
                        request
                            .bucket(bucket)
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentLength(partLength),
                    body(part, length))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        size += length;
        if (parts.size() == SMALL_PARTS) {
          part = new byte[LARGE_PART_SIZE];
        }
        length = in.readNBytes(part, 0, part.length);
      }
      client.completeMultipartUpload(
          request ->
              request
                  .bucket(bucket)
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(upload -> upload.parts(parts)));
      return size;
    } catch (IOException | RuntimeException e) {
      abortQuietly(client, bucket, key, uploadId, e);
      throw e;
    }
  }

  /** The first {@code length} bytes of {@code part}, without copying them. */
  private static RequestBody body(byte[] part, int length) {
    return RequestBody.fromInputStream(new ByteArrayInputStream(part, 0, length), length);
  }

  private static void abortQuietly(
      S3Client client, String bucket, String key, String uploadId, Exception failure) {
    try {
      client.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      // The temporary-files sweep aborts it later.
      failure.addSuppressed(e);
    }
  }
}
