package dev.taskmill.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;

/** Test helpers for the data API: real content made in the test, real HTTP. */
public final class DataApi {

  private DataApi() {}

  /** A real PNG of {@code width} x {@code height} with a gradient, so it does not compress away. */
  public static byte[] png(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    for (int x = 0; x < width; x++) {
      g.setColor(new Color((x * 7) % 256, (x * 13) % 256, (x * 31) % 256));
      g.drawLine(x, 0, x, height);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Lowercase hex SHA-256. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A tag no other test uses, so list filters see only this test's items. */
  public static String uniqueTag() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A multipart request carrying {@code bytes} as the part {@code file}. */
  public static RequestSpecification multipart(byte[] bytes, String fileName, String claimedType) {
    return given().multiPart("file", fileName, bytes, claimedType);
  }

  /** Uploads {@code bytes}, expecting 201; returns the item. */
  public static JsonPath upload(byte[] bytes, String fileName, String claimedType) {
    return multipart(bytes, fileName, claimedType)
        .post("/api/v1/data")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  /** Creates an inline item from {@code body}, expecting 201; returns the item. */
  public static JsonPath inline(Map<String, ?> body) {
    return given()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/data")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  /** The content of item {@code id}, expecting 200. */
  public static byte[] content(String id) {
    return given()
        .get("/api/v1/data/" + id + "/content")
        .then()
        .statusCode(200)
        .extract()
        .asByteArray();
  }
}
