package dev.taskmill.api.dto;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of data items, newest first. */
@Schema(name = "DataPage")
public record DataPageDto(
    List<DataItemDto> items,
    @Schema(description = "Zero-based page number") int page,
    @Schema(description = "Items per page") int size,
    @Schema(description = "Items matching the filters, on all pages") long total) {}
