package dev.taskmill.module;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An api instance sets nothing up: Detect there writes a request for the workers (and runs no pass
 * itself), and the latest pass it reports is the one a worker recorded.
 */
@QuarkusTest
@TestProfile(ApiRoleDetectionTest.ApiRole.class)
class ApiRoleDetectionTest {

  public static class ApiRole implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("taskmill.role", "api");
    }
  }

  @Inject DetectionRequests requests;
  @Inject ModuleJobs jobs;
  @Inject ModuleWork work;

  @Test
  void theRoleChoosesWorkThatAsksTheWorkers() {
    // Chosen once from the role: this instance never creates the detection and setup executors.
    assertThat(ClientProxy.unwrap(work)).isInstanceOf(RequestedDetection.class);
  }

  @Test
  void detectOnAnApiInstanceAsksTheWorkersAndReportsWhatTheyRecord() {
    // Empty on a fresh database; on a shared one (FerretDB in CI) what earlier tests left.
    String before = given().get("/api/v1/modules").then().statusCode(200).extract().asString();
    JsonPath asked =
        given().post("/api/v1/modules/detect").then().statusCode(202).extract().jsonPath();
    String id = asked.getString("id");
    assertThat(asked.getString("state")).isEqualTo("RUNNING");
    assertThat(requests.requested()).contains(id);

    // The job that runs requested passes on workers does nothing here: no module was found, set
    // up or changed, and the pass is still only requested.
    jobs.runRequestedPasses();
    assertThat(given().get("/api/v1/modules").then().statusCode(200).extract().asString())
        .isEqualTo(before);
    assertThat(given().get("/api/v1/modules/detect").then().extract().path("state").toString())
        .isEqualTo("RUNNING");

    // A worker finished the pass and recorded it: this instance reports it.
    DetectionRun done = new DetectionRun(id, Instant.now());
    done.count(DetectionDecision.NEW);
    done.finish(Instant.now(), null);
    requests.record(done);
    JsonPath reported =
        given().get("/api/v1/modules/detect").then().statusCode(200).extract().jsonPath();
    assertThat(reported.getString("id")).isEqualTo(id);
    assertThat(reported.getString("state")).isEqualTo("FINISHED");
    assertThat(reported.getInt("counts.NEW")).isEqualTo(1);
  }
}
