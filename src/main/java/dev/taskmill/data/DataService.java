package dev.taskmill.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.auth.Caller;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.failure.Conflict;
import dev.taskmill.failure.Invalid;
import dev.taskmill.failure.NotFound;
import dev.taskmill.media.ContentCheck;
import dev.taskmill.media.MediaInfo;
import dev.taskmill.media.MediaProbe;
import dev.taskmill.store.FileStore;
import dev.taskmill.store.StoredFile;
import dev.taskmill.validation.JsonLimits;
import dev.taskmill.validation.Unicode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.tika.Tika;
import org.jboss.logging.Logger;

/** Creates, reads and deletes data items: uploads, inline TEXT/JSON, content access. */
@ApplicationScoped
public class DataService {

  private static final Logger LOG = Logger.getLogger(DataService.class);

  // Tika's facade is thread-safe; detection reads only the first bytes (magic) and the name.
  private static final Tika TIKA = new Tika();

  private final DataRepository repository;
  private final DataCatalog catalog;
  private final DataUsage usage;
  private final FileStore store;
  private final DataFields fields;
  private final ObjectMapper json;
  private final int inlineLimit;
  private final DataMetrics metrics;

  DataService(
      DataRepository repository,
      DataCatalog catalog,
      DataUsage usage,
      FileStore store,
      ObjectMapper json,
      TaskmillConfig config,
      DataMetrics metrics) {
    this.metrics = metrics;
    this.repository = repository;
    this.catalog = catalog;
    this.usage = usage;
    this.store = store;
    this.json = json;
    this.fields = new DataFields(json);
    this.inlineLimit = config.data().inlineLimitBytes();
  }

  /**
   * The item with this id as {@code caller} may see it; 400 when {@code id} is malformed, 404 when
   * there is none or it belongs to another user (so existence does not leak).
   */
  public DataItem get(String id, Caller caller) {
    DataRepository.requireValidId(id, "data item");
    return repository
        .find(id)
        .filter(item -> caller.canSee(item.owner))
        .orElseThrow(() -> NotFound.of("data item", id));
  }

