package dev.taskmill.module;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Label routing: which modules' tasks a claimer may not take because the module needs a label it
 * does not offer (the SDK's {@code labels}; {@code gpu} is routed by the task's needs). The claim
 * leaves those modules' tasks for others, as it does modules not set up here. Read at most once a
 * second: the claim loop asks often, modules change rarely.
 */
@ApplicationScoped
public class ModuleLabels {

  private static final long KEEP_NANOS = 1_000_000_000L;

  private record Read(Map<String, List<String>> labels, long at) {}

  private volatile Read last;

  /**
   * Labels as they are compared everywhere (a module's, an instance's {@code
   * taskmill.capabilities}, a remote worker's): trimmed, lower case, no blanks, no repeats.
   */
  public static List<String> normalised(Collection<String> labels) {
    return labels == null
        ? List.of()
        : labels.stream()
            .filter(l -> l != null && !l.isBlank())
            .map(l -> l.strip().toLowerCase(java.util.Locale.ROOT))
            .distinct()
            .toList();
  }

  /** The modules needing a label that {@code offered} lacks. */
  public Set<String> notOffered(Collection<String> offered) {
    Set<String> modules = new HashSet<>();
    labelled()
        .forEach(
            (module, labels) -> {
              if (!offered.containsAll(labels)) {
                modules.add(module);
              }
            });
    return modules;
  }

  private Map<String, List<String>> labelled() {
    long now = System.nanoTime();
    Read read = last;
    if (read != null && now - read.at() < KEEP_NANOS) {
      return read.labels();
    }
    Map<String, List<String>> labels = new LinkedHashMap<>();
    Module.mongoCollection()
        .withDocumentClass(Document.class)
        .find(Filters.exists("labels.0"))
        .projection(Projections.include("labels"))
        .forEach(doc -> labels.put(doc.getString("_id"), doc.getList("labels", String.class)));
    last = new Read(labels, now);
    return labels;
  }
}
