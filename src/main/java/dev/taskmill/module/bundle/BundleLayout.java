package dev.taskmill.module.bundle;

import dev.taskmill.failure.Invalid;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a zip's module is: its {@code main.py} at the top of the zip, or in the zip's one top
 * folder (what zipping a folder gives). Decided from the entry names alone, after refusing every
 * name that could land outside the bundle's folder.
 *
 * @param prefix what is cut off every entry's name ({@code ""} or {@code "<top>/"})
 * @param topFolder the one top folder the module is in, or null when main.py is at the top
 */
record BundleLayout(String prefix, String topFolder) {

  static final String MAIN = "main.py";

  /** Folders that zip tools of some systems add beside the content; never unpacked. */
  private static final String MAC_FORKS = "__MACOSX/";

  /** Checks every name and finds the module's main.py. */
  static BundleLayout of(List<ZipEntries.Entry> entries) {
    Set<String> seen = new HashSet<>();
    Set<String> tops = new TreeSet<>();
    Set<String> mainIn = new TreeSet<>();
    boolean mainAtTop = false;
    for (ZipEntries.Entry entry : entries) {
      String name = entry.name();
      checkName(name);
      if (entry.symlink()) {
        throw new Invalid(
            "The zip entry '"
                + name
                + "' is a symbolic link; a bundle holds plain files and folders only.");
      }
      if (skipped(name)) {
        continue;
      }
      String normal = normal(name);
      if (!seen.add(normal + (entry.directory() ? "/" : ""))) {
        throw new Invalid("The zip holds '" + normal + "' twice; each file may appear once.");
      }
      if (entry.directory()) {
        continue;
      }
      int slash = normal.indexOf('/');
      tops.add(slash < 0 ? "" : normal.substring(0, slash));
      if (normal.equals(MAIN)) {
        mainAtTop = true;
      } else if (slash > 0 && normal.substring(slash + 1).equals(MAIN)) {
        mainIn.add(normal.substring(0, slash));
      }
    }
    if (mainAtTop) {
      return new BundleLayout("", null);
    }
    if (mainIn.size() > 1) {
      throw new Invalid(
          "The zip has a main.py in each of "
              + String.join(", ", mainIn.stream().map(f -> f + "/").toList())
              + "; a bundle holds one module: one main.py at its top or in its one top folder.");
    }
    if (mainIn.size() == 1 && tops.size() == 1) {
      String top = mainIn.iterator().next();
      return new BundleLayout(top + "/", top);
    }
    if (mainIn.size() == 1) {
      throw new Invalid(
          "The zip has main.py in "
              + mainIn.iterator().next()
              + "/ but also files outside that folder; zip the module's folder alone, or put"
              + " main.py at the top of the zip.");
    }
    throw new Invalid(
        "The zip has no main.py at its top or in its one top folder; a module needs a main.py"
            + " with its class.");
  }

  /** The path of {@code name} inside the bundle's folder, or null for an entry not unpacked. */
  String target(String name) {
    if (skipped(name)) {
      return null;
    }
    String normal = normal(name);
    if (!normal.startsWith(prefix)) {
      return null;
    }
    String inside = normal.substring(prefix.length());
    return inside.isEmpty() ? null : inside;
  }

  private static boolean skipped(String name) {
    return normal(name).startsWith(MAC_FORKS) || normal(name).equals("__MACOSX");
  }

  /** The name without empty and "." parts: "a//./b/" is "a/b". */
  private static String normal(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }

  private static void checkName(String name) {
    if (name.isEmpty() || normal(name).isEmpty()) {
      throw new Invalid("The zip has an entry without a name.");
    }
    if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
      throw new Invalid(
          "The zip entry '"
              + name.replace('\0', '?')
              + "' has a backslash or NUL in its name; use '/' between folders.");
    }
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      throw new Invalid(
          "The zip entry '" + name + "' has an absolute path; entries must be relative.");
    }
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        throw new Invalid(
            "The zip entry '"
                + name
                + "' points outside the bundle's folder ('..'); such a zip could overwrite"
                + " other files and is refused.");
      }
    }
  }
}
