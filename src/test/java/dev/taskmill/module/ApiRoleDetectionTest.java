package dev.taskmill.module;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.testing.Zips;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void anUploadOnAnApiInstanceIsStoredAndLeftToTheWorkers() {
    byte[] zip = Zips.ofText(Map.of("api-bundle/main.py", "# set up by a worker\n"));
    String before = requests.requested().orElse("");
    given()
        .multiPart("file", "api-bundle.zip", zip, "application/zip")
        .post("/api/v1/modules")
        .then()
        .statusCode(202)
        .body("status", org.hamcrest.Matchers.equalTo("DETECTED"))
        .body("source", org.hamcrest.Matchers.equalTo("BUNDLE"));
    assertThat(requests.requested())
        .as("the workers are asked for a pass")
        .isNotEqualTo(Optional.of(before));
    jobs.runRequestedPasses();
    assertThat(Path.of("target/test-bundles/api-bundle"))
        .as("an api instance unpacks nothing")
        .doesNotExist();

    String asked = requests.requested().orElseThrow();
    given().delete("/api/v1/modules/api-bundle").then().statusCode(204);
    given().get("/api/v1/modules/api-bundle").then().statusCode(404);
    assertThat(requests.requested())
        .as("asked again, to delete the workers' copies")
        .isNotEqualTo(Optional.of(asked));
  }
}
