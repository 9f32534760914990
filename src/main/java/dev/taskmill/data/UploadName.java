package dev.taskmill.data;

/**
 * The name of an uploaded file as the service keeps it (the default label, the download name): the
 * last segment of what the client sent, so {@code ../../etc/x.png} or {@code C:\a\b.png} can never
 * name a folder, whichever separator the client's system uses.
 */
final class UploadName {

  private UploadName() {}

  /** The bare file name in {@code sent}, or null when it has none. */
  static String of(String sent) {
    if (sent == null) {
      return null;
    }
    String name = sent.strip();
    int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(cut + 1).strip();
    // Control characters (a NUL, a line break) have no place in a name shown and sent in headers.
    name = name.replaceAll("\\p{Cntrl}", "");
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return null;
    }
    return name;
  }
}
