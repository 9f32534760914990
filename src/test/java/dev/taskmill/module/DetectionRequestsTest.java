package dev.taskmill.module;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.Waits;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
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
  @Inject ModuleWork work;

  @Test
  void theRoleChoosesWorkThatRunsPassesHere() {
    assertThat(ClientProxy.unwrap(work)).isInstanceOf(LocalDetection.class);
  }

  @Test
  void aRequestedPassRunsHereUnderItsIdAndIsRecorded() {
    ModulesApi.awaitDetectionFinished();
    String id = UUID.randomUUID().toString();
    requests.request(new DetectionRun(id, Instant.now()));

    JsonPath pass =
        Waits.until(
            () -> given().get("/api/v1/modules/detect").then().statusCode(200).extract().jsonPath(),
            latest ->
                assertThat(latest.getString("id") + " " + latest.getString("state"))
                    .as(latest::prettify)
                    .isEqualTo(id + " FINISHED"));
    assertThat(pass.getString("id")).as(pass.prettify()).isEqualTo(id);
    assertThat(pass.getString("state")).isEqualTo("FINISHED");
    assertThat(pass.getMap("counts")).isNotEmpty();

    DetectionRun recorded = requests.latest().orElseThrow();
    assertThat(recorded.id()).isEqualTo(id);
    assertThat(recorded.running()).isFalse();
    assertThat(recorded.summary().get("counts")).isEqualTo(pass.getMap("counts"));
  }
}
