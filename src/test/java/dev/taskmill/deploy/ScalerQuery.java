package dev.taskmill.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Taskmill series a KEDA Prometheus query reads, e.g. {@code
 * taskmill_queue_backlog{labels="gpu"}}.
 */
final class ScalerQuery {

  /** One series selector of the query: a metric name and the label set it selects. */
  record Selector(String metric, String labels) {}

  private static final Pattern SELECTOR =
      Pattern.compile("(taskmill_[a-z_]+)\\{labels=\"([^\"]*)\"}");

  private ScalerQuery() {}

  /** Every {@code taskmill_...{labels="..."}} selector in {@code query}. */
  static List<Selector> selectors(String query) {
    List<Selector> found = new ArrayList<>();
    Matcher m = SELECTOR.matcher(query);
    while (m.find()) {
      found.add(new Selector(m.group(1), m.group(2)));
    }
    return found;
  }
}
