package dev.taskmill.task;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Many task creations in one request: all are created, or none. */
@Schema(name = "CreateTaskBatch")
public record CreateTaskBatch(
    @Schema(
            description =
                "1 to 1,000 tasks, each as for POST /api/v1/tasks; an input may be an AVAILABLE"
                    + " item or the PENDING output of an existing task, not of a task in the same"
                    + " batch (a pipeline wires tasks created together)",
            required = true,
            maxItems = TaskBatch.MAX_TASKS)
        List<CreateTask> tasks) {}
