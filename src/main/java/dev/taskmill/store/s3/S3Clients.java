package dev.taskmill.store.s3;

import dev.taskmill.config.S3StoreConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the S3 client of the S3 file store from {@code taskmill.store.s3.*}. */
final class S3Clients {

  private S3Clients() {}

  static S3Client build(S3StoreConfig config) {
    var builder =
        S3Client.builder()
            // The JDK's HttpURLConnection: no Netty or Apache HttpClient in the service.
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofMinutes(2)))
            .region(Region.of(config.region()))
            .forcePathStyle(config.pathStyle())
            .credentialsProvider(credentials(config))
            // Checksums only where S3 requires them: the newer default (trailing CRC checksums
            // in chunked bodies) is not understood by every S3-compatible server, and the store
            // computes its own sha256 of every object anyway.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    config.endpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(S3StoreConfig config) {
    if (config.accessKey().isPresent() != config.secretKey().isPresent()) {
      throw new IllegalStateException(
          "set both taskmill.store.s3.access-key and taskmill.store.s3.secret-key, or neither"
              + " (then the AWS SDK's default credentials are used)");
    }
    if (config.accessKey().isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().get()));
  }
}
