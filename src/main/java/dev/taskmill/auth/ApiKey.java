package dev.taskmill.auth;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A stored API key. Only the SHA-256 of the key is kept, as the document id, so a request's key is
 * found by one {@code _id} lookup and a database dump reveals no usable key. Keys are 256 random
 * bits, so a plain hash is enough (no password stretching needed).
 */
@MongoEntity(collection = "api_keys")
public class ApiKey extends PanacheMongoEntityBase {

  /** Hex SHA-256 of the whole key. */
  @BsonId public String id;

  /** The public part of the key ({@code tm_<keyId>_...}); names the key in lists and revocation. */
  public String keyId;

  /** The user's name, for people; {@link #userId} is who the key acts as. */
  public String user;

  /** The id of the user ({@link Users}) the key acts as: what owns the things it creates. */
  public String userId;

  public Role role;
  public String name;
  public Instant createdAt;
  public String createdBy;

  /** Set when revoked; a revoked key authenticates nothing. */
  public Instant revokedAt;
}
