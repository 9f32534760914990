package dev.taskmill.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback for tests (the JDK's HTTP server): records every request it gets
 * and answers with the status a test sets. It can be taken down and brought up on the same port, as
 * a receiver that is down for a while.
 */
final class Receiver implements AutoCloseable {

  /** One request as it arrived. */
  record Received(String event, String deliveryId, String signature, String body, int answered) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger answer = new AtomicInteger(200);
  private int port;
  private HttpServer server;

  Receiver() {
    start();
  }

  /** Up (again), on the port it had. */
  synchronized void start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.getAddress().getPort();
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = answer.get();
          received.add(
              new Received(
                  exchange.getRequestHeaders().getFirst("X-Taskmill-Event"),
                  exchange.getRequestHeaders().getFirst("X-Taskmill-Delivery"),
                  exchange.getRequestHeaders().getFirst("X-Taskmill-Signature"),
                  body,
                  status));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /** Down: connections are refused until {@link #start()}. */
  synchronized void stop() {
    server.stop(0);
  }

  /** The status the next requests are answered with. */
  void answer(int status) {
    answer.set(status);
  }

  String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  /** The requests it answered 2xx. */
  List<Received> accepted() {
    return received.stream().filter(r -> r.answered() / 100 == 2).toList();
  }

  @Override
  public synchronized void close() {
    server.stop(0);
  }
}
