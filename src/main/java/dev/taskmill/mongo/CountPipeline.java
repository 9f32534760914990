package dev.taskmill.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;

/**
 * The pipeline the MongoDB drivers send for {@code countDocuments}: {@code $match}, optionally
 * {@code $skip} and {@code $limit}, then {@code $group: {_id: <constant>, <name>: {$sum: 1}}}.
 */
record CountPipeline(Document filter, int skip, int limit, Object groupId, String field) {

  /** The count this pipeline asks for, or null when it is any other pipeline. */
  static CountPipeline parse(Object pipeline) {
    if (!(pipeline instanceof List<?> stages) || stages.size() < 2 || stages.size() > 4) {
      return null;
    }
    if (!(stages.get(0) instanceof Document first)
        || first.size() != 1
        || !(first.get("$match") instanceof Document filter)) {
      return null;
    }
    int skip = 0;
    int limit = 0;
    for (Object stage : stages.subList(1, stages.size() - 1)) {
      if (!(stage instanceof Document doc) || doc.size() != 1) {
        return null;
      }
      if (doc.get("$skip") instanceof Number n && skip == 0 && limit == 0) {
        skip = n.intValue();
      } else if (doc.get("$limit") instanceof Number n && limit == 0) {
        limit = n.intValue();
      } else {
        return null;
      }
    }
    if (!(stages.get(stages.size() - 1) instanceof Document last)
        || last.size() != 1
        || !(last.get("$group") instanceof Document group)
        || group.size() != 2
        || !group.containsKey("_id")) {
      return null;
    }
    Object id = group.get("_id");
    if (id instanceof Document
        || id instanceof List
        || (id instanceof String s && s.startsWith("$"))) {
      return null;
    }
    for (Map.Entry<String, Object> entry : group.entrySet()) {
      if (!entry.getKey().equals("_id")) {
        if (entry.getValue() instanceof Document sum
            && sum.size() == 1
            && sum.get("$sum") instanceof Number one
            && one.intValue() == 1
            && one.doubleValue() == 1.0) {
          return new CountPipeline(filter, skip, limit, id, entry.getKey());
        }
        return null;
      }
    }
    return null;
  }

  /** The one result document of the pipeline for {@code count} matches. */
  Document result(int count) {
    Document result = new Document("_id", groupId);
    result.put(field, count);
    return result;
  }
}
