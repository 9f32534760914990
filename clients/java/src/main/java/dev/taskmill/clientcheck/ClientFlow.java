package dev.taskmill.clientcheck;

import dev.taskmill.client.ApiClient;
import dev.taskmill.client.ApiException;
import dev.taskmill.client.api.DashboardApi;
import dev.taskmill.client.api.DataApi;
import dev.taskmill.client.api.ModulesApi;
import dev.taskmill.client.api.TasksApi;
import dev.taskmill.client.model.CreateTask;
import dev.taskmill.client.model.Dashboard;
import dev.taskmill.client.model.DataItem;
import dev.taskmill.client.model.DataKind;
import dev.taskmill.client.model.DataStatus;
import dev.taskmill.client.model.Module;
import dev.taskmill.client.model.ModuleStatus;
import dev.taskmill.client.model.Task;
import dev.taskmill.client.model.TaskPage;
import dev.taskmill.client.model.TaskStatus;
import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A whole Taskmill flow through the generated Java client only: upload an image, resize it, chain
 * a second resize on the first task's PENDING output, wait, download both outputs and check them
 * as images, read the task list and the dashboard, and get a problem for a bad id. Exits non-zero
 * (an exception) on the first thing that is not as expected.
 *
 * <p>Usage: {@code ClientFlow <base-url>}; {@code TASKMILL_API_KEY} is sent as a bearer key.
 */
public final class ClientFlow {

  private ClientFlow() {}

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
    ApiClient client = new ApiClient();
    client.updateBaseUri(base.toString());
    client.setReadTimeout(Duration.ofSeconds(60));
    String key = System.getenv("TASKMILL_API_KEY");
    if (key != null && !key.isBlank()) {
      client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
    }
    DataApi data = new DataApi(client);
    TasksApi tasks = new TasksApi(client);
    ModulesApi modules = new ModulesApi(client);
    DashboardApi dashboard = new DashboardApi(client);
    long start = System.nanoTime();

    Module resize = modules.getModule("image-resize");
    check(resize.getStatus() == ModuleStatus.AVAILABLE, "image-resize is " + resize.getStatus());

