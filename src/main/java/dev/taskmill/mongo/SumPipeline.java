package dev.taskmill.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code $match} followed by one {@code $group} on a constant whose accumulators are all {@code
 * $sum} of 1 or of a top-level field ({@code {$sum: "$size"}}): what a total over an index reads,
 * e.g. a user's storage use. Answered from the documents the filter's index plan yields; the stock
 * aggregation reads every document of the collection first.
 */
record SumPipeline(Document filter, Object groupId, Map<String, String> sums) {

  /** Marks an accumulator that counts documents ({@code $sum: 1}). */
  static final String COUNT = "";

  /** The sums this pipeline asks for, or null when it is any other pipeline. */
  static SumPipeline parse(Object pipeline) {
    if (!(pipeline instanceof List<?> stages) || stages.size() != 2) {
      return null;
    }
    if (!(stages.get(0) instanceof Document first)
        || first.size() != 1
        || !(first.get("$match") instanceof Document filter)) {
      return null;
    }
    if (!(stages.get(1) instanceof Document last)
        || last.size() != 1
        || !(last.get("$group") instanceof Document group)
        || group.size() < 2
        || !group.containsKey("_id")) {
      return null;
    }
    Object id = group.get("_id");
    if (id instanceof Document
        || id instanceof List
        || (id instanceof String s && s.startsWith("$"))) {
      return null;
    }
    Map<String, String> sums = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : group.entrySet()) {
      if (entry.getKey().equals("_id")) {
        continue;
      }
      if (!(entry.getValue() instanceof Document sum) || sum.size() != 1) {
        return null;
      }
      Object of = sum.get("$sum");
      if (of instanceof Number one && one.doubleValue() == 1.0) {
        sums.put(entry.getKey(), COUNT);
      } else if (of instanceof String field
          && field.startsWith("$")
          && field.length() > 1
          && field.indexOf('.') < 0) {
        sums.put(entry.getKey(), field.substring(1));
      } else {
        return null;
      }
    }
    return new SumPipeline(filter, id, sums);
  }

  /**
   * The one result document for {@code documents} matching, as MongoDB gives it: a count is an
   * integer, a sum of fields a long (the service sums sizes); non-numeric and missing values add
   * nothing.
   */
  Document result(Iterable<Document> documents) {
    Map<String, Long> totals = new LinkedHashMap<>();
    sums.keySet().forEach(name -> totals.put(name, 0L));
    for (Document document : documents) {
      sums.forEach(
          (name, field) -> {
            long add =
                field.equals(COUNT)
                    ? 1
                    : document.get(field) instanceof Number n ? n.longValue() : 0;
            totals.merge(name, add, Long::sum);
          });
    }
    Document result = new Document("_id", groupId);
    totals.forEach(
        (name, total) ->
            result.put(
                name,
                sums.get(name).equals(COUNT) && total <= Integer.MAX_VALUE
                    ? (Object) total.intValue()
                    : total));
    return result;
  }
}
