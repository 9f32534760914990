package dev.taskmill.api.dto;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The tasks a batch created, in the order of the request. */
@Schema(name = "TaskBatch")
public record TaskBatchDto(
    @Schema(description = "One task per requested task, in order") List<TaskDto> tasks) {}
