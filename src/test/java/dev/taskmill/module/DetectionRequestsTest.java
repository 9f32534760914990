package dev.taskmill.module;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.ModulesApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The worker half of detection through the database: a pass an api instance asked for is run by
 * this instance (role all) under the requested id, and its summary is recorded for every instance.
 */
@QuarkusTest
class DetectionRequestsTest {

  @Inject DetectionRequests requests;

  @Test
  void aRequestedPassRunsHereUnderItsIdAndIsRecorded() {
    ModulesApi.awaitDetectionFinished();
    String id = UUID.randomUUID().toString();
    requests.request(new DetectionRun(id, Instant.now()));

    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonPath pass;
    do {
      pass = given().get("/api/v1/modules/detect").then().statusCode(200).extract().jsonPath();
      if (id.equals(pass.getString("id")) && "FINISHED".equals(pass.getString("state"))) {
        break;
      }
      sleep();
    } while (System.nanoTime() < deadline);
    assertThat(pass.getString("id")).as(pass.prettify()).isEqualTo(id);
    assertThat(pass.getString("state")).isEqualTo("FINISHED");
    assertThat(pass.getMap("counts")).isNotEmpty();

    DetectionRun recorded = requests.latest().orElseThrow();
    assertThat(recorded.id()).isEqualTo(id);
    assertThat(recorded.running()).isFalse();
    assertThat(recorded.summary().get("counts")).isEqualTo(pass.getMap("counts"));
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
