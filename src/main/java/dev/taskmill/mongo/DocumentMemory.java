package dev.taskmill.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;

/**
 * A rough heap size of a stored document or value, for the MVStore page cache ({@link
 * DocumentType}, {@link UniqueKeyType}): object headers and references of a 64-bit JVM with
 * compressed pointers, one-byte strings. The cache only needs the order of magnitude, so one walk
 * with a few constants; no reflection.
 */
final class DocumentMemory {

  /** The Document, its LinkedHashMap and an empty table. */
  private static final int DOCUMENT = 16 + 56 + 16;

  /** A LinkedHashMap entry and its slot in the table (tables run about half full). */
  private static final int ENTRY = 40 + 8;

  private static final int STRING = 24 + 16;

  private static final int BOXED = 24;

  /** An ArrayList and its array's header. */
  private static final int LIST = 24 + 16;

  /** ObjectId, Decimal128, UUID, Instant, BinData: a small object or two. */
  private static final int SMALL_OBJECT = 48;

  private DocumentMemory() {}

  static int of(Document document) {
    int size = DOCUMENT;
    for (Map.Entry<String, Object> entry : document.entrySet()) {
      size += ENTRY + STRING + entry.getKey().length() + ofValue(entry.getValue());
    }
    return size;
  }

  static int ofValue(Object value) {
    if (value == null || value instanceof Boolean) {
      return 0; // shared instances
    } else if (value instanceof String s) {
      return STRING + s.length();
    } else if (value instanceof Document document) {
      return of(document);
    } else if (value instanceof List<?> list) {
      int size = LIST + 4 * list.size();
      for (Object element : list) {
        size += ofValue(element);
      }
      return size;
    } else if (value instanceof Number && !(value instanceof java.math.BigDecimal)) {
      return BOXED;
    } else {
      return SMALL_OBJECT;
    }
  }
}
