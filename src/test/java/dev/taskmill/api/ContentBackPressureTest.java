package dev.taskmill.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Downloads go out as fast as the client reads, never faster, and never end as a short 200. The
 * stored bytes come from {@link ScriptedContent} so that the test decides when they flow.
 */
@QuarkusTest
class ContentBackPressureTest {

  private static final int MIB = 1024 * 1024;
  private static final String PATH = "/test-only/scripted-content";

  @TestHTTPResource("/")
  URL root;

  @Inject ScriptedContent scripted;
  @Inject Vertx vertx;

  /**
   * The case that exhausted the memory: the event loop is busy while a worker thread writes a
   * download. Vert.x queues each write as a task for the loop and reports its write queue as not
   * full until the loop has run them, so a writer that only asks "is the queue full?" queued the
   * whole file. Here every event loop is held while the download starts; the writer must stop after
   * a bounded amount and wait.
   */
  @Test
  void aDownloadStopsAtABoundWhileTheSocketTakesNothing() throws Exception {
    long size = 64L * MIB;
    scripted.prepare(size, size, true);
    CountDownLatch release = new CountDownLatch(1);
    try (Socket client = requestWithoutReading(PATH)) {
      assertThat(scripted.awaitReadWaiting(2, TimeUnit.MINUTES))
          .as("the download reached its first read")
          .isTrue();
      holdEveryEventLoop(release);
      scripted.openGate();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> scripted.served() == size || writerWaitsForTheClient());
      assertThat(scripted.served())
          .as("bytes handed to the connection while the socket took none")
          .isLessThanOrEqualTo(ClientPacedOutput.IN_FLIGHT_LIMIT);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aDownloadArrivesWhole() throws Exception {
    long size = 5L * MIB + 123;
    scripted.prepare(size, size, false);
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url(PATH))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(response.headers().firstValue("ETag")).hasValue("\"0\"");
    assertThat(response.body()).hasSize((int) size);
    byte[] tail = Arrays.copyOfRange(response.body(), (int) size - 26, (int) size);
    assertThat(new String(tail, StandardCharsets.US_ASCII)).matches("[a-z]{26}");
  }

  /** A stored file shorter than its item says: the client gets an error, not a short 200. */
  @Test
  void contentThatEndsEarlyBreaksTheConnection() {
    scripted.prepare(2L * MIB, 300_000, false);
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(URI.create(url(PATH))).build(),
                        HttpResponse.BodyHandlers.ofByteArray()))
        .isInstanceOf(IOException.class);
  }

  /**
   * Every Vert.x event loop runs a task that waits for {@code release}; returns once they all do.
   */
  private void holdEveryEventLoop(CountDownLatch release) throws InterruptedException {
    int loops = 0;
    for (EventExecutor ignored : vertx.nettyEventLoopGroup()) {
      loops++;
    }
    CountDownLatch held = new CountDownLatch(loops);
    for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
      loop.execute(
          () -> {
            held.countDown();
            try {
              release.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertThat(held.await(2, TimeUnit.MINUTES)).as("every event loop is held").isTrue();
  }

  /** A thread is parked in {@link ClientPacedOutput}, waiting for the client to take bytes. */
  private static boolean writerWaitsForTheClient() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getState() != Thread.State.RUNNABLE)
        .anyMatch(
            e ->
                Arrays.stream(e.getValue())
                    .anyMatch(
                        f ->
                            f.getClassName().equals("dev.taskmill.api.ClientPacedOutput")
                                && f.getMethodName().equals("awaitRoomFor")));
  }

  private String url(String path) {
    return root.toString().replaceAll("/$", "") + path;
  }

  /** Sends a GET on a socket with a tiny receive buffer and never reads the answer. */
  private Socket requestWithoutReading(String path) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096); // before connect, so the window stays small
    socket.connect(new InetSocketAddress(root.getHost(), root.getPort()));
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: " + root.getHost() + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }
}
