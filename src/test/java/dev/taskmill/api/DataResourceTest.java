package dev.taskmill.api;

import static dev.taskmill.testing.DataApi.content;
import static dev.taskmill.testing.DataApi.multipart;
import static dev.taskmill.testing.DataApi.png;
import static dev.taskmill.testing.DataApi.sha256;
import static dev.taskmill.testing.DataApi.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataOrigin;
import dev.taskmill.data.DataRepository;
import dev.taskmill.data.DataStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Uploads and content downloads over real HTTP, into real files and a real MongoDB-wire server. */
@QuarkusTest
class DataResourceTest {

  static final Path STORE_TMP = Path.of("target/test-file-store/tmp");

  @Inject DataRepository repository;

  @Test
  void anUploadedPngIsDetectedFromItsBytesNotFromTheClaimedType() {
    byte[] png = png(300, 200);
    Response response =
        multipart(png, "holiday.png", "text/plain")
            .multiPart("tags", "beach, summer")
            .multiPart("tags", "2026")
            .multiPart("metadata", "{\"camera\": \"front\", \"iso\": 100}")
            .post("/api/v1/data");
    response
        .then()
        .statusCode(201)
        .header("Location", endsWith("/api/v1/data/" + response.jsonPath().getString("id")));
    JsonPath item = response.jsonPath();
    assertThat(item.getString("id")).matches("[0-9a-f]{24}");
    assertThat(item.getString("kind")).isEqualTo("IMAGE");
    assertThat(item.getString("mediaType")).isEqualTo("image/png");
    assertThat(item.getBoolean("isFile")).isTrue();
    assertThat(item.getString("status")).isEqualTo("AVAILABLE");
    assertThat(item.getString("origin")).isEqualTo("UPLOAD");
    assertThat(item.getString("label")).isEqualTo("holiday.png");
    assertThat(item.getList("tags", String.class)).containsExactly("beach", "summer", "2026");
    assertThat(item.getString("metadata.camera")).isEqualTo("front");
    assertThat(item.getLong("size")).isEqualTo(png.length);
    assertThat(item.getString("sha256")).isEqualTo(sha256(png));
    assertThat(item.getString("contentUrl"))
        .isEqualTo("/api/v1/data/" + item.getString("id") + "/content");
    assertThat(item.getString("availableAt")).isNotNull();
    assertThat(item.getMap("")).doesNotContainKeys("storageKey", "text", "path", "json");

    Response download = given().get(item.getString("contentUrl"));
    download
        .then()
        .statusCode(200)
        .header("Content-Type", "image/png")
        .header("Content-Length", String.valueOf(png.length))
        .header("ETag", "\"" + sha256(png) + "\"")
        .header("Accept-Ranges", "bytes")
        .header("Content-Disposition", "inline; filename=\"holiday.png\"");
    assertThat(download.asByteArray()).isEqualTo(png);
  }

  @Test
  void rangesConditionalRequestsAndHead() {
    byte[] png = png(120, 80);
    int len = png.length;
    String url = upload(png, "r.png", "image/png").getString("contentUrl");

    Response first = given().header("Range", "bytes=0-9").get(url);
    first
        .then()
        .statusCode(206)
        .header("Content-Range", "bytes 0-9/" + len)
        .header("Content-Length", "10");
    assertThat(first.asByteArray()).isEqualTo(Arrays.copyOf(png, 10));

    Response suffix = given().header("Range", "bytes=-7").get(url);
    suffix
        .then()
        .statusCode(206)
        .header("Content-Range", "bytes " + (len - 7) + "-" + (len - 1) + "/" + len);
    assertThat(suffix.asByteArray()).isEqualTo(Arrays.copyOfRange(png, len - 7, len));

    Response open = given().header("Range", "bytes=100-").get(url);
    open.then().statusCode(206).header("Content-Range", "bytes 100-" + (len - 1) + "/" + len);
    assertThat(open.asByteArray()).isEqualTo(Arrays.copyOfRange(png, 100, len));

    given()
        .header("Range", "bytes=" + len + "-")
        .get(url)
        .then()
        .statusCode(416)
        .header("Content-Range", "bytes */" + len)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("outside the content"));

