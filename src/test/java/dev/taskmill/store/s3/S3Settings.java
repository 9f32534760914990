package dev.taskmill.store.s3;

import dev.taskmill.config.S3StoreConfig;
import java.util.Optional;

/** {@code taskmill.store.s3.*} as a value, for building the store's own client in tests. */
record S3Settings(
    Optional<String> endpoint,
    Optional<String> bucket,
    String region,
    Optional<String> accessKey,
    Optional<String> secretKey,
    boolean pathStyle)
    implements S3StoreConfig {}
