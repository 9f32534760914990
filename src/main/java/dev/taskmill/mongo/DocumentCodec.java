package dev.taskmill.mongo;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * Writes a {@link Document}, or one value, as a compact tree of BSON's element types, with H2's
 * variable-length numbers and H2's string coding: every Java {@code char} is kept (a string with a
 * NUL or a lone surrogate, which BSON's UTF-8 would alter), an instant keeps its nanoseconds, and a
 * value outside these types is written by H2's default type in its place, so every value reads back
 * equal. A list reads back as an {@link ArrayList}. Used by {@link DocumentType} and {@link
 * UniqueKeyType}.
 */
final class DocumentCodec {

  // Element types: BSON's numbers where BSON has the type.
  private static final byte DOUBLE = 0x01;
  private static final byte STRING = 0x02;
  private static final byte DOCUMENT = 0x03;
  private static final byte ARRAY = 0x04;
  private static final byte BINARY = 0x05;
  private static final byte OBJECT_ID = 0x07;
  private static final byte FALSE = 0x08;
  private static final byte INSTANT = 0x09;
  private static final byte NULL = 0x0A;
  private static final byte REGEX = 0x0B;
  private static final byte JAVASCRIPT = 0x0D;
  private static final byte INT32 = 0x10;
  private static final byte TIMESTAMP = 0x11;
  private static final byte INT64 = 0x12;
  private static final byte DECIMAL128 = 0x13;
  private static final byte MAX_KEY = 0x7F;
  private static final byte MIN_KEY = (byte) 0xFF;
  // Not in BSON: a BSON boolean has one type and a byte; here each value is its own type.
  private static final byte TRUE = 0x28;
  // BSON's binary subtypes are no types here: each Java class has its own.
  private static final byte UUID_STANDARD = 0x24;
  private static final byte UUID_LEGACY = 0x23;

  /** Any other value, written by the default type. */
  private static final byte OTHER = 0x00;

  private static final int OBJECT_ID_LENGTH = 12;

  /** Writes and reads the values outside these types. */
  private final ObjectDataType other = new ObjectDataType();

  void writeDocument(WriteBuffer buff, Document document) {
    buff.putVarInt(document.size());
    for (Map.Entry<String, Object> entry : document.entrySet()) {
      writeString(buff, entry.getKey());
      writeValue(buff, entry.getValue());
    }
  }

  void writeValue(WriteBuffer buff, Object value) {
    if (value == null) {
      buff.put(NULL);
    } else if (value instanceof String s) {
      writeString(buff.put(STRING), s);
    } else if (value instanceof Integer i) {
      buff.put(INT32).putVarInt(i);
    } else if (value instanceof Long l) {
      buff.put(INT64).putVarLong(l);
    } else if (value instanceof Double d) {
      buff.put(DOUBLE).putDouble(d);
    } else if (value instanceof Boolean b) {
      buff.put(b ? TRUE : FALSE);
    } else if (value instanceof Document document) {
      writeDocument(buff.put(DOCUMENT), document);
    } else if (value instanceof List<?> list) {
      buff.put(ARRAY).putVarInt(list.size());
      for (Object element : list) {
        writeValue(buff, element);
      }
    } else if (value instanceof Instant instant) {
      buff.put(INSTANT).putVarLong(instant.getEpochSecond()).putVarInt(instant.getNano());
    } else if (value.getClass() == ObjectId.class) {
      buff.put(OBJECT_ID).put(((ObjectId) value).toByteArray());
    } else if (value instanceof Decimal128 decimal) {
      buff.put(DECIMAL128).putLong(decimal.getLow()).putLong(decimal.getHigh());
    } else if (value instanceof BsonTimestamp timestamp) {
      buff.put(TIMESTAMP).putLong(timestamp.getValue());
    } else if (value instanceof BinData binary) {
      byte[] data = binary.getData();
      buff.put(BINARY).putVarInt(data.length).put(data);
    } else if (value instanceof UUID uuid) {
      buff.put(UUID_STANDARD).putLong(uuid.getMostSignificantBits());
      buff.putLong(uuid.getLeastSignificantBits());
    } else if (value instanceof LegacyUUID legacy) {
      buff.put(UUID_LEGACY).putLong(legacy.getUuid().getMostSignificantBits());
      buff.putLong(legacy.getUuid().getLeastSignificantBits());
    } else if (value.getClass() == BsonRegularExpression.class) {
      BsonRegularExpression regex = (BsonRegularExpression) value;
      writeString(buff.put(REGEX), regex.getPattern());
      writeString(buff, regex.getOptions());
    } else if (value instanceof BsonJavaScript script) {
      writeString(buff.put(JAVASCRIPT), script.getCode());
    } else if (value.getClass() == MinKey.class) {
      buff.put(MIN_KEY);
    } else if (value.getClass() == MaxKey.class) {
      buff.put(MAX_KEY);
    } else {
      other.write(buff.put(OTHER), value);
    }
  }

  Document readDocument(ByteBuffer buff) {
    int size = DataUtils.readVarInt(buff);
    Document document = new Document();
    for (int i = 0; i < size; i++) {
      String key = DataUtils.readString(buff);
      document.put(key, readValue(buff));
    }
    return document;
  }

  Object readValue(ByteBuffer buff) {
    byte type = buff.get();
    return switch (type) {
      case NULL -> null;
      case STRING -> DataUtils.readString(buff);
      case INT32 -> DataUtils.readVarInt(buff);
      case INT64 -> DataUtils.readVarLong(buff);
      case DOUBLE -> buff.getDouble();
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case DOCUMENT -> readDocument(buff);
      case ARRAY -> readList(buff);
      case INSTANT ->
          Instant.ofEpochSecond(DataUtils.readVarLong(buff), DataUtils.readVarInt(buff));
      case OBJECT_ID -> new ObjectId(bytes(buff, OBJECT_ID_LENGTH));
      case DECIMAL128 -> new Decimal128(buff.getLong(), buff.getLong());
      case TIMESTAMP -> new BsonTimestamp(buff.getLong());
      case BINARY -> new BinData(bytes(buff, DataUtils.readVarInt(buff)));
      case UUID_STANDARD -> new UUID(buff.getLong(), buff.getLong());
      case UUID_LEGACY -> new LegacyUUID(buff.getLong(), buff.getLong());
      case REGEX ->
          new BsonRegularExpression(DataUtils.readString(buff), DataUtils.readString(buff));
      case JAVASCRIPT -> new BsonJavaScript(DataUtils.readString(buff));
      case MIN_KEY -> MinKey.getInstance();
      case MAX_KEY -> MaxKey.getInstance();
      case OTHER -> other.read(buff);
      default ->
          throw DataUtils.newMVStoreException(
              DataUtils.ERROR_FILE_CORRUPT, "Unknown document element type {0}", type);
    };
  }

  private List<Object> readList(ByteBuffer buff) {
    int size = DataUtils.readVarInt(buff);
    List<Object> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(readValue(buff));
    }
    return list;
  }

  private static void writeString(WriteBuffer buff, String s) {
    int length = s.length();
    buff.putVarInt(length).putStringData(s, length);
  }

  private static byte[] bytes(ByteBuffer buff, int length) {
    byte[] bytes = new byte[length];
    buff.get(bytes);
    return bytes;
  }
}
