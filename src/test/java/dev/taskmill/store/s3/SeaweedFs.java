package dev.taskmill.store.s3;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One real SeaweedFS server (S3 API) for the S3 tests of this JVM, started by {@code
 * scripts/seaweedfs.sh} on 127.0.0.1 and stopped when the JVM ends. When the binary has not been
 * built the tests using it fail, saying how to build it: they never pass without a real server.
 */
public final class SeaweedFs {

  public static final String ACCESS_KEY = "taskmill";
  public static final String SECRET_KEY = "taskmill-secret";
  public static final String REGION = "us-east-1";

  private static SeaweedFs running;

  private final String endpoint;

  private SeaweedFs(String endpoint) {
    this.endpoint = endpoint;
  }

  /** The server, started on first use. */
  public static synchronized SeaweedFs get() {
    if (running == null) {
      running = start();
    }
    return running;
  }

  /** Its S3 endpoint, e.g. {@code http://127.0.0.1:31000}. */
  public String endpoint() {
    return endpoint;
  }

  /** A client for it, built as the service builds its own (path-style, as SeaweedFS needs). */
  public S3Client client() {
    return S3Clients.build(
        new S3Settings(
            Optional.of(endpoint),
            Optional.empty(),
            REGION,
            Optional.of(ACCESS_KEY),
            Optional.of(SECRET_KEY),
            true));
  }

  /**
   * Creates {@code bucket} (if missing), waiting until the server stores objects in it: its S3 port
   * opens before the filer behind it is ready, and writes fail (500) for the next seconds, until
   * the master has told the filer which server holds its write locks.
   */
  public void createBucket(String bucket) {
    try (S3Client client = client()) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(SdkException.class)
          .until(
              () -> {
                try {
                  client.createBucket(request -> request.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException e) {
                  // there already
                }
                client.putObject(
                    request -> request.bucket(bucket).key("ready"), RequestBody.fromString("ok"));
                client.deleteObject(request -> request.bucket(bucket).key("ready"));
                return true;
              });
    }
  }

  /** Deletes every object and unfinished upload in {@code bucket}. */
  public void empty(String bucket) {
    try (S3Client client = client()) {
      for (S3Object object :
          client.listObjectsV2Paginator(request -> request.bucket(bucket)).contents()) {
        client.deleteObject(request -> request.bucket(bucket).key(object.key()));
      }
      for (MultipartUpload upload :
          client.listMultipartUploadsPaginator(request -> request.bucket(bucket)).uploads()) {
        client.abortMultipartUpload(
            request -> request.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
      }
    }
  }

  private static SeaweedFs start() {
    Path script = Path.of("scripts/seaweedfs.sh").toAbsolutePath();
    try {
      Path dir = Files.createTempDirectory("taskmill-seaweedfs-");
      int port = freePorts();
      ProcessBuilder builder =
          new ProcessBuilder(script.toString(), "start", dir.toString(), String.valueOf(port))
              .redirectErrorStream(false);
      builder
          .environment()
          .put("SEAWEEDFS_WATCH_PID", String.valueOf(ProcessHandle.current().pid()));
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        deleteQuietly(dir);
        throw new AssertionError(
            "the S3 tests need a real SeaweedFS server and it did not start: " + err.strip());
      }
      long pid = Long.parseLong(out.strip());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    // It takes ~10 s to stop (its volume server says goodbye to the master) and
                    // writes to its folder until then.
                    ProcessHandle.of(pid).ifPresent(SeaweedFs::stop);
                    deleteQuietly(dir);
                  }));
      return new SeaweedFs("http://127.0.0.1:" + port);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while starting SeaweedFS", e);
    }
  }

  /** A port whose next seven are free too (the servers inside {@code weed server}). */
  private static int freePorts() {
    Random random = new Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 20_000 + random.nextInt(25_000);
      boolean free = true;
      for (int p = port; p <= port + 7; p++) {
        free &= isFree(p);
      }
      if (free) {
        return port;
      }
    }
    throw new AssertionError("no free ports for SeaweedFS");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void stop(ProcessHandle server) {
    server.destroy();
    try {
      server.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      server.destroyForcibly();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: the OS cleans it eventually
    }
  }
}