    // 1. Upload a real PNG (multipart/form-data with a file part, tags and metadata).
    Path png = Files.createTempFile("taskmill-client-", ".png");
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 64; x++) {
      for (int y = 0; y < 48; y++) {
        image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 128);
      }
    }
    ImageIO.write(image, "png", png.toFile());
    DataItem upload =
        data.uploadData(
            png.toFile(),
            null,
            "client-flow.png",
            List.of("client", "java"),
            "{\"by\":\"ClientFlow\"}",
            null,
            86_400);
    check(upload.getKind() == DataKind.IMAGE, "upload kind " + upload.getKind());
    check(
        upload.getExpiresAt() != null
            && upload.getExpiresAt().isAfter(upload.getCreatedAt().plusSeconds(86_399)),
        "upload expiresAt " + upload.getExpiresAt() + " one day after " + upload.getCreatedAt());
    check("image/png".equals(upload.getMediaType()), "upload media type " + upload.getMediaType());
    check(upload.getStatus() == DataStatus.AVAILABLE, "upload status " + upload.getStatus());
    check(upload.getSize() == Files.size(png), "upload size " + upload.getSize());
    check(upload.getTags().containsAll(List.of("client", "java")), "tags " + upload.getTags());

    // 2. A task on it; 3. a second task on the first one's output while that is still PENDING.
    CreateTask halfRequest =
        new CreateTask()
            .module("image-resize")
            .inputs(Map.of("image", upload.getId()))
            .params(Map.of("width", 32))
            .label("client-half")
            // A short delay keeps its output PENDING while the next task is chained on it.
            .delaySeconds(2);
    String idempotencyKey = java.util.UUID.randomUUID().toString();
    Task first = tasks.createTask(halfRequest, idempotencyKey);
    // A retry with the same Idempotency-Key answers the same task and creates none.
    Task retried = tasks.createTask(halfRequest, idempotencyKey);
    check(first.getId().equals(retried.getId()), "a retried create made another task");
    String half = first.getOutputs().get("image");
    check(first.getStatus() == TaskStatus.WAITING, "a delayed task is " + first.getStatus());
    check(half != null, "first task has no 'image' output: " + first.getOutputs());
    Task second =
        tasks.createTask(
            new CreateTask()
                .module("image-resize")
                .inputs(Map.of("image", half))
                .params(Map.of("width", 16, "format", "jpeg"))
                .label("client-quarter"),
            null);
    check(
        second.getStatus() == TaskStatus.WAITING,
        "a task on a PENDING input must wait, was " + second.getStatus());

    // 4. Wait for both.
    Task done1 = await(tasks, first.getId());
    Task done2 = await(tasks, second.getId());
    check(done1.getStatus() == TaskStatus.SUCCEEDED, "first task " + describe(done1));
    check(done2.getStatus() == TaskStatus.SUCCEEDED, "second task " + describe(done2));
    check(
        done2.getStartedAt() != null && !done2.getStartedAt().isBefore(done1.getFinishedAt()),
        "the chained task started before its input existed");

    // 5. Download both outputs (binary) and read them back as images.
    BufferedImage halfImage = download(data, half);
    check(halfImage.getWidth() == 32 && halfImage.getHeight() == 24, "half size " + size(halfImage));
    String quarter = done2.getOutputs().get("image");
    DataItem quarterItem = data.getData(quarter);
    check("image/jpeg".equals(quarterItem.getMediaType()), "quarter " + quarterItem.getMediaType());
    BufferedImage quarterImage = download(data, quarter);
    check(quarterImage.getWidth() == 16, "quarter size " + size(quarterImage));

    // 6. Lists and the dashboard, typed.
    // Query parameters in the generator's order: createdFrom, createdTo, id, label, module, order,
    // page, pipeline, size, sort, status.
    TaskPage succeeded =
        tasks.listTasks(
            null, null, null, null, "image-resize", null, null, null, null, null, "SUCCEEDED");
    check(succeeded.getTotal() >= 2, "listTasks total " + succeeded.getTotal());
    check(
        succeeded.getItems().stream().anyMatch(t -> t.getId().equals(second.getId())),
        "listTasks misses the second task");
    Dashboard board = dashboard.getDashboard();
    Long succeededCount = board.getCounts().getTasks().get("SUCCEEDED");
    check(succeededCount != null && succeededCount >= 2, "dashboard counts " + board.getCounts());
    check(
        board.getModules().stream().anyMatch(m -> "image-resize".equals(m.getModule())),
        "dashboard has no image-resize runs");
    String log = tasks.getTaskLog(first.getId());
    check(log != null, "task log");

    // 7. Errors arrive as ApiException with the problem+json body.
    try {
      data.getData("not-an-id");
      throw new IllegalStateException("a malformed id was accepted");
    } catch (ApiException e) {
      check(e.getCode() == 400, "bad id answered " + e.getCode());
      check(e.getResponseBody().contains("\"detail\""), "no problem detail: " + e.getResponseBody());
    }

    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "flow: upload + 2 chained tasks + 2 downloads + lists + dashboard in %.2f s (tasks ran %s and %s)%n",
        seconds, runtime(done1), runtime(done2));
    Files.deleteIfExists(png);
  }

  private static Task await(TasksApi tasks, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      Task task = tasks.getTask(id);
      TaskStatus s = task.getStatus();
      if (s == TaskStatus.SUCCEEDED || s == TaskStatus.FAILED || s == TaskStatus.CANCELLED) {
        return task;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("task " + id + " still " + s + " after 3 min");
      }
      Thread.sleep(100);
    }
  }

  private static BufferedImage download(DataApi data, String id) throws Exception {
    File file = data.getDataContent(id, null, null, null);
    try {
      BufferedImage image = ImageIO.read(file);
      check(image != null, "downloaded content of " + id + " is not an image");
      return image;
    } finally {
      Files.deleteIfExists(file.toPath());
    }
  }

  private static String describe(Task t) {
    return t.getStatus() + (t.getError() == null ? "" : ": " + t.getError().getMessage());
  }

  private static String runtime(Task t) {
    return Duration.between(t.getStartedAt(), t.getFinishedAt()).toMillis() + " ms";
  }

  private static String size(BufferedImage image) {
    return image.getWidth() + "x" + image.getHeight();
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException("client flow: " + message);
    }
  }
}
