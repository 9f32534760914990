package dev.taskmill.store.s3;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the service under test at a bucket of the real SeaweedFS server ({@link SeaweedFs}). */
public class SeaweedFsResource implements QuarkusTestResourceLifecycleManager {

  /** The bucket the service under test stores its files in. */
  public static final String BUCKET = "taskmill-e2e";

  @Override
  public Map<String, String> start() {
    SeaweedFs server = SeaweedFs.get();
    server.createBucket(BUCKET);
    return Map.of(
        "taskmill.store.type",
        "s3",
        "taskmill.store.s3.endpoint",
        server.endpoint(),
        "taskmill.store.s3.bucket",
        BUCKET,
        "taskmill.store.s3.region",
        SeaweedFs.REGION,
        "taskmill.store.s3.access-key",
        SeaweedFs.ACCESS_KEY,
        "taskmill.store.s3.secret-key",
        SeaweedFs.SECRET_KEY,
        "taskmill.store.s3.path-style",
        "true");
  }

  @Override
  public void stop() {
    // The server lives as long as the JVM: other S3 tests use it too.
  }
}
