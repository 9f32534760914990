package dev.taskmill.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** The data API as generated clients see it. */
@QuarkusTest
class DataOpenApiTest {

  @Test
  void operationsSchemasAndProblemsAreDescribed() {
    JsonPath doc =
        given()
            .accept("application/json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String data = "paths.'/api/v1/data'";
    String item = "paths.'/api/v1/data/{id}'";
    String content = "paths.'/api/v1/data/{id}/content'";
    assertThat(doc.getString(data + ".post.operationId")).isEqualTo("uploadData");
    assertThat(doc.getString(data + ".get.operationId")).isEqualTo("listData");
    assertThat(doc.getString(item + ".get.operationId")).isEqualTo("getData");
    assertThat(doc.getString(item + ".patch.operationId")).isEqualTo("updateData");
    assertThat(doc.getString(item + ".delete.operationId")).isEqualTo("deleteData");
    assertThat(doc.getString(content + ".get.operationId")).isEqualTo("getDataContent");
    assertThat(doc.getList(data + ".post.tags", String.class)).containsExactly("Data");

    String body = data + ".post.requestBody.content";
    assertThat(doc.getString(body + ".'multipart/form-data'.schema.'$ref'"))
        .endsWith("/UploadForm");
    assertThat(doc.getString(body + ".'application/json'.schema.'$ref'"))
        .endsWith("/InlineDataRequest");
    assertThat(doc.getString("components.schemas.UploadForm.properties.file.format"))
        .isEqualTo("binary");
    assertThat(
            doc.getString(
                content + ".get.responses.'200'.content.'application/octet-stream'.schema.format"))
        .isEqualTo("binary");
    for (String code : new String[] {"404", "409", "416"}) {
      assertThat(
              doc.getString(
                  content
                      + ".get.responses.'"
                      + code
                      + "'.content.'application/problem+json'.schema.'$ref'"))
          .endsWith("/Problem");
    }
    assertThat(doc.getMap("components.schemas.DataItem.properties"))
        .containsKeys("id", "isFile", "sha256", "contentUrl", "metadata")
        .doesNotContainKeys("storageKey", "text");
  }
}
