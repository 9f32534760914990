package dev.taskmill.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the maps that hold the stock unique indexes (the {@code _id} index of every
 * collection): the same order as H2's default {@link ObjectDataType}, without its cost. A key is
 * written in {@link DocumentCodec}'s compact form behind its own tag, where the default type would
 * Java-serialize it on every page write; keys with other tags (files written before) are read by
 * the default type. A {@link KeyValue} is no {@code Comparable}, so the default type compares two
 * keys by Java-serializing both, on every step of every lookup: inserting a thousand documents
 * spent most of its time there.
 *
 * <p>For the common key, one short ASCII string (the ids this service writes), the serialized forms
 * differ only in the string's length and then its characters, each one byte below 128 (where signed
 * and unsigned bytes agree), so comparing length and then characters gives the very order of the
 * serialized bytes. Every other pair is compared the default way. The order is what the file holds,
 * so a file of the stock backend opens with this type (not the other way: the stock reader does not
 * know the tag).
 */
final class UniqueKeyType extends ObjectDataType {

  /** Next to {@link DocumentType#TAG_DOCUMENT}, and for the same reason never a default tag. */
  static final byte TAG_KEY = (byte) 0xD1;

  /** A KeyValue and its array. */
  private static final int KEY_MEMORY = 24 + 16;

  private final DocumentCodec codec = new DocumentCodec();

  @Override
  public void write(WriteBuffer buff, Object key) {
    if (key instanceof KeyValue keyValue) {
      buff.put(TAG_KEY).putVarInt(keyValue.size());
      for (Object value : keyValue) {
        codec.writeValue(buff, value);
      }
    } else {
      super.write(buff, key);
    }
  }

  @Override
  public Object read(ByteBuffer buff) {
    if (buff.get(buff.position()) != TAG_KEY) {
      return super.read(buff);
    }
    buff.get();
    int size = DataUtils.readVarInt(buff);
    List<Object> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(codec.readValue(buff));
    }
    return new KeyValue(values);
  }

  /**
   * A rough size on the heap, for the page cache. The default type answers twice the running
   * average of the sizes it serialized, and no longer serializes keys.
   */
  @Override
  public int getMemory(Object key) {
    if (!(key instanceof KeyValue keyValue)) {
      return super.getMemory(key);
    }
    int size = KEY_MEMORY + 4 * keyValue.size();
    for (Object value : keyValue) {
      size += DocumentMemory.ofValue(value);
    }
    return size;
  }

  /** The longest string whose serialized length fits in one byte below 128. */
  private static final int MAX_FAST_LENGTH = 127;

  @Override
  public int compare(Object a, Object b) {
    String x = shortAscii(a);
    String y = x == null ? null : shortAscii(b);
    if (y == null) {
      return super.compare(a, b);
    }
    if (x.length() != y.length()) {
      return x.length() < y.length() ? -1 : 1;
    }
    int cmp = x.compareTo(y); // equal lengths and chars below 128: the first differing char decides
    return Integer.signum(cmp);
  }

  /** The key's value when it is one string of 1 to 127 characters, each in 1..127; else null. */
  private static String shortAscii(Object key) {
    if (!(key instanceof KeyValue keyValue)
        || keyValue.size() != 1
        || !(keyValue.get(0) instanceof String value)
        || value.isEmpty()
        || value.length() > MAX_FAST_LENGTH) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0 || c >= 128) { // NUL and non-ASCII take two or more bytes in modified UTF-8
        return null;
      }
    }
    return value;
  }
}
