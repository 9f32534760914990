package dev.taskmill.api.dto;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a list. */
@Schema(name = "Page")
public record Page<T>(
    List<T> items,
    @Schema(description = "Page number, from 0") int page,
    @Schema(description = "Page size") int size,
    @Schema(description = "Items matching the filters, on all pages") long total) {}
