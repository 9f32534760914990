package dev.taskmill.store.s3;

import dev.taskmill.config.S3StoreConfig;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.OwnFiles;
import dev.taskmill.store.Sha256;
import dev.taskmill.store.StoreBackend;
import dev.taskmill.store.StoreKeys;
import dev.taskmill.store.StoreUnwritableException;
import dev.taskmill.store.StoredFile;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A file store in a bucket of an S3-compatible object store ({@code taskmill.store.type=s3}):
 * {@code objects/<key>} for complete files; a write in progress is a multipart upload, invisible
 * until complete. The service reads objects by (ranged) GETs and never needs a shared disk: a
 * module's inputs are downloaded into its work folder and its outputs uploaded from there.
 */
@ApplicationScoped
@StoreBackend
@LookupIfProperty(name = "taskmill.store.type", stringValue = "s3")
public class S3FileStore implements FileStore {

  private static final Logger LOG = Logger.getLogger(S3FileStore.class);

  private static final String OBJECTS = "objects/";
  private static final String PROBES = "health/";

  private final S3Client client;
  private final String bucket;
  private final String description;

  @Inject
  S3FileStore(TaskmillConfig config) {
    this(S3Clients.build(config.store().s3()), bucket(config.store().s3()), describe(config));
  }

  /** A store in {@code bucket} through {@code client}; {@code description} is for health. */
  public S3FileStore(S3Client client, String bucket, String description) {
    this.client = client;
    this.bucket = bucket;
    this.description = description;
  }

  static String bucket(S3StoreConfig config) {
    return config
        .bucket()
        .filter(name -> !name.isBlank())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "taskmill.store.type=s3 needs taskmill.store.s3.bucket (an existing bucket)"));
  }

  private static String describe(TaskmillConfig config) {
    S3StoreConfig s3 = config.store().s3();
    return "s3://" + bucket(s3) + s3.endpoint().map(endpoint -> " at " + endpoint).orElse("");
  }

  @PreDestroy
  void close() {
    client.close();
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void checkWritable() throws IOException {
    String probe = PROBES + StoreKeys.newKey();
    try {
      client.putObject(request -> request.bucket(bucket).key(probe), RequestBody.empty());
      client.deleteObject(request -> request.bucket(bucket).key(probe));
    } catch (SdkException e) {
      throw S3Failures.of("writing to the bucket failed", probe, e);
    }
  }

  @Override
  public StoredFile write(InputStream in) throws IOException {
    String key = StoreKeys.newKey();
    MessageDigest digest = Sha256.digest();
    long size;
    try {
      size =
          StreamedUpload.upload(client, bucket, OBJECTS + key, new DigestInputStream(in, digest));
    } catch (SdkException e) {
      IOException failure = S3Failures.of("storing a file failed", key, e);
      throw StoreUnwritableException.because(
          "storing a file in the bucket failed: " + S3Failures.reason(e), failure);
    }
    return new StoredFile(key, size, Sha256.hex(digest));
  }

  @Override
  public StoredFile importFile(Path file) throws IOException {
    OwnFiles.refuseLinks(file);
    StoredFile stored;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      stored = write(in);
    }
    Files.delete(file);
    return stored;
  }

  @Override
  public InputStream open(String key, long offset) throws IOException {
    String object = object(key);
    try {
      return client.getObject(
          request -> request.bucket(bucket).key(object).range(offset > 0 ? range(offset) : null));
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        return InputStream.nullInputStream(); // at (or past) the end, as a local file reads
      }
      throw S3Failures.of("reading a stored file failed", key, e);
    } catch (SdkException e) {
      throw S3Failures.of("reading a stored file failed", key, e);
    }
  }

  private static String range(long offset) {
    return "bytes=" + offset + "-";
  }

  @Override
  public long size(String key) throws IOException {
    String object = object(key);
    try {
      return client.headObject(request -> request.bucket(bucket).key(object)).contentLength();
    } catch (SdkException e) {
      throw S3Failures.of("reading a stored file failed", key, e);
    }
  }

  @Override
  public boolean delete(String key) throws IOException {
    String object = object(key);
    try {
      // S3 deletes answer the same whether there was an object or not.
      client.headObject(request -> request.bucket(bucket).key(object));
    } catch (SdkException e) {
      if (S3Failures.isNotFound(e)) {
        return false;
      }
      throw S3Failures.of("deleting a stored file failed", key, e);
    }
    try {
      client.deleteObject(request -> request.bucket(bucket).key(object));
      return true;
    } catch (SdkException e) {
      throw S3Failures.of("deleting a stored file failed", key, e);
    }
  }

  @Override
  public SeekableByteChannel openChannel(String key) throws IOException {
    return new RangedObjectChannel(client, bucket, object(key), size(key));
  }

  /** Aborts multipart uploads started before {@code idle} ago: writes a crash interrupted. */
  @Override
  public void cleanTemporaryFiles(Duration idle) throws IOException {
    Instant cutoff = Instant.now().minus(idle);
    try {
      for (MultipartUpload upload :
          client
              .listMultipartUploadsPaginator(request -> request.bucket(bucket).prefix(OBJECTS))
              .uploads()) {
        if (upload.initiated() != null && upload.initiated().isAfter(cutoff)) {
          continue;
        }
        try {
          client.abortMultipartUpload(
              request -> request.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
          LOG.infof("aborted the upload of %s, left by an interrupted write", upload.key());
        } catch (SdkException e) {
          LOG.warnf("cannot abort the upload of %s: %s", upload.key(), S3Failures.reason(e));
        }
      }
    } catch (SdkException e) {
      throw S3Failures.of("listing unfinished uploads failed", bucket, e);
    }
  }

  @Override
  public void forEachKey(Instant before, Consumer<String> action) throws IOException {
    try {
      for (S3Object object :
          client
              .listObjectsV2Paginator(request -> request.bucket(bucket).prefix(OBJECTS))
              .contents()) {
        String key = object.key().substring(OBJECTS.length());
        if (StoreKeys.isKey(key) && object.lastModified().isBefore(before)) {
          action.accept(key);
        }
      }
    } catch (SdkException e) {
      throw S3Failures.of("listing stored files failed", bucket, e);
    }
  }

  private static String object(String key) {
    return OBJECTS + StoreKeys.check(key);
  }
}
