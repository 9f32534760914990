package dev.taskmill.data;

import java.util.Locale;

/** What a data item holds; decides which module ports it can feed. */
public enum DataKind {
  IMAGE,
  VIDEO,
  AUDIO,
  TEXT,
  JSON,
  FILE;

  /** Whether an item of this kind may feed a port that asks for {@code wanted} (FILE takes any). */
  public boolean fits(DataKind wanted) {
    return wanted == FILE || wanted == this;
  }

  /** Whether an item of this kind may feed a port that accepts any of {@code wanted}. */
  public boolean fitsAny(java.util.Collection<DataKind> wanted) {
    return wanted.stream().anyMatch(this::fits);
  }

  /** The kind named {@code name} (any case), or null when it is none. */
  public static DataKind parse(String name) {
    if (name == null) {
      return null;
    }
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The kind of content of media type {@code mediaType} (parameters such as charset ignored). */
  public static DataKind ofMediaType(String mediaType) {
    if (mediaType == null) {
      return FILE;
    }
    String type = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.equals("application/json")) {
      return JSON;
    }
    if (type.startsWith("image/")) {
      return IMAGE;
    }
    if (type.startsWith("video/")) {
      return VIDEO;
    }
    if (type.startsWith("audio/")) {
      return AUDIO;
    }
    if (type.startsWith("text/")) {
      return TEXT;
    }
    return FILE;
  }
}
