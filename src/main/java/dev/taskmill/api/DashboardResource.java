package dev.taskmill.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.api.dto.DashboardDto;
import dev.taskmill.api.dto.TaskDto;
import dev.taskmill.api.dto.ThroughputDto;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.config.ServerPaths;
import dev.taskmill.data.DataCatalog;
import dev.taskmill.instance.Workload;
import dev.taskmill.module.ModuleRegistry;
import dev.taskmill.task.caps.ConcurrencyCaps;
import dev.taskmill.task.eta.Estimate;
import dev.taskmill.task.eta.TaskEstimates;
import dev.taskmill.task.history.ThroughputHistory;
import dev.taskmill.task.model.Task;
import dev.taskmill.task.model.TaskStatus;
import dev.taskmill.task.view.Dashboard;
import dev.taskmill.task.view.TaskStats;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Dashboard data in one request: counts, active, planned, recent, failures, module runs. */
@Path("/api/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dashboard", description = "What is running, planned and finished")
public class DashboardResource {

  static final int ACTIVE = 100;
  static final int PLANNED = 50;
  static final int RECENT = 20;
  static final int FAILURES = 10;

  private final TaskStats stats;
  private final Dashboard dashboard;
  private final ModuleRegistry modules;
  private final Workload workload;
  private final ObjectMapper json;
  private final ServerPaths paths;
  private final CurrentCaller caller;
  private final DataCatalog data;
  private final TaskEstimates estimates;
  private final ConcurrencyCaps caps;
  private final ThroughputHistory history;

  DashboardResource(
      CurrentCaller caller,
      TaskStats stats,
      Dashboard dashboard,
      ModuleRegistry modules,
      Workload workload,
      ObjectMapper json,
      ServerPaths paths,
      DataCatalog data,
      TaskEstimates estimates,
      ConcurrencyCaps caps,
      ThroughputHistory history) {
    this.history = history;
    this.estimates = estimates;
    this.caps = caps;
    this.data = data;
    this.stats = stats;
    this.dashboard = dashboard;
    this.modules = modules;
    this.workload = workload;
    this.json = json;
    this.paths = paths;
    this.caller = caller;
  }

  @GET
  @Operation(operationId = "getDashboard", summary = "Counts, active, planned and finished tasks")
  public DashboardDto getDashboard() {
    String owner = caller.get().ownerFilter();
    Map<String, Integer> moduleCounts = new LinkedHashMap<>();
    modules.countByStatus().forEach((status, n) -> moduleCounts.put(status.name(), n));
    List<Task> active = dashboard.active(ACTIVE, owner);
    List<Task> planned = dashboard.planned(PLANNED, owner);
    // One estimate of both lists: the queue is read once.
    List<Task> unfinished = new ArrayList<>(active);
    unfinished.addAll(planned);
    Map<String, Estimate> estimated = estimates.of(unfinished);
    return new DashboardDto(
        new DashboardDto.Counts(stats.countByStatus(owner), dataCounts(owner), moduleCounts),
        estimated(active, estimated),
        estimated(planned, estimated),
        dtos(
            dashboard.finished(
                List.of(TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.CANCELLED),
                RECENT,
                owner)),
        dtos(dashboard.finished(List.of(TaskStatus.FAILED), FAILURES, owner)),
        stats.moduleRuns().stream()
            .map(
                r ->
                    new DashboardDto.ModuleRunsDto(
                        r.module(),
                        r.runs(),
                        r.succeeded(),
                        r.failed(),
                        r.successRate(),
                        r.meanMillis()))
            .toList(),
        workload.capacity());
  }

  @GET
  @Path("/history")
  @Operation(
      operationId = "getDashboardHistory",
      summary = "Tasks succeeded and failed per minute, and queue depth, over the last hours")
  @APIResponse(responseCode = "200", description = "One bucket per minute, oldest first")
  @APIResponse(
      responseCode = "400",
      description = "hours is not a whole number from 1 to taskmill.dashboard.history-hours")
  public ThroughputDto getHistory(
      @QueryParam("hours")
          @Parameter(description = "How many hours back; default and most: the configured hours")
          @Schema(type = SchemaType.INTEGER, minimum = "1")
          String hours,
      @QueryParam("module") @Parameter(description = "Only this module's tasks") String module) {
    int span = QueryParams.integer("hours", hours, history.maxHours(), 1, history.maxHours());
    String only = module == null || module.isBlank() ? null : module.strip();
    return ThroughputDto.of(history.of(span, caller.get().ownerFilter(), only));
  }

  private Map<String, Long> dataCounts(String owner) {
    Map<String, Long> counts = new LinkedHashMap<>();
    data.countByStatus(owner).forEach((status, n) -> counts.put(status.name(), n));
    return counts;
  }

  private List<TaskDto> dtos(List<Task> tasks) {
    return estimated(tasks, Map.of());
  }

  /** {@link #dtos}, with the unfinished tasks' estimates and why a capped one waits. */
  private List<TaskDto> estimated(List<Task> tasks, Map<String, Estimate> estimated) {
    java.util.function.Function<Task, String> waiting = caps.reasons(tasks);
    return tasks.stream()
        .map(
            t ->
                TaskDto.of(
                    t,
                    json,
                    paths,
                    estimated.getOrDefault(t.id, Estimate.UNKNOWN),
                    waiting.apply(t)))
        .toList();
  }
}
