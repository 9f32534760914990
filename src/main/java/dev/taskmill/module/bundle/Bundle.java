package dev.taskmill.module.bundle;

import io.quarkus.mongodb.panache.PanacheMongoEntityBase;
import io.quarkus.mongodb.panache.common.MongoEntity;
import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/** A module uploaded as a zip: its current version, kept in the file store. */
@MongoEntity(collection = "module_bundles")
public class Bundle extends PanacheMongoEntityBase {

  /** The module's name; the document id. */
  @BsonId public String name;

  /** SHA-256 of the zip: what an instance compares to know whether it has this version. */
  public String checksum;

  /** The zip's key in the file store. */
  public String storageKey;

  /** The zip's length in bytes. */
  public long size;

  /** Files the zip unpacks to, and their bytes. */
  public int files;

  public long unpackedBytes;

  /** The user id of the admin who uploaded it. */
  public String uploadedBy;

  public Instant uploadedAt;
}
