package dev.taskmill.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhook secrets and the {@code X-Taskmill-Signature} made with them. */
public final class Signatures {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Signatures() {}

  /** A new secret: 32 random bytes, hex, after a prefix that says what it is. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + HexFormat.of().formatHex(bytes);
  }

  /** The header value: {@code sha256=} and the hex HMAC-SHA256 of {@code body} keyed by secret. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is in every JDK.
      throw new IllegalStateException(e);
    }
  }
}
