package dev.taskmill.data;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.taskmill.store.LocalFileStore;
import dev.taskmill.store.StoreBackend;
import dev.taskmill.store.StoredFile;
import dev.taskmill.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Stored files that no item or committed publication refers to are deleted; others stay. */
@QuarkusTest
class OrphanFilesTest {

  @Inject OrphanFiles orphans;
  @Inject @StoreBackend LocalFileStore store;
  @Inject DataRepository data;

  @Test
  void onlyUnreferencedFilesAreDeleted() throws Exception {
    StoredFile orphan = store.write(bytes("left by a crash before the item was recorded"));
    StoredFile committed = store.write(bytes("committed by a task, not yet published"));
    String uploaded =
        given()
            .multiPart("file", "kept.txt", "an uploaded file".getBytes(StandardCharsets.UTF_8))
            .post("/api/v1/data")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String uploadedKey = data.find(uploaded).orElseThrow().storageKey;
    String taskId = DataRepository.newId();
    var tasks = DataItem.mongoDatabase().getCollection("tasks");
    tasks.insertOne(
        new Document("_id", taskId)
            .append(
                "publication",
                List.of(new Document("port", "out").append("storageKey", committed.key()))));
    // A sweep takes only files written before its now: let the clock pass the orphan's time.
    Path orphanPath = store.localPath(orphan.key());
    Waits.patiently()
        .until(() -> Files.getLastModifiedTime(orphanPath).toInstant().isBefore(Instant.now()));

    // Young files are never touched: they may be between storing and recording.
    // (Files older than an hour, left by earlier runs in target/, may go.)
    orphans.sweep(Duration.ofHours(1));
    assertThat(Files.exists(store.localPath(orphan.key()))).isTrue();

    assertThat(orphans.sweep(Duration.ZERO)).isGreaterThanOrEqualTo(1);
    assertThat(Files.exists(store.localPath(orphan.key()))).isFalse();
    assertThat(Files.exists(store.localPath(committed.key()))).isTrue();
    assertThat(Files.exists(store.localPath(uploadedKey))).isTrue();
    given().get("/api/v1/data/" + uploaded + "/content").then().statusCode(200);
    tasks.updateOne(Filters.eq("_id", taskId), Updates.unset("publication"));
    tasks.deleteOne(Filters.eq("_id", taskId));
  }

  private static ByteArrayInputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