    String etag = "\"" + sha256(png) + "\"";
    given().header("If-None-Match", etag).get(url).then().statusCode(304).header("ETag", etag);
    given().header("If-None-Match", "\"other\"").get(url).then().statusCode(200);
    // If-Range with another version: the whole content, not the range.
    given()
        .header("Range", "bytes=0-9")
        .header("If-Range", "\"other\"")
        .get(url)
        .then()
        .statusCode(200);

    given()
        .head(url)
        .then()
        .statusCode(200)
        .header("Content-Length", String.valueOf(len))
        .header("ETag", etag);
  }

  @Test
  void nonAsciiLabelsGetAnRfc6266FilenameStar() {
    String url =
        multipart("hello".getBytes(StandardCharsets.UTF_8), "x.txt", "application/octet-stream")
            .multiPart(
                new MultiPartSpecBuilder("Grüße \"2026\".txt")
                    .controlName("label")
                    .mimeType("text/plain")
                    .charset(StandardCharsets.UTF_8)
                    .build())
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .body("kind", equalTo("TEXT"))
            .extract()
            .path("contentUrl");
    given()
        .get(url)
        .then()
        .statusCode(200)
        .header("Content-Type", "text/plain; charset=utf-8")
        .header(
            "Content-Disposition",
            "inline; filename=\"Gr__e _2026_.txt\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%222026%22.txt");
  }

  @Test
  void aFormWithoutAFileIsAProblemAndABadUploadLeavesNoFile() throws IOException {
    given()
        .multiPart("label", "no file here")
        .post("/api/v1/data")
        .then()
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("'file'"));

    long before = filesIn(STORE_TMP);
    multipart(png(50, 50), "p.png", "image/png")
        .multiPart("metadata", "[1, 2]")
        .post("/api/v1/data")
        .then()
        .statusCode(422)
        .contentType(Problem.MEDIA_TYPE)
        .body("detail", containsString("must be a JSON object"));
    multipart(png(50, 50), "p.png", "image/png")
        .multiPart("metadata", "{not json")
        .post("/api/v1/data")
        .then()
        .statusCode(422)
        .body("detail", containsString("not valid JSON"));
    assertThat(filesIn(STORE_TMP)).isEqualTo(before);
  }

  @Test
  void malformedAndUnknownIdsAreProblems() {
    for (String path : new String[] {"", "/content"}) {
      given()
          .get("/api/v1/data/not-an-id" + path)
          .then()
          .statusCode(400)
          .contentType(Problem.MEDIA_TYPE)
          .body("detail", equalTo("'not-an-id' is not a data item id (24 hex digits)."));
      given()
          .get("/api/v1/data/0123456789abcdef01234567" + path)
          .then()
          .statusCode(404)
          .contentType(Problem.MEDIA_TYPE)
          .body("detail", equalTo("There is no data item '0123456789abcdef01234567'."));
    }
    given().delete("/api/v1/data/XYZ").then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    given()
        .delete("/api/v1/data/0123456789abcdef01234567")
        .then()
        .statusCode(404)
        .body("detail", notNullValue());
  }

  @Test
  void pendingAndFailedItemsHaveNoContentYet() {
    DataItem pending = item(DataStatus.PENDING, null);
    given()
        .get("/api/v1/data/" + pending.id + "/content")
        .then()
        .statusCode(409)
        .contentType(Problem.MEDIA_TYPE)
        .body(
            "detail",
            equalTo(
                "Data item '" + pending.id + "' is PENDING: its producer task has not finished."));

    DataItem failed = item(DataStatus.FAILED, "the module crashed");
    given()
        .get("/api/v1/data/" + failed.id + "/content")
        .then()
        .statusCode(409)
        .body("detail", equalTo("Data item '" + failed.id + "' FAILED: the module crashed"));
    given()
        .get("/api/v1/data/" + failed.id)
        .then()
        .statusCode(200)
        .body("reason", equalTo("the module crashed"));
  }

  @Test
  void theStoredFileIsTheUpload() {
    byte[] png = png(64, 64);
    String id = upload(png, "s.png", "image/png").getString("id");
    assertThat(content(id)).isEqualTo(png);
  }

  private DataItem item(DataStatus status, String reason) {
    DataItem item = new DataItem();
    item.label = "output of a task";
    item.kind = DataKind.IMAGE;
    item.mediaType = "image/png";
    item.isFile = true;
    item.status = status;
    item.reason = reason;
    item.origin = DataOrigin.TASK;
    item.producerTaskId = DataRepository.newId();
    item.producerOutput = "image";
    return repository.insert(item);
  }

  private static long filesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
