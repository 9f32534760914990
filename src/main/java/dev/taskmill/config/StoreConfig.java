package dev.taskmill.config;

import io.smallrye.config.WithDefault;

/** Which file store holds the bytes of file data items. */
public interface StoreConfig {

  /**
   * {@code local} (default): a folder ({@code taskmill.file-store.root}), shared by every instance
   * (a ReadWriteMany volume when there are several). {@code s3}: a bucket of an S3-compatible
   * object store ({@code taskmill.store.s3.*}); instances then need no shared disk.
   */
  @WithDefault("local")
  StoreType type();

  /** The bucket used when {@code type} is {@code s3}. */
  S3StoreConfig s3();

  /** The values of {@code taskmill.store.type}. */
  enum StoreType {
    LOCAL,
    S3
  }
}
