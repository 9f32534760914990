package dev.taskmill.api.dto;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of pipelines, newest first (a named type, so generated clients get typed items). */
@Schema(name = "PipelinePage")
public record PipelinePageDto(
    List<PipelineDto> items,
    @Schema(description = "Page number, from 0") int page,
    @Schema(description = "Page size") int size,
    @Schema(description = "Pipelines matching the filters, on all pages") long total) {}
