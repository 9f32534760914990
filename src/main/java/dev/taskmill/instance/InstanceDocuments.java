package dev.taskmill.instance;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** How the parts of an {@code instances} entry are written and read back. */
final class InstanceDocuments {

  private InstanceDocuments() {}

  static List<Document> workerDocuments(List<ModuleWorkers.Worker> all) {
    return all.stream()
        .map(
            w ->
                new Document("module", w.module())
                    .append("pid", w.pid())
                    .append("state", w.state())
                    .append("jobsServed", w.jobsServed())
                    .append("started", w.started() == null ? null : Date.from(w.started()))
                    .append("rssBytes", w.rssBytes()))
        .toList();
  }

  static List<ModuleWorkers.Worker> workers(Document doc) {
    return doc.getList("workers", Document.class, List.of()).stream()
        .map(
            w ->
                new ModuleWorkers.Worker(
                    w.getString("module"),
                    ((Number) w.get("pid", -1L)).longValue(),
                    w.getString("state"),
                    number(w, "jobsServed"),
                    instant(w.getDate("started")),
                    w.get("rssBytes") instanceof Number n ? n.longValue() : null))
        .toList();
  }

  static List<Document> gpuDocuments(List<GpuDevices.Device> devices) {
    return devices.stream()
        .map(
            d ->
                new Document("index", d.index())
                    .append("memoryMb", d.memoryMb())
                    .append("freeMb", d.freeMb()))
        .toList();
  }

  static List<GpuDevices.Device> gpus(Document doc) {
    return doc.getList("gpus", Document.class, List.of()).stream()
        .map(
            d ->
                new GpuDevices.Device(
                    number(d, "index"), number(d, "memoryMb"), number(d, "freeMb")))
        .toList();
  }

  static int number(Document doc, String field) {
    Object value = doc.get(field);
    return value instanceof Number n ? n.intValue() : 0;
  }

  static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
