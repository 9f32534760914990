package dev.taskmill.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataOrigin;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/** Test helpers for tasks: create through the API, wait (bounded) for a status. */
public final class TasksApi {

  private TasksApi() {}

  /** Inserts an AVAILABLE inline TEXT item (the upload API is tested on its own). */
  public static String textItem(DataRepository data, String text) {
    DataItem item = new DataItem();
    item.id = DataRepository.newId();
    item.label = "text";
    item.kind = DataKind.TEXT;
    item.mediaType = "text/plain";
    item.status = DataStatus.AVAILABLE;
    item.origin = DataOrigin.UPLOAD;
    item.text = text;
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    item.size = (long) bytes.length;
    try {
      item.sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    data.insert(item);
    return item.id;
  }

  /**
   * Inserts tm-echo's two outputs of {@code task} as PENDING items and wires them into its outputs
   * (for tests that insert a task directly, as an instance would have left it).
   */
  public static void pendingEchoOutputs(DataRepository data, dev.taskmill.task.model.Task task) {
    for (String port : new String[] {"echo", "file"}) {
      DataItem out = new DataItem();
      out.id = DataRepository.newId();
      out.kind = port.equals("echo") ? DataKind.TEXT : DataKind.FILE;
      out.status = DataStatus.PENDING;
      out.origin = DataOrigin.TASK;
      out.producerTaskId = task.id;
      out.producerOutput = port;
      data.insert(out);
      task.outputs.put(port, out.id);
    }
  }

  /** POST /api/v1/tasks expecting 201; returns the task. */
  /** Creates a tm-echo task on a new text item that waits {@code seconds} before it may run. */
  public static JsonPath delayedEcho(DataRepository data, String text, int seconds) {
    return create(
        Map.of(
            "module",
            "tm-echo",
            "inputs",
            Map.of("text", textItem(data, text)),
            "delaySeconds",
            seconds));
  }

  public static JsonPath create(Map<String, Object> body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/tasks")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  /** GET /api/v1/tasks/{id}. */
  public static JsonPath task(String id) {
    return given().get("/api/v1/tasks/" + id).then().statusCode(200).extract().jsonPath();
  }

  /** Waits until the task is in {@code status}; fails early if it ends in another one. */
  public static JsonPath await(String id, String status) {
    JsonPath task =
        Waits.until(
            () -> task(id),
            t ->
                assertThat(t.getString("status"))
                    .as(() -> "task " + id + ": " + t.prettify())
                    .isIn(status, "SUCCEEDED", "FAILED", "CANCELLED"));
    if (!status.equals(task.getString("status"))) {
      throw new AssertionError(
          "task "
              + id
              + " is "
              + task.getString("status")
              + ", not "
              + status
              + ": "
              + task.prettify());
    }
    return task;
  }

  /** Waits until the task ends (SUCCEEDED, FAILED or CANCELLED); returns it. */
  public static JsonPath awaitEnd(String id) {
    return Waits.until(
        () -> task(id),
        t ->
            assertThat(t.getString("status"))
                .as(() -> "task " + id + " did not end: " + t.prettify())
                .isIn("SUCCEEDED", "FAILED", "CANCELLED"));
  }
}
