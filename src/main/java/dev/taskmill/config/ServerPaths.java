package dev.taskmill.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides where the service lives on its host from what clients read (health data, task errors and
 * logs): an absolute path under the working directory becomes relative to it, one under another
 * configured folder becomes that folder's setting, e.g. {@code <taskmill.tasks.work-dir>/t1/in}.
 */
@ApplicationScoped
public class ServerPaths {

  /** Absolute prefixes, longest first, and what each is shown as. */
  private final List<Map.Entry<Pattern, String>> prefixes;

  @Inject
  ServerPaths(TaskmillConfig config) {
    this(
        Path.of(System.getProperty("user.dir")),
        Path.of(System.getProperty("user.home")),
        Map.of(
            "taskmill.file-store.root", config.fileStore().root(),
            "taskmill.tasks.work-dir", config.tasks().workDir(),
            "taskmill.modules.dir", config.modules().dir(),
            "taskmill.modules.bundles.dir", config.modules().bundles().dir(),
            "taskmill.modules.venv-dir", config.modules().venvDir(),
            "taskmill.modules.model-cache-dir", config.modules().modelCacheDir(),
            "taskmill.modules.sdk-dir", config.modules().sdkDir()));
  }

  /** {@code folders}: a setting's name and its value, a folder absolute or relative to cwd. */
  ServerPaths(Path workingDir, Path home, Map<String, String> folders) {
    Path cwd = workingDir.toAbsolutePath().normalize();
    Map<String, String> shown = new LinkedHashMap<>();
    folders.forEach(
        (setting, value) -> {
          Path folder = cwd.resolve(value).normalize();
          String as = folder.startsWith(cwd) ? relative(cwd, folder) : "<" + setting + ">";
          for (Path form : forms(folder)) {
            shown.putIfAbsent(form.toString(), as);
          }
        });
    for (Path form : forms(cwd)) {
      shown.putIfAbsent(form.toString(), ".");
    }
    for (Path form : forms(home.toAbsolutePath().normalize())) {
      shown.putIfAbsent(form.toString(), "~");
    }
    List<Map.Entry<String, String>> sorted = new ArrayList<>(shown.entrySet());
    sorted.removeIf(entry -> entry.getKey().equals("/") || entry.getKey().isEmpty());
    sorted.sort(
        Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    // A prefix counts only as a whole path segment: "/app" must not match in "/application".
    this.prefixes =
        sorted.stream()
            .map(
                e ->
                    Map.entry(
                        Pattern.compile(Pattern.quote(e.getKey()) + "(/|(?![\\w.-]))"),
                        e.getValue()))
            .toList();
  }

  /** {@code text} with every server path in it replaced as the class describes; null stays null. */
  public String hide(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (Map.Entry<Pattern, String> prefix : prefixes) {
      String as = prefix.getValue();
      // Below the working dir a path reads best without "./"; elsewhere the shown name leads.
      String below = as.equals(".") ? "" : Matcher.quoteReplacement(as + "/");
      Matcher matcher = prefix.getKey().matcher(result);
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        matcher.appendReplacement(
            out, matcher.group(1).isEmpty() ? Matcher.quoteReplacement(as) : below);
      }
      matcher.appendTail(out);
      result = out.toString();
    }
    return result;
  }

  private static String relative(Path cwd, Path folder) {
    String relative = cwd.relativize(folder).toString();
    return relative.isEmpty() ? "." : relative;
  }

  /** The folder as configured and as it really is (after symlinks), when that differs. */
  private static List<Path> forms(Path folder) {
    List<Path> forms = new ArrayList<>(List.of(folder));
    try {
      Path real = folder.toRealPath();
      if (!real.equals(folder)) {
        forms.add(real);
      }
    } catch (IOException e) {
      // Not there (yet): only the configured form can appear in messages.
    }
    return forms;
  }
}
