package dev.taskmill.api;

import static dev.taskmill.testing.TasksApi.await;
import static dev.taskmill.testing.TasksApi.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "done when", through the API alone: upload an image and a text, run a task on each,
 * chain a second task on a PENDING output, watch both succeed in order, download every output.
 */
@QuarkusTest
class EndToEndTest {

  @BeforeEach
  void modulesAreAvailable() {
    ModulesApi.awaitStatus("image-resize", "AVAILABLE");
    ModulesApi.awaitStatus("text-stats", "AVAILABLE");
  }

  private static byte[] png(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Test
  void uploadRunChainAndDownload() throws Exception {
    String image =
        given()
            .multiPart("file", "photo.png", png(200, 100), "application/octet-stream")
            .multiPart("label", "photo")
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getString("id");
    String text =
        given()
            .multiPart("file", "words.txt", "the cat and the hat".getBytes(), "text/plain")
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getString("id");

    JsonPath half =
        create(
            Map.of(
                "module", "image-resize",
                "inputs", Map.of("image", image),
                "params", Map.of("width", 100)));
    // Chained on an output that does not exist yet.
    JsonPath quarter =
        create(
            Map.of(
                "module", "image-resize",
                "inputs", Map.of("image", half.getString("outputs.image")),
                "params", Map.of("width", 50, "format", "jpeg")));
    JsonPath stats =
        create(
            Map.of(
                "module",
                "text-stats",
                "inputs",
                Map.of("text", text),
                "params",
                Map.of("top", 2)));

    JsonPath halfDone = await(half.getString("id"), "SUCCEEDED");
    JsonPath quarterDone = await(quarter.getString("id"), "SUCCEEDED");
    await(stats.getString("id"), "SUCCEEDED");
    assertThat(Instant.parse(quarterDone.getString("startedAt")))
        .isAfterOrEqualTo(Instant.parse(halfDone.getString("finishedAt")));

    BufferedImage halfImage = download(half.getString("outputs.image"), "image/png");
    assertThat(halfImage.getWidth()).isEqualTo(100);
    assertThat(halfImage.getHeight()).isEqualTo(50);
    BufferedImage quarterImage = download(quarter.getString("outputs.image"), "image/jpeg");
    assertThat(quarterImage.getWidth()).isEqualTo(50);
    assertThat(quarterImage.getHeight()).isEqualTo(25);

    JsonPath counted =
        given()
            .get("/api/v1/data/" + stats.getString("outputs.stats") + "/content")
            .then()
            .statusCode(200)
            .contentType(ContentType.JSON)
            .extract()
            .jsonPath();
    assertThat(counted.getInt("words")).isEqualTo(5);
    assertThat(counted.getString("topWords[0].word")).isEqualTo("the");
    assertThat(counted.getInt("topWords[0].count")).isEqualTo(2);

    JsonPath item =
        given()
            .get("/api/v1/data/" + quarter.getString("outputs.image"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(item.getString("kind")).isEqualTo("IMAGE");
    assertThat(item.getString("origin")).isEqualTo("TASK");
    assertThat(item.getString("producerTaskId")).isEqualTo(quarter.getString("id"));
  }

  private static BufferedImage download(String id, String type) throws Exception {
    byte[] bytes =
        given()
            .get("/api/v1/data/" + id + "/content")
            .then()
            .statusCode(200)
            .contentType(type)
            .extract()
            .asByteArray();
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }
}
