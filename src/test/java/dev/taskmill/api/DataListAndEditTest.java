package dev.taskmill.api;

import static dev.taskmill.testing.DataApi.inline;
import static dev.taskmill.testing.DataApi.png;
import static dev.taskmill.testing.DataApi.uniqueTag;
import static dev.taskmill.testing.DataApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.store.LocalFileStore;
import dev.taskmill.store.StoreBackend;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Listing with filters and pages, PATCH, and DELETE with its guard against unfinished tasks. */
@QuarkusTest
class DataListAndEditTest {

  @Inject DataRepository repository;
  @Inject @StoreBackend LocalFileStore store;

  @Test
  void filtersAndPagesNewestFirst() {
    String tag = uniqueTag();
    String a =
        inline(Map.of("kind", "TEXT", "text", "a", "label", "Alpha Notes", "tags", List.of(tag)))
            .getString("id");
    String b =
        inline(Map.of("kind", "JSON", "json", Map.of(), "label", "beta", "tags", List.of(tag)))
            .getString("id");
    String c = upload(png(20, 20), "gamma-NOTES.png", "image/png").getString("id");
    given()
        .contentType("application/json")
        .body(Map.of("tags", List.of(tag)))
        .patch("/api/v1/data/" + c)
        .then()
        .statusCode(200);

    JsonPath all = list("tag=" + tag + "&size=500");
    assertThat(all.getList("items.id", String.class)).containsExactly(c, b, a);
    assertThat(all.getLong("total")).isEqualTo(3);

    JsonPath first = list("tag=" + tag + "&size=2&page=0");
    assertThat(first.getList("items.id", String.class)).containsExactly(c, b);
    assertThat(first.getInt("page")).isZero();
    assertThat(first.getInt("size")).isEqualTo(2);
    assertThat(first.getLong("total")).isEqualTo(3);
    assertThat(list("tag=" + tag + "&size=2&page=1").getList("items.id", String.class))
        .containsExactly(a);
    assertThat(list("tag=" + tag + "&size=2&page=9").getList("items")).isEmpty();

    assertThat(list("tag=" + tag + "&label=notes").getList("items.id", String.class))
        .containsExactly(c, a);
    assertThat(list("tag=" + tag + "&kind=image").getList("items.id", String.class))
        .containsExactly(c);
    assertThat(
            list("tag=" + tag + "&kind=JSON&status=AVAILABLE&origin=UPLOAD")
                .getList("items.id", String.class))
        .containsExactly(b);
    assertThat(list("tag=" + tag + "&producerTaskId=0123456789abcdef01234567").getList("items"))
        .isEmpty();
    given().get("/api/v1/data").then().statusCode(200).body("size", equalTo(50));
  }

  @Test
  void badQueryParametersAre400ProblemsNamingTheParameter() {
    for (String size : new String[] {"0", "501", "ten"}) {
      given()
          .get("/api/v1/data?size=" + size)
          .then()
          .statusCode(400)
          .contentType(Problem.MEDIA_TYPE)
          .body("detail", allOf(containsString("'size'"), containsString("1 to 500")));
    }
    given()
        .get("/api/v1/data?page=-1")
        .then()
        .statusCode(400)
        .body("detail", containsString("'page'"));
    given()
        .get("/api/v1/data?kind=BANANA")
        .then()
        .statusCode(400)
        .body(
            "detail",
            equalTo(
                "Query parameter 'kind' must be one of IMAGE, VIDEO, AUDIO, TEXT, JSON, FILE, not 'BANANA'."));
    given()
        .get("/api/v1/data?status=DONE")
        .then()
        .statusCode(400)
        .body("detail", containsString("PENDING, AVAILABLE, FAILED"));
    given()
        .get("/api/v1/data?origin=x")
        .then()
        .statusCode(400)
        .body("detail", containsString("UPLOAD, TASK"));
  }

  @Test
  void patchChangesOnlyWhatItNames() {
    String id =
        inline(Map.of("kind", "TEXT", "text", "t", "label", "old", "tags", List.of("keep")))
            .getString("id");
    String url = "/api/v1/data/" + id;
    given()
        .contentType("application/json")
        .body(Map.of("label", "new", "metadata", Map.of("k", 1)))
        .patch(url)
        .then()
        .statusCode(200)
        .body("label", equalTo("new"))
        .body("tags", equalTo(List.of("keep")))
        .body("metadata.k", equalTo(1));
    given()
        .contentType("application/json")
        .body(Map.of("tags", List.of("x", "y,z")))
        .patch(url)
        .then()
        .statusCode(200)
        .body("tags", equalTo(List.of("x", "y", "z")))
        .body("label", equalTo("new"));

    patchFails(url, "{\"label\": \"  \"}", 422, "'label' must not be blank");
    patchFails(url, "{\"label\": null}", 422, "'label'");
    patchFails(url, "{\"tags\": \"a\"}", 422, "array of strings");
    patchFails(url, "{\"metadata\": [1]}", 422, "JSON object");
    patchFails(url, "{\"kind\": \"IMAGE\"}", 400, "Unknown field 'kind'");
    patchFails(url, "[]", 400, "must be a JSON object");
    patchFails(url, "{\"label\": ", 400, "not valid JSON");
    patchFails("/api/v1/data/0123456789abcdef01234567", "{}", 404, "There is no data item");
    given().get(url).then().body("label", equalTo("new"));
  }

  @Test
  void deleteRemovesTheItemAndItsFile() {
    String id = upload(png(30, 30), "d.png", "image/png").getString("id");
    DataItem item = repository.find(id).orElseThrow();
    Path file = store.localPath(item.storageKey);
    assertThat(file).exists().startsWith(Path.of("target/test-file-store").toAbsolutePath());

    given().delete("/api/v1/data/" + id).then().statusCode(204);
    assertThat(file).doesNotExist();
    given().get("/api/v1/data/" + id).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    given().get("/api/v1/data/" + id + "/content").then().statusCode(404);
  }

  @Test
  void deleteIsRefusedWhileAnUnfinishedTaskUsesTheItem() {
    String id = inline(Map.of("kind", "TEXT", "text", "in use")).getString("id");
    String taskId = DataRepository.newId();
    var tasks = DataItem.mongoDatabase().getCollection("tasks");
    tasks.insertOne(
        new Document("_id", taskId)
            .append("status", "RUNNING")
            .append("inputs", Map.of("text", id)));
    assertThat(repository.addConsumer(id, taskId)).isTrue();

    given()
        .delete("/api/v1/data/" + id)
        .then()
        .statusCode(409)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", allOf(containsString(taskId), containsString("unfinished")));
    given()
        .get("/api/v1/data/" + id)
        .then()
        .statusCode(200)
        .body("consumers", equalTo(List.of(taskId)));

    tasks.updateOne(
        new Document("_id", taskId), new Document("$set", new Document("status", "SUCCEEDED")));
    given().delete("/api/v1/data/" + id).then().statusCode(204);
    // A stand-in, not a real task: the runtime must not find it.
    tasks.deleteOne(new Document("_id", taskId));
  }

  private static JsonPath list(String query) {
    return given().get("/api/v1/data?" + query).then().statusCode(200).extract().jsonPath();
  }

  private static void patchFails(String url, String body, int status, String detailPart) {
    given()
        .contentType("application/json")
        .body(body)
        .patch(url)
        .then()
        .statusCode(status)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString(detailPart));
  }
}
