package dev.taskmill.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The value type of the maps that hold a collection's documents: a {@link Document} is written in
 * {@link DocumentCodec}'s compact form behind its own tag, where H2's default {@link
 * ObjectDataType} would Java-serialize it (an {@code ObjectOutputStream} per document, on every
 * page write of every commit). Every other tag goes to the default type: files written before this
 * type existed read unchanged.
 */
final class DocumentType extends ObjectDataType {

  /**
   * H2's default type writes tags 0 to 119 only, and its reader takes every tag up to 19 as a type
   * id; a negative byte is never one of its tags.
   */
  static final byte TAG_DOCUMENT = (byte) 0xD0;

  private final DocumentCodec codec = new DocumentCodec();

  @Override
  public void write(WriteBuffer buff, Object value) {
    if (value instanceof Document document) {
      codec.writeDocument(buff.put(TAG_DOCUMENT), document);
    } else {
      super.write(buff, value);
    }
  }

  @Override
  public Object read(ByteBuffer buff) {
    if (buff.get(buff.position()) != TAG_DOCUMENT) {
      return super.read(buff);
    }
    buff.get();
    return codec.readDocument(buff);
  }

  /**
   * A rough size on the heap, for the page cache; H2 asks for a sample of the values only. (The
   * default type answers twice the running average of the sizes it serialized.)
   */
  @Override
  public int getMemory(Object value) {
    return value instanceof Document document
        ? DocumentMemory.of(document)
        : super.getMemory(value);
  }
}
