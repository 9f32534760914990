package dev.taskmill.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.data.DataRepository;
import dev.taskmill.testing.ModulesApi;
import dev.taskmill.testing.TasksApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Response schemas list the fields every answer carries ({@link RequiredFields} and
 * {@code @Schema(required = true)}), so generated clients type them as present; request schemas
 * keep their optional fields; and a real answer has every field its schema requires.
 */
@QuarkusTest
class RequiredFieldsTest {

  @Inject DataRepository data;

  private JsonPath doc;

  @BeforeEach
  void fetch() {
    doc = given().accept("application/json").get("/q/openapi").then().extract().jsonPath();
  }

  private List<String> required(String schema) {
    List<String> names = doc.getList("components.schemas." + schema + ".required", String.class);
    return names == null ? List.of() : names;
  }

  @Test
  void primitiveAndDeclaredFieldsOfResponsesAreRequiredAndNullableOnesAreNot() {
    assertThat(required("Task"))
        .contains("id", "module", "status") // declared on the record
        .contains("priority", "attempt", "maxAttempts", "timeoutSeconds", "reuse") // primitives
        .doesNotContain("label", "error", "progress", "startedAt", "estimatedStart");
    assertThat(required("TaskProgress")).containsExactly("fraction");
    assertThat(required("TaskError")).isEmpty(); // message, and a boxed exit code, may be null
    assertThat(required("DataItem")).contains("id", "kind", "status").doesNotContain("label");
  }

  @Test
  void requestSchemasDoNotRequireWhatAClientMayLeaveOut() {
    // Its primitives, were it a response, would be listed; as a request body they take defaults.
    assertThat(required("CreateTask")).doesNotContain("priority", "maxAttempts", "reuse");
    Map<String, Object> schemas = doc.getMap("components.schemas");
    assertThat(schemas).containsKeys("Task", "TaskProgress", "DataItem", "CreateTask");
  }

  @Test
  void aRealAnswerCarriesEveryFieldItsSchemaRequires() {
    ModulesApi.awaitStatus("tm-echo", "AVAILABLE");
    String text = TasksApi.textItem(data, "required fields");
    String id =
        TasksApi.create(Map.of("module", "tm-echo", "inputs", Map.of("text", text)))
            .getString("id");
    JsonPath task = TasksApi.awaitEnd(id);
    Map<String, Object> body = task.getMap("");
    assertThat(body).containsKeys(required("Task").toArray(String[]::new));
    List<Map<String, Object>> attempts = task.getList("attempts");
    assertThat(attempts).isNotEmpty();
    for (Map<String, Object> attempt : attempts) {
      assertThat(attempt).containsKeys(required("TaskAttempt").toArray(String[]::new));
    }
    Map<String, Object> item =
        given().get("/api/v1/data/" + text).then().statusCode(200).extract().jsonPath().getMap("");
    assertThat(item).containsKeys(required("DataItem").toArray(String[]::new));
  }
}
