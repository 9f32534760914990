package dev.taskmill.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The parts of an upload form: its one file, and what its idempotency fingerprint covers. */
final class UploadParts {

  private UploadParts() {}

  /** The form's one {@code file} part, or a 400 problem that says what is wrong. */
  static FileUpload theFile(List<FileUpload> files) {
    if (files == null || files.isEmpty() || files.get(0).uploadedFile() == null) {
      throw ProblemException.invalid(
          "The form has no 'file' part: send the content as a file field named 'file'.");
    }
    if (files.size() > 1) {
      // Keeping one and dropping the rest would lose data without a word; say so instead.
      throw ProblemException.invalid(
          "The form has "
              + files.size()
              + " 'file' parts; an upload takes one file. Upload each file on its own.");
    }
    return files.get(0);
  }

  /**
   * What an upload's fingerprint covers besides the file's bytes (a map, not a record: nothing to
   * register for reflection in a native build).
   */
  static Map<String, Object> fingerprinted(
      FileUpload file,
      String label,
      List<String> tags,
      String metadata,
      String kind,
      String ttlSeconds) {
    Map<String, Object> fields = new TreeMap<>();
    fields.put("fileName", file.fileName());
    fields.put("contentType", file.contentType());
    fields.put("label", label);
    fields.put("tags", tags);
    fields.put("metadata", metadata);
    fields.put("kind", kind);
    if (ttlSeconds != null) {
      // Only when sent: a key used before this field existed keeps its fingerprint.
      fields.put("ttlSeconds", ttlSeconds);
    }
    return fields;
  }
}
