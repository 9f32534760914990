package dev.taskmill.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthAndOpenApiTest {

  @Test
  void readinessReportsMongoFileStoreAndModuleRuntime() {
    JsonPath health = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    assertThat(health.getString("status")).isEqualTo("UP");
    List<String> names = health.getList("checks.name", String.class);
    assertThat(names).contains("mongodb", "file-store", "module-runtime");
    Map<String, Object> mongo = health.getMap("checks.find { it.name == 'mongodb' }.data");
    assertThat(mongo).containsKey("pingMillis");
    Map<String, Object> runtime = health.getMap("checks.find { it.name == 'module-runtime' }.data");
    assertThat(runtime.get("python").toString()).contains("python");
    assertThat(runtime).containsKeys("AVAILABLE", "FAILED");
  }

  @Test
  void livenessIsUp() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void openApiNamesEveryOperationAndDescribesProblems() {
    JsonPath doc =
        given()
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(doc.getString("info.title")).isEqualTo("Taskmill API");
    assertThat(doc.getString("paths.'/api/v1/modules'.get.operationId")).isEqualTo("listModules");
    assertThat(doc.getString("paths.'/api/v1/modules/detect'.post.operationId"))
        .isEqualTo("detectModules");
    assertThat(doc.getMap("components.schemas.Problem")).isNotNull();
    assertThat(doc.getMap("components.schemas.Module")).isNotNull();
    assertThat(
            doc.getString(
                "paths.'/api/v1/modules/{name}'.get.responses.'404'.content.'application/problem+json'.schema.'$ref'"))
        .endsWith("/Problem");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyOperationDescribesItsErrorsAsProblems() {
    Map<String, Map<String, Object>> paths =
        given()
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .extract()
            .jsonPath()
            .getMap("paths");
    int operations = 0;
    for (var path : paths.entrySet()) {
      for (var operation : path.getValue().entrySet()) {
        if (!(operation.getValue() instanceof Map<?, ?> op) || !op.containsKey("responses")) {
          continue; // "parameters" and other non-operation keys of a path item
        }
        operations++;
        Map<String, Map<String, Object>> responses =
            (Map<String, Map<String, Object>>) op.get("responses");
        for (String code : List.of("400", "500")) {
          assertThat(responses).as("%s %s", operation.getKey(), path.getKey()).containsKey(code);
        }
        responses.forEach(
            (code, response) -> {
              if (code.startsWith("4") || code.startsWith("5")) {
                assertThat((Map<String, Object>) response.get("content"))
                    .as("%s %s %s", operation.getKey(), path.getKey(), code)
                    .containsKey("application/problem+json");
              }
            });
      }
    }
    assertThat(operations).isGreaterThan(20);
  }

  @Test
  void swaggerUiIsServed() {
    given().get("/q/swagger-ui/").then().statusCode(200);
  }

  @Test
  void unknownPathsAndMethodsAreProblems() {
    given()
        .get("/api/v1/nothing-here")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("Not Found"))
        .body("detail", notNullValue());
    given()
        .delete("/api/v1/modules")
        .then()
        .statusCode(405)
        .contentType("application/problem+json")
        // POST: uploading a module bundle.
        .header("Allow", equalTo("GET, HEAD, OPTIONS, POST"))
        .body(
            "detail",
            equalTo("This address does not accept DELETE; it allows GET, HEAD, OPTIONS, POST."));
    // A templated address: the methods of /api/v1/tasks/{id}/cancel, not of /api/v1/tasks.
    given()
        .get("/api/v1/tasks/abc/cancel")
        .then()
        .statusCode(405)
        .header("Allow", equalTo("OPTIONS, POST"));
  }

  @Test
  void everyOperationHasATag() {
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .body("paths.'/api/v1/modules'.get.tags", hasItems("Modules"));
  }
}
