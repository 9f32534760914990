package dev.taskmill.api.dto;

import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.data.DataStatus;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.view.Lineage;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The graph around one data item: producers upstream, consumers downstream. */
@Schema(name = "Lineage")
public record LineageDto(
    String root,
    List<ItemNode> items,
    List<TaskNode> tasks,
    @Schema(description = "item → task for an input port, task → item for an output port")
        List<Lineage.Edge> edges,
    @Schema(description = "Whether the graph was cut at its size limit") boolean truncated) {

  /** A data item in the graph. */
  @Schema(name = "LineageItem")
  public record ItemNode(String id, String label, DataKind kind, DataStatus status) {}

  /** A task in the graph. */
  @Schema(name = "LineageTask")
  public record TaskNode(
      String id,
      String label,
      String module,
      TaskStatus status,
      @Schema(
              description =
                  "The earlier task whose result it took instead of running its module (reuse)")
          String reusedFrom) {}

  public static LineageDto of(Lineage lineage) {
    return new LineageDto(
        lineage.root(),
        lineage.items().stream().map(LineageDto::node).toList(),
        lineage.tasks().stream().map(LineageDto::node).toList(),
        lineage.edges(),
        lineage.truncated());
  }

  private static ItemNode node(DataItem item) {
    return new ItemNode(item.id, item.label, item.kind, item.status);
  }

  private static TaskNode node(Task task) {
    return new TaskNode(task.id, task.label, task.module, task.status, task.reusedFrom);
  }
}
