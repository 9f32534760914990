package dev.taskmill.webhook;

import dev.taskmill.config.TaskmillConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes one try of a delivery: a signed POST that must be answered 2xx within {@code
 * taskmill.webhooks.timeout}, headers and body alike. Redirects are not followed (a receiver could
 * point them anywhere), and the URL is checked again first.
 */
@ApplicationScoped
public class DeliverySender {

  /** How a try went: the answer's status (null without one), and what went wrong in words. */
  public record Result(Integer code, String error) {
    boolean ok() {
      return code != null && code >= 200 && code < 300;
    }
  }

  private final WebhookUrls urls;
  private final Duration timeout;
  private final HttpClient client;

  DeliverySender(WebhookUrls urls, TaskmillConfig config) {
    this.urls = urls;
    this.timeout = config.webhooks().timeout();
    this.client =
        HttpClient.newBuilder()
            // Plain HTTP/1.1: no h2c upgrade headers on http:// URLs, which some receivers and
            // proxies refuse.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  Result send(Webhook webhook, Delivery delivery) {
    Optional<String> refused = urls.problem(webhook.url);
    if (refused.isPresent()) {
      return new Result(null, "not sent: the URL " + refused.get());
    }
    byte[] body = delivery.body.getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(webhook.url))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Taskmill-Webhooks/1")
            .header("X-Taskmill-Event", delivery.event)
            .header("X-Taskmill-Delivery", delivery.id)
            .header("X-Taskmill-Signature", Signatures.sign(webhook.secret, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    CompletableFuture<HttpResponse<Void>> answer =
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    try {
      // The whole answer within the timeout: a receiver trickling its body is slow too.
      int code = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
      return new Result(code, code >= 200 && code < 300 ? null : "answered " + code);
    } catch (TimeoutException e) {
      answer.cancel(true);
      return new Result(null, "no answer within " + timeout);
    } catch (ExecutionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Result(null, describe(cause));
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return new Result(null, "interrupted: the service is stopping");
    }
  }

  private static String describe(Throwable cause) {
    String name = cause.getClass().getSimpleName();
    if (name.equals("ConnectException")) {
      return "could not connect";
    }
    if (name.contains("Timeout")) {
      return "no answer in time";
    }
    return cause.getMessage() == null ? "the connection failed" : cause.getMessage();
  }
}
