package dev.taskmill.api.dto;

import dev.taskmill.task.history.MinuteBuckets;
import dev.taskmill.task.history.Throughput;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Tasks ended per minute and queue depth over the last hours, for the dashboard's chart. */
@Schema(name = "Throughput")
public record ThroughputDto(
    @Schema(description = "Start of the first bucket (a whole minute, UTC)") Instant start,
    @Schema(description = "Length of a bucket in seconds (60)") int bucketSeconds,
    @Schema(description = "The module counted; absent: every module") String module,
    @Schema(description = "Modules with ended or queued tasks in the window, by name")
        List<String> modules,
    @Schema(description = "Tasks that SUCCEEDED in each bucket") List<Long> succeeded,
    @Schema(description = "Tasks that FAILED in each bucket") List<Long> failed,
    @Schema(
            type = SchemaType.ARRAY,
            implementation = QueueDepth.class,
            description =
                "QUEUED tasks at the last sample in each bucket (sampled once a minute by the"
                    + " instance that answers); null where it took none")
        List<Integer> queued) {

  /** The items of {@code queued}: a count, or null for a minute without a sample. */
  @Schema(name = "QueueDepth", type = SchemaType.INTEGER, format = "int32", nullable = true)
  public static final class QueueDepth {
    private QueueDepth() {}
  }

  public static ThroughputDto of(Throughput t) {
    return new ThroughputDto(
        t.window().start(),
        (int) MinuteBuckets.SIZE.toSeconds(),
        t.module(),
        t.modules(),
        Arrays.stream(t.succeeded()).boxed().toList(),
        Arrays.stream(t.failed()).boxed().toList(),
        Arrays.asList(t.queued()));
  }
}
