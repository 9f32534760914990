package dev.taskmill.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.store.StoreUnwritableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What an operator sees when the S3 store is misconfigured or its endpoint is down; needs no S3
 * server (so it runs in every build, unlike the tests tagged {@code s3}).
 */
class S3StoreSettingsTest {

  private static S3Settings settings(int port, String bucket, String access, String secret) {
    return new S3Settings(
        Optional.of("http://127.0.0.1:" + port),
        Optional.ofNullable(bucket),
        "us-east-1",
        Optional.ofNullable(access),
        Optional.ofNullable(secret),
        true);
  }

  @Test
  void aMissingBucketIsNamed() {
    assertThatThrownBy(() -> S3FileStore.bucket(settings(1, null, "a", "b")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("taskmill.store.s3.bucket");
    assertThatThrownBy(() -> S3FileStore.bucket(settings(1, " ", "a", "b")))
        .hasMessageContaining("taskmill.store.s3.bucket");
  }

  @Test
  void anAccessKeyWithoutItsSecretIsRefused() {
    assertThatThrownBy(() -> S3Clients.build(settings(1, "b", "key", null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("taskmill.store.s3.access-key")
        .hasMessageContaining("taskmill.store.s3.secret-key");
  }

  @Test
  void aMissingObjectIsNoSuchFileAndARefusalSaysWhatTheBucketAnswered() {
    S3Exception missing = (S3Exception) S3Exception.builder().statusCode(404).build();
    assertThat(S3Failures.of("reading", "k", missing)).isInstanceOf(NoSuchFileException.class);

    S3Exception noBucket =
        (S3Exception)
            S3Exception.builder()
                .statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchBucket").build())
                .build();
    assertThat(S3Failures.of("writing to the bucket failed", "k", noBucket))
        .isInstanceOf(FileSystemException.class)
        .isNotInstanceOf(NoSuchFileException.class)
        .hasMessage("writing to the bucket failed: the bucket answered 404 NoSuchBucket");

    S3Exception denied =
        (S3Exception)
            S3Exception.builder()
                .statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").build())
                .build();
    IOException failure = S3Failures.of("writing to the bucket failed", "k", denied);
    assertThat(failure).isInstanceOf(FileSystemException.class);
    assertThat(failure.getMessage())
        .isEqualTo("writing to the bucket failed: the bucket answered 403 AccessDenied");
    // What the readiness check and the claim gate show: the bucket's answer, as a disk failure.
    assertThat(StoreUnwritableException.isDiskFailure(failure)).isTrue();
    assertThat(StoreUnwritableException.describe(failure)).contains("403 AccessDenied");
  }

  @Test
  void anEndpointThatDoesNotAnswerMakesTheStoreUnwritable() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (S3Client client = S3Clients.build(settings(closed, "b", "key", "secret"))) {
      S3FileStore store = new S3FileStore(client, "b", "s3://b");
      assertThatThrownBy(store::checkWritable)
          .isInstanceOf(FileSystemException.class)
          .hasMessageContaining("no answer from the S3 endpoint");
      assertThatThrownBy(() -> store.write(new ByteArrayInputStream(new byte[] {1})))
          .isInstanceOf(StoreUnwritableException.class)
          .hasMessageContaining("no answer from the S3 endpoint");
    }
  }
}
