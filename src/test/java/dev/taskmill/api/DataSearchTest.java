package dev.taskmill.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/v1/data searched by id (or its start) and creation range, as the task list is. */
@QuarkusTest
class DataSearchTest {

  private static String text(String label) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "TEXT", "label", label, "text", "x"))
        .post("/api/v1/data")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static java.util.List<String> ids(Map<String, ?> query) {
    return given()
        .queryParams(query)
        .get("/api/v1/data")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.id", String.class);
  }

  @Test
  void itemsAreSearchedByIdAndCreation() {
    String label = "search-" + UUID.randomUUID();
    Instant before = Instant.now().minusSeconds(1);
    String first = text(label);
    String second = text(label);

    assertThat(ids(Map.of("id", second))).containsExactly(second);
    assertThat(ids(Map.of("id", first.substring(0, 22).toUpperCase(), "label", label)))
        .contains(first);
    assertThat(ids(Map.of("label", label, "createdFrom", before.toString())))
        .containsExactly(second, first);
    assertThat(ids(Map.of("label", label, "createdTo", before.toString()))).isEmpty();
    assertThat(ids(Map.of("label", label, "createdFrom", "2000-01-01", "createdTo", "2999-12-31")))
        .containsExactly(second, first);

    for (String field : new String[] {"id", "createdFrom", "createdTo"}) {
      String detail =
          given()
              .queryParam(field, "nope!")
              .get("/api/v1/data")
              .then()
              .statusCode(400)
              .contentType("application/problem+json")
              .extract()
              .path("detail");
      assertThat(detail).contains(field);
    }
  }
}
