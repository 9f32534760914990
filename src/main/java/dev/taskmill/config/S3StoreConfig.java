package dev.taskmill.config;

import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The S3-compatible bucket of the S3 file store ({@code taskmill.store.type=s3}). */
public interface S3StoreConfig {

  /**
   * The S3 endpoint, e.g. {@code https://s3.eu-central-1.amazonaws.com} or {@code
   * http://seaweedfs:8333}. Unset: AWS's endpoint for {@code region}.
   */
  Optional<String> endpoint();

  /** The bucket; it must exist (the store never creates buckets). */
  Optional<String> bucket();

  /** The region the bucket lives in (any value for most S3-compatible servers). */
  @WithDefault("us-east-1")
  String region();

  /** The access key id. Unset: the AWS SDK's default chain (env, profile, instance role). */
  Optional<String> accessKey();

  /** The secret access key, set together with {@code access-key}. */
  Optional<String> secretKey();

  /**
   * Path-style requests ({@code endpoint/bucket/key}) instead of virtual-host style ({@code
   * bucket.endpoint/key}): what most self-hosted S3-compatible servers need.
   */
  @WithDefault("false")
  boolean pathStyle();
}
