package dev.taskmill.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What code generators need from the OpenAPI document (scripts/check-clients generates and runs a
 * Java and a TypeScript client from it): a typed success body for every operation that has one,
 * unique operation ids, no $ref with sibling keys, typed pages and query parameters.
 */
@QuarkusTest
class ClientOpenApiTest {

  private JsonPath doc;

  @BeforeEach
  void fetch() {
    doc =
        given()
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
  }

  @Test
  void createdTasksAndPipelinesLinkToTheOperationsOnThem() {
    // Links let generated clients and the fuzzer's stateful phase follow a created id.
    String task = "paths.'/api/v1/tasks'.post.responses.'201'.links";
    assertThat(doc.getMap(task).keySet())
        .containsExactlyInAnyOrder("GetTask", "GetTaskLog", "CancelTask", "RetryTask");
    assertThat(doc.getString(task + ".CancelTask.operationId")).isEqualTo("cancelTask");
    assertThat(doc.getString(task + ".CancelTask.parameters.id")).isEqualTo("$response.body#/id");
    assertThat(
            doc.getString(
                "paths.'/api/v1/pipelines'.post.responses.'201'.links.GetPipeline.operationId"))
        .isEqualTo("getPipeline");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyOperationHasAnIdAndATypedSuccessBody() {
    Map<String, Map<String, Object>> paths = doc.getMap("paths");
    Set<String> ids = new HashSet<>();
    List<String> untyped = new ArrayList<>();
    for (var path : paths.entrySet()) {
      for (var entry : path.getValue().entrySet()) {
        if (!(entry.getValue() instanceof Map<?, ?> op) || !op.containsKey("responses")) {
          continue;
        }
        String where = entry.getKey() + " " + path.getKey();
        assertThat((String) op.get("operationId")).as(where).isNotBlank();
        assertThat(ids.add((String) op.get("operationId"))).as("unique id: " + where).isTrue();
        if (entry.getKey().equals("head") || entry.getKey().equals("delete")) {
          continue; // headers only / 204
        }
        Map<String, Map<String, Object>> responses =
            (Map<String, Map<String, Object>>) op.get("responses");
        boolean typed =
            responses.entrySet().stream()
                .anyMatch(r -> r.getKey().startsWith("2") && r.getValue().get("content") != null);
        if (!typed) {
          untyped.add(where);
        }
      }
    }
    assertThat(untyped).as("operations without a typed 2xx body").isEmpty();
    assertThat(ids).hasSizeGreaterThan(20);
  }

  @Test
  void successBodiesNameTheirSchemas() {
    assertThat(ok("/api/v1/data/{id}", "get")).endsWith("/DataItem");
    assertThat(ok("/api/v1/data", "get")).endsWith("/DataPage");
    assertThat(ok("/api/v1/tasks/{id}", "get")).endsWith("/Task");
    assertThat(ok("/api/v1/tasks/{id}/cancel", "post")).endsWith("/Task");
    assertThat(ok("/api/v1/pipelines/{id}", "get")).endsWith("/Pipeline");
    assertThat(ok("/api/v1/modules/{name}", "get")).endsWith("/Module");
    assertThat(ok("/api/v1/data/{id}/lineage", "get")).endsWith("/Lineage");
    assertThat(ok("/api/v1/tasks", "get")).endsWith("/TaskPage");
    assertThat(doc.getString("components.schemas.TaskPage.properties.items.items.'$ref'"))
        .endsWith("/Task");
    assertThat(
            doc.getString(
                "paths.'/api/v1/tasks/{id}/log'.get.responses.'200'.content.'text/plain'.schema.type"))
        .isEqualTo("string");
  }

  @Test
  void queryParametersAreTyped() {
    Map<String, String> types = new java.util.HashMap<>();
    List<Map<String, Object>> params = doc.getList("paths.'/api/v1/tasks'.get.parameters");
    for (Map<String, Object> p : params) {
      @SuppressWarnings("unchecked")
      Map<String, Object> schema = (Map<String, Object>) p.get("schema");
      types.put((String) p.get("name"), (String) schema.get("type"));
    }
    assertThat(types)
        .containsEntry("page", "integer")
        .containsEntry("size", "integer")
        .containsEntry("status", "string");
    assertThat(
            doc.getList(
                "paths.'/api/v1/tasks'.get.parameters.find { it.name == 'status' }.schema.enum"))
        .contains("WAITING", "RUNNING", "SUCCEEDED");
  }

  @Test
  void uploadsAreAPlainMultipartFormAndEventsAStream() {
    Map<String, Object> multipart =
        doc.getMap("paths.'/api/v1/data'.post.requestBody.content.'multipart/form-data'.schema");
    assertThat(multipart).containsOnlyKeys("$ref");
    assertThat(doc.getList("components.schemas.UploadForm.required")).containsExactly("file");
    assertThat(
            doc.getString(
                "paths.'/api/v1/events'.get.responses.'200'.content.'text/event-stream'.schema.type"))
        .isEqualTo("string");
    assertThat(doc.getMap("components.schemas")).doesNotContainKey("OutboundSseEvent");
  }

  @Test
  void noReferenceHasSiblingKeysOtherThanADescription() {
    List<String> found = new ArrayList<>();
    walk(doc.getMap(""), "#", found);
    assertThat(found).isEmpty();
  }

  private void walk(Object node, String where, List<String> found) {
    if (node instanceof Map<?, ?> map) {
      if (map.containsKey("$ref")) {
        Set<Object> keys = new HashSet<>(map.keySet());
        keys.removeAll(Set.of("$ref", "description"));
        if (!keys.isEmpty()) {
          found.add(where + " " + keys);
        }
      }
      map.forEach((k, v) -> walk(v, where + "/" + k, found));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), where + "/" + i, found);
      }
    }
  }

  private String ok(String path, String method) {
    return doc.getString(
        "paths.'"
            + path
            + "'."
            + method
            + ".responses.'200'.content.'application/json'.schema.'$ref'");
  }
}
