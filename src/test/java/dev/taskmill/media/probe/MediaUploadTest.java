package dev.taskmill.media.probe;

import static dev.taskmill.testing.TasksApi.textItem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataRepository;
import dev.taskmill.media.MediaProbe;
import dev.taskmill.testing.DataApi;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Media-aware data items through the real API: uploads are probed into {@code media}, content that
 * is not the claimed kind is refused with nothing stored, task outputs are probed too.
 */
@QuarkusTest
class MediaUploadTest {

  @Inject DataRepository data;
  @Inject TaskmillConfig config;

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = MediaUploadTest.class.getResourceAsStream("/media/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void anUploadedVideoIsProbed() throws IOException {
    JsonPath item = DataApi.upload(resource("h264_aac_faststart.mp4"), "clip.mp4", "video/mp4");
    assertThat(item.getString("kind")).isEqualTo("VIDEO");
    assertVideo(item);
    // Stored, not computed per request: the item read back and the list show the same.
    JsonPath again =
        given()
            .get("/api/v1/data/" + item.getString("id"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertVideo(again);
    // Client metadata stays the client's.
    assertThat(again.getMap("metadata")).isEmpty();
  }

  private static void assertVideo(JsonPath item) {
    assertThat(item.getBoolean("media.probed")).isTrue();
    assertThat(item.getString("media.container")).isEqualTo("mp4");
    assertThat(item.getString("media.contentKind")).isEqualTo("VIDEO");
    assertThat(item.getDouble("media.durationSeconds")).isEqualTo(2.0);
    assertThat(item.getInt("media.width")).isEqualTo(96);
    assertThat(item.getInt("media.height")).isEqualTo(64);
    assertThat(item.getDouble("media.fps")).isEqualTo(15.0);
    assertThat(item.getString("media.videoCodec")).isEqualTo("avc1");
    assertThat(item.getString("media.audioCodec")).isEqualTo("mp4a");
    assertThat(item.getInt("media.audioChannels")).isEqualTo(1);
    assertThat(item.getInt("media.sampleRate")).isEqualTo(16000);
    assertThat(item.getString("media.error")).isNull();
  }

  @Test
  void audioAndImagesAreProbedAndTextIsNot() {
    JsonPath wav = DataApi.upload(TestMedia.wav(2, 22050, 16, 0.5), "a.wav", "audio/wav");
    assertThat(wav.getString("kind")).isEqualTo("AUDIO");
    assertThat(wav.getString("media.container")).isEqualTo("wav");
    assertThat(wav.getDouble("media.durationSeconds")).isEqualTo(0.5);
    assertThat(wav.getInt("media.audioChannels")).isEqualTo(2);
    JsonPath png = DataApi.upload(TestMedia.image("png", 33, 17), "p.png", "image/png");
    assertThat(png.getString("media.container")).isEqualTo("png");
    assertThat(png.getInt("media.width")).isEqualTo(33);
    assertThat(png.getInt("media.height")).isEqualTo(17);
    JsonPath text =
        DataApi.upload("plain words".getBytes(StandardCharsets.UTF_8), "n.txt", "text/plain");
    assertThat(text.getString("kind")).isEqualTo("TEXT");
    assertThat(text.getMap("media")).isNull();
    JsonPath inline = DataApi.inline(Map.of("kind", "TEXT", "text", "x"));
    assertThat(inline.getMap("media")).isNull();
  }

  private long storedFiles() throws IOException {
    Path root = Path.of(config.fileStore().root());
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private JsonPath refused(RequestSpecification request) throws IOException {
    long items = DataItem.count();
    long files = storedFiles();
    JsonPath problem =
        request
            .post("/api/v1/data")
            .then()
            .statusCode(422)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    assertThat(DataItem.count()).as("items").isEqualTo(items);
    assertThat(storedFiles()).as("files in the store, tmp/ included").isEqualTo(files);
    return problem;
  }

  @Test
  void textSentAsVideoIsRefusedAndNothingIsStored() throws IOException {
    byte[] text =
        "This is a shopping list, not a film.\nmilk\neggs\n".getBytes(StandardCharsets.UTF_8);
    String detail = refused(DataApi.multipart(text, "list.txt", "video/mp4")).getString("detail");
    assertThat(detail)
        .isEqualTo(
            "The file was sent as VIDEO (Content-Type video/mp4), but its content is text, not"
                + " video. Nothing was stored; send the right file, or leave out the kind to have"
                + " it detected.");
    // A name alone is no claim: text named .mp4 is detected as what it is.
    assertThat(DataApi.upload(text, "film.mp4", "application/octet-stream").getString("kind"))
        .isEqualTo("TEXT");
    // The kind field is a claim.
    assertThat(
            refused(
                    DataApi.multipart(text, "x.bin", "application/octet-stream")
                        .multiPart("kind", "audio"))
                .getString("detail"))
        .contains("sent as AUDIO (kind AUDIO)");
  }

  @Test
  void mediaOfAnotherKindIsRefused() throws IOException {
    byte[] png = TestMedia.image("png", 10, 10);
    assertThat(
            refused(DataApi.multipart(png, "p.png", "image/png").multiPart("kind", "AUDIO"))
                .getString("detail"))
        .contains("its content is a PNG image, not audio");
    byte[] wav = TestMedia.wav(1, 8000, 8, 0.1);
    assertThat(refused(DataApi.multipart(wav, "a.wav", "video/mp4")).getString("detail"))
        .contains("its content is WAV audio, not video");
    assertThat(refused(DataApi.multipart(new byte[0], "e.mp4", "video/mp4")).getString("detail"))
        .contains("an empty file");
    assertThat(
            refused(DataApi.multipart(png, "p.png", "image/png").multiPart("kind", "MOVIE"))
                .getString("detail"))
        .contains("'kind' must be one of IMAGE, VIDEO, AUDIO, TEXT, JSON or FILE, not 'MOVIE'");
  }

  @Test
  void unknownMediaIsAcceptedUnprobedAndLenientCasesPass() throws IOException {
    byte[] exotic = new byte[4096];
    new java.util.Random(7).nextBytes(exotic);
    System.arraycopy("XMOV".getBytes(StandardCharsets.US_ASCII), 0, exotic, 0, 4);
    JsonPath item = DataApi.upload(exotic, "clip.xmv", "video/x-exotic");
    assertThat(item.getString("kind")).isEqualTo("VIDEO");
    assertThat(item.getBoolean("media.probed")).isFalse();
    assertThat(item.getString("media.container")).isNull();
    assertThat(item.getString("media.error")).isEqualTo("not a format the probe reads");
    // An SVG is text, and an image: the content's own type says so.
    byte[] svg =
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(DataApi.upload(svg, "s.svg", "image/svg+xml").getString("kind")).isEqualTo("IMAGE");
    // An audio-only M4A sent as video/mp4 (browsers do that) is fine: MP4 holds either.
    JsonPath m4a = DataApi.upload(resource("aac.m4a"), "a.m4a", "video/mp4");
    assertThat(m4a.getString("media.contentKind")).isEqualTo("AUDIO");
    // The kind field decides the kind when the content agrees.
    JsonPath asAudio =
        DataApi.multipart(resource("h264_aac_faststart.mp4"), "v.mp4", "video/mp4")
            .multiPart("kind", "AUDIO")
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertThat(asAudio.getString("kind")).isEqualTo("AUDIO");
    assertThat(asAudio.getString("media.videoCodec")).isEqualTo("avc1");
  }

  @Test
  void aTextItemOnAVideoPortIsAClear422() {
    ModulesApi.awaitStatus("tm-media", "AVAILABLE");
    String wav =
        DataApi.upload(TestMedia.wav(1, 8000, 16, 0.1), "a.wav", "audio/wav").getString("id");
    String text = textItem(data, "a transcript, not a video");
    JsonPath problem =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("module", "tm-media", "inputs", Map.of("media", wav, "video", text)))
            .post("/api/v1/tasks")
            .then()
            .statusCode(422)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    assertThat(problem.getString("errors[0].field")).isEqualTo("inputs.video");
    assertThat(problem.getString("errors[0].message"))
        .isEqualTo("wants VIDEO but data item " + text + " is TEXT");
  }

  @Test
  void aTaskOutputFileIsProbedWhenPublished() {
    ModulesApi.awaitStatus("image-resize", "AVAILABLE");
    String png =
        DataApi.upload(TestMedia.image("png", 80, 40), "big.png", "image/png").getString("id");
    JsonPath task =
        TasksApi.create(
            Map.of(
                "module", "image-resize",
                "inputs", Map.of("image", png),
                "params", Map.of("width", 20)));
    TasksApi.await(task.getString("id"), "SUCCEEDED");
    JsonPath out =
        given()
            .get("/api/v1/data/" + task.getString("outputs.image"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(out.getBoolean("media.probed")).isTrue();
    assertThat(out.getString("media.contentKind")).isEqualTo("IMAGE");
    assertThat(out.getInt("media.width")).isEqualTo(20);
    assertThat(out.getInt("media.height")).isEqualTo(10);
  }

  @Test
  void openApiDescribesMediaAsATypedSchema() {
    JsonPath api =
        given()
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(api.getString("components.schemas.DataItem.properties.media.$ref"))
        .isEqualTo("#/components/schemas/MediaInfo");
    Map<String, Object> props = api.getMap("components.schemas.MediaInfo.properties");
    assertThat(props)
        .containsKeys(
            "probed",
            "container",
            "durationSeconds",
            "width",
            "height",
            "fps",
            "videoCodec",
            "audioCodec",
            "audioChannels",
            "sampleRate",
            "error");
    assertThat(api.getString("components.schemas.MediaInfo.properties.fps.type"))
        .isEqualTo("number");
  }

  /** Prints what probing adds to an upload; asserts nothing about time. */
  @Test
  void perUploadOverhead() throws IOException {
    Path file = Files.createTempFile("probe-bench", ".mp4");
    try {
      TestMedia.Mp4 spec = TestMedia.Mp4.standard().withLayout("isom", 600, true, 4L << 20);
      TestMedia.writeLargeMp4(file, spec);
      byte[] bytes = Files.readAllBytes(file);
      int runs = 15;
      long[] upload = new long[runs];
      long[] probe = new long[runs];
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        DataApi.upload(bytes, "bench.mp4", "video/mp4");
        upload[i] = System.nanoTime() - start;
        start = System.nanoTime();
        MediaProbe.probe(file);
        probe[i] = System.nanoTime() - start;
      }
      Arrays.sort(upload);
      Arrays.sort(probe);
      System.out.printf(
          "probe-bench: upload of a %.1f MiB MP4 (moov at the end) through the API: median %.1f"
              + " ms; probing the same file: median %.3f ms (%.2f%% of the upload), %d runs%n",
          bytes.length / 1048576.0,
          upload[runs / 2] / 1e6,
          probe[runs / 2] / 1e6,
          probe[runs / 2] * 100.0 / upload[runs / 2],
          runs);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
