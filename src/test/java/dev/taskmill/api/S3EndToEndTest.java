package dev.taskmill.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.taskmill.data.DataRepository;
import dev.taskmill.store.s3.SeaweedFs;
import dev.taskmill.store.s3.SeaweedFsResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The upload → task → download flow of {@link EndToEndTest} with {@code taskmill.store.type=s3}, on
 * a real SeaweedFS server: modules still read and write local files, the bytes live in the bucket.
 */
@QuarkusTest
@TestProfile(S3EndToEndTest.S3Store.class)
@Tag("s3")
class S3EndToEndTest extends EndToEndTest {

  /** The file store is a bucket of the SeaweedFS server. */
  public static class S3Store implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(SeaweedFsResource.class));
    }
  }

  @Inject DataRepository data;

  @Test
  void anUploadLivesInTheBucketNotOnTheLocalDisk() throws Exception {
    byte[] bytes = new byte[9 * 1024 * 1024 + 5]; // more than one part of a multipart upload
    new Random(9).nextBytes(bytes);
    String id =
        given()
            .multiPart("file", "big.bin", bytes, "application/octet-stream")
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getString("id");
    String key = data.find(id).orElseThrow().storageKey;
    try (S3Client client = SeaweedFs.get().client()) {
      long inBucket =
          client
              .headObject(r -> r.bucket(SeaweedFsResource.BUCKET).key("objects/" + key))
              .contentLength();
      assertThat(inBucket).isEqualTo(bytes.length);
    }
    Path localObjects = Path.of("target/test-file-store/objects");
    assertThat(Files.exists(localObjects.resolve(key.substring(0, 2)).resolve(key))).isFalse();

    byte[] tail =
        given()
            .header("Range", "bytes=" + (bytes.length - 10) + "-")
            .get("/api/v1/data/" + id + "/content")
            .then()
            .statusCode(206)
            .extract()
            .asByteArray();
    assertThat(tail).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length));
  }

  @Test
  void readinessReportsTheBucketWritable() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'file-store' }.status", equalTo("UP"))
        .body(
            "checks.find { it.name == 'file-store' }.data.root",
            startsWith("s3://" + SeaweedFsResource.BUCKET));
  }
}
