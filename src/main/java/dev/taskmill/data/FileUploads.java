package dev.taskmill.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.auth.Caller;
import dev.taskmill.failure.Invalid;
import dev.taskmill.media.ContentCheck;
import dev.taskmill.media.MediaInfo;
import dev.taskmill.media.MediaProbe;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.tika.Tika;
import org.jboss.logging.Logger;

/** Turns an uploaded file into a data item, its kind detected and checked against the claim. */
@ApplicationScoped
public class FileUploads {

  private static final Logger LOG = Logger.getLogger(FileUploads.class);

  // Tika's facade is thread-safe; detection reads only the first bytes (magic) and the name.
  private static final Tika TIKA = new Tika();

  private final NewItems items;
  private final FileStore store;
  private final DataFields fields;
  private final DataMetrics metrics;
  private final Expiry expiry;
  private final StorageQuota quota;

  FileUploads(
      NewItems items,
      FileStore store,
      ObjectMapper json,
      DataMetrics metrics,
      Expiry expiry,
      StorageQuota quota) {
    this.expiry = expiry;
    this.quota = quota;
    this.items = items;
    this.store = store;
    this.fields = new DataFields(json);
    this.metrics = metrics;
  }

  /**
   * Moves an uploaded file into the store and records it for {@code owner}. The media type is
   * detected from the bytes (and the file name as a hint), never taken from the client. What the
   * client claims: {@code kind} (the form's kind field: the item's kind when the content agrees)
   * and {@code contentType} (the file part's Content-Type: checked when it names image, video or
   * audio, never stored). The file is probed for media headers first; content that clearly is not
   * the claimed kind (text sent as video/mp4, a PNG sent as AUDIO) is a 422 and nothing is stored.
   * {@code ttlSeconds} (form text) sets when it expires; an upload over the owner's storage quota
   * is refused (413) before anything is stored. The uploaded file is gone afterwards, whether this
   * succeeds or not.
   */
  public DataItem upload(
      Path file,
      String fileName,
      String kind,
      String contentType,
      String label,
      List<String> tags,
      String metadata,
      String ttlSeconds,
      Caller owner) {
    try {
      Long ttl = Expiry.parse("ttlSeconds", ttlSeconds);
      String name = UploadName.of(fileName);
      DataKind stated = statedKind(kind);
      DataItem item = new DataItem();
      item.owner = owner.userId();
      item.ownerName = owner.user();
      item.label =
          fields.label(label == null || label.isBlank() ? (name == null ? "upload" : name) : label);
      item.tags = fields.tags(tags);
      item.metadata = fields.metadataText(metadata);
      item.mediaType = detect(file, name);
      DataKind detected = DataKind.ofMediaType(item.mediaType);
      DataKind sent = mediaKind(DataKind.ofMediaType(contentType));
      MediaInfo media = MediaProbe.probe(file);
      checkClaim(file, media, stated, sent, contentType, detected, item.mediaType);
      item.kind =
          stated != null ? stated : detected == DataKind.FILE && sent != null ? sent : detected;
      item.media = mediaKind(item.kind) != null || media.container != null ? media : null;
      item.expiresAt = expiry.at(ttl, owner);
      quota.require(owner, Files.size(file));
      StoredFile stored = store.importFile(file);
      metrics.uploaded(stored.size());
      return items.withFile(item, stored);
    } catch (IOException e) {
      throw new UncheckedIOException("storing an upload failed", e);
    } finally {
      deleteQuietly(file);
    }
  }

  private static DataKind statedKind(String kind) {
    if (kind == null || kind.isBlank()) {
      return null;
    }
    DataKind parsed = DataKind.parse(kind);
    if (parsed == null) {
      throw new Invalid(
          "'kind' must be one of IMAGE, VIDEO, AUDIO, TEXT, JSON or FILE, not '"
              + kind.strip()
              + "'; or leave it out to have it detected from the content.");
    }
    return parsed;
  }

  private static DataKind mediaKind(DataKind kind) {
    return kind == DataKind.IMAGE || kind == DataKind.VIDEO || kind == DataKind.AUDIO ? kind : null;
  }

  /**
   * The upload's claim, strongest first: the kind field, the file part's Content-Type (when it
   * names a media type), the media type detected with the file name as a hint. 422 when the content
   * clearly is not what is claimed.
   */
  private static void checkClaim(
      Path file,
      MediaInfo media,
      DataKind stated,
      DataKind sent,
      String contentType,
      DataKind detected,
      String detectedType)
      throws IOException {
    DataKind claim;
    String because;
    if (stated != null) {
      claim = stated;
      because = "kind " + stated;
    } else if (sent != null) {
      claim = sent;
      because = "Content-Type " + contentType.split(";", 2)[0].strip();
    } else if (mediaKind(detected) != null) {
      claim = detected;
      because = "detected as " + detectedType;
    } else {
      return;
    }
    byte[] head = head(file);
    String content =
        ContentCheck.mismatch(claim.name(), Files.size(file), media, head, TIKA.detect(head));
    if (content != null) {
      throw new Invalid(
          "The file was sent as "
              + claim
              + " ("
              + because
              + "), but its content is "
              + content
              + ", not "
              + claim.name().toLowerCase(Locale.ROOT)
              + ". Nothing was stored; send the right file, or leave out the kind to have it"
              + " detected.");
    }
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(8192);
    }
  }

  private static String detect(Path file, String name) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return TIKA.detect(in, name);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warnf("cannot remove the upload %s: %s", file, e);
    }
  }
}