  /**
   * Moves an uploaded file into the store and records it for {@code owner}. The media type is
   * detected from the bytes (and the file name as a hint), never taken from the client. What the
   * client claims: {@code kind} (the form's kind field: the item's kind when the content agrees)
   * and {@code contentType} (the file part's Content-Type: checked when it names image, video or
   * audio, never stored). The file is probed for media headers first; content that clearly is not
   * the claimed kind (text sent as video/mp4, a PNG sent as AUDIO) is a 422 and nothing is stored.
   * The uploaded file is gone afterwards, whether this succeeds or not.
   */
  public DataItem upload(
      Path file,
      String fileName,
      String kind,
      String contentType,
      String label,
      List<String> tags,
      String metadata,
      Caller owner) {
    try {
      String name = UploadName.of(fileName);
      DataKind stated = statedKind(kind);
      DataItem item = new DataItem();
      item.owner = owner.userId();
      item.ownerName = owner.user();
      item.label = fields.label(label == null || label.isBlank() ? orElse(name, "upload") : label);
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
      StoredFile stored = store.importFile(file);
      metrics.uploaded(stored.size());
      return record(item, stored);
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

  /** Creates a TEXT or JSON item from inline content; large content goes to the file store. */
  public DataItem createInline(InlineContent request, Caller owner) {
    if (request == null) {
      throw new Invalid("The request body must be a JSON object with 'kind' and 'text' or 'json'.");
    }
    DataKind kind = inlineKind(request.kind());
    String content = inlineContent(kind, request);
    DataItem item = new DataItem();
    item.owner = owner.userId();
    item.ownerName = owner.user();
    item.kind = kind;
    item.mediaType = kind == DataKind.TEXT ? "text/plain" : "application/json";
    item.label =
        fields.label(request.label() == null ? kind.name().toLowerCase() : request.label());
    item.tags = fields.tags(request.tags());
    item.metadata = fields.metadataText(request.metadata());
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > inlineLimit) {
      try {
        return record(item, store.write(new ByteArrayInputStream(bytes)));
      } catch (IOException e) {
        throw new UncheckedIOException("storing inline content failed", e);
      }
    }
    item.isFile = false;
    item.text = content;
    item.size = (long) bytes.length;
    item.sha256 = sha256(bytes);
    item.origin = DataOrigin.UPLOAD;
    item.status = DataStatus.AVAILABLE;
    return repository.insert(item);
  }

  /** Applies a PATCH body: label, tags and metadata; other fields are refused. */
  public DataItem update(String id, JsonNode body, Caller caller) {
    get(id, caller);
    DataFields.Patch patch = fields.patch(body);
    return catalog
        .describe(id, patch.label(), patch.tags(), patch.metadata())
        .orElseThrow(() -> NotFound.of("data item", id));
  }

  /** Deletes an item and its stored file; 409 while an unfinished task produces or reads it. */
  public void delete(String id, Caller caller) {
    DataItem item = get(id, caller);
    List<String> active = usage.activeTasks(item);
    if (!active.isEmpty()) {
      throw new Conflict(
          "Data item '"
              + id
              + "' is used by unfinished tasks: "
              + String.join(", ", active)
              + ". Cancel them or wait until they finish.");
    }
    if (!catalog.remove(item)) {
      throw new Conflict("Data item '" + id + "' changed while it was being deleted; try again.");
    }
    if (item.isFile && item.storageKey != null) {
      try {
        store.delete(item.storageKey);
      } catch (IOException e) {
        // The item is gone; an orphaned file wastes space but misleads nobody.
        LOG.warnf("data item %s deleted, its file %s not: %s", id, item.storageKey, e);
      }
    }
  }

  /** The readable content of an item; 409 while it is PENDING or when it FAILED. */
  public DataContent content(String id, Caller caller) {
    DataItem item = get(id, caller);
    if (item.status == DataStatus.PENDING) {
      throw new Conflict("Data item '" + id + "' is PENDING: its producer task has not finished.");
    }
    if (item.status == DataStatus.FAILED) {
      throw new Conflict(
          "Data item '" + id + "' FAILED: " + orElse(item.reason, "no reason was recorded."));
    }
    if (!item.isFile) {
      byte[] bytes = item.text == null ? new byte[0] : item.text.getBytes(StandardCharsets.UTF_8);
      return new DataContent(
          item,
          bytes.length,
          offset -> {
            InputStream in = new ByteArrayInputStream(bytes);
            in.skipNBytes(offset);
            return in;
          });
    }
    try {
      // A stat per read: a stored object truncated or grown behind the store's back is said to be
      // damaged, instead of a 200 cut short (or a 500) on every download.
      long stored = store.size(item.storageKey);
      if (item.size != null && item.size != stored) {
        throw DamagedContentException.size(id, item.size, stored);
      }
      return new DataContent(item, stored, offset -> store.open(item.storageKey, offset));
    } catch (NoSuchFileException e) {
      throw DamagedContentException.missing(id);
    } catch (IOException e) {
      throw new UncheckedIOException("the stored file of " + id + " cannot be read", e);
    }
  }

  private DataItem record(DataItem item, StoredFile stored) throws IOException {
    item.isFile = true;
    item.storageKey = stored.key();
    item.size = stored.size();
    item.sha256 = stored.sha256();
    item.origin = DataOrigin.UPLOAD;
    item.status = DataStatus.AVAILABLE;
    try {
      return repository.insert(item);
    } catch (RuntimeException e) {
      // No item, so no file either.
      store.delete(stored.key());
      throw e;
    }
  }

  private static DataKind inlineKind(String kind) {
    if (kind == null || kind.isBlank()) {
      throw new Invalid("'kind' is required: TEXT or JSON.");
    }
    return switch (kind.strip().toUpperCase()) {
      case "TEXT" -> DataKind.TEXT;
      case "JSON" -> DataKind.JSON;
      default ->
          throw new Invalid(
              "'kind' must be TEXT or JSON for inline content, not '"
                  + kind
                  + "'; upload other kinds as multipart/form-data.");
    };
  }

  private String inlineContent(DataKind kind, InlineContent request) {
    boolean hasJson = request.json() != null && !request.json().isNull();
    if (kind == DataKind.TEXT) {
      if (hasJson) {
        throw new Invalid("A TEXT item takes its content in 'text', not 'json'.");
      }
      if (request.text() == null) {
        throw new Invalid("A TEXT item needs its content in 'text'.");
      }
      // Stored and served as UTF-8: text without a UTF-8 form would be served as other bytes.
      Unicode.require("text", request.text());
      return request.text();
    }
    if (request.text() != null) {
      throw new Invalid(
          "A JSON item takes its content in 'json' (the JSON value itself), not 'text'.");
    }
    if (!hasJson) {
      throw new Invalid("A JSON item needs its content in 'json'.");
    }
    JsonLimits.require("json", request.json(), JsonLimits.ANY_SIZE);
    try {
      return json.writeValueAsString(request.json());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON value always serialises", e);
    }
  }

  private static String detect(Path file, String name) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return TIKA.detect(in, name);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warnf("cannot remove the upload %s: %s", file, e);
    }
  }

  private static String orElse(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
