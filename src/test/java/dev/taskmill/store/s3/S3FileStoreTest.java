package dev.taskmill.store.s3;

import dev.taskmill.store.FileStore;
import dev.taskmill.store.FileStoreContract;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The file store contract on a real S3-compatible server (SeaweedFS, {@link SeaweedFs}). Tagged
 * {@code s3}: it runs in {@code ./mvnw test -Ps3} and in CI, not in a plain {@code ./mvnw verify}
 * (which needs no Go).
 */
@Tag("s3")
class S3FileStoreTest extends FileStoreContract {

  private static final String BUCKET = "contract";

  @TempDir Path scratch;
  private S3Client client;
  private S3FileStore store;

  @BeforeEach
  void emptyBucket() {
    SeaweedFs server = SeaweedFs.get();
    server.createBucket(BUCKET);
    server.empty(BUCKET);
    client = server.client();
    store = new S3FileStore(client, BUCKET, "s3://" + BUCKET + " at " + server.endpoint());
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Override
  protected FileStore store() {
    return store;
  }

  @Override
  protected Path scratch() {
    return scratch;
  }

  /** A multipart upload with one part and no completion: what a crash mid-write leaves. */
  @Override
  protected void leaveInterruptedWrite() {
    String key = "objects/0123456789abcdef0123456789abcdef";
    String uploadId =
        client.createMultipartUpload(request -> request.bucket(BUCKET).key(key)).uploadId();
    client.uploadPart(
        request -> request.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1),
        RequestBody.fromBytes(new byte[] {1, 2, 3}));
  }

  @Override
  protected long interruptedWrites() throws IOException {
    return client.listMultipartUploads(request -> request.bucket(BUCKET)).uploads().size();
  }
}
