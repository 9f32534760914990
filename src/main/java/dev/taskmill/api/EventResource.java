package dev.taskmill.api;

import dev.taskmill.auth.Caller;
import dev.taskmill.auth.CurrentCaller;
import dev.taskmill.config.TaskmillConfig;
import dev.taskmill.events.Events;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Server-sent events of task, data and module changes, so dashboards never poll. */
@Path("/api/v1/events")
@Tag(name = "Events", description = "Live status changes")
public class EventResource {

  /** Events a slow client may fall behind by before the oldest are dropped. */
  static final int BUFFER = 1024;

  private final Events events;
  private final TaskmillConfig config;
  private final CurrentCaller current;

  EventResource(Events events, TaskmillConfig config, CurrentCaller current) {
    this.events = events;
    this.config = config;
    this.current = current;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      operationId = "streamEvents",
      summary =
          "Server-sent events: `task`, `data`, `module` and `detection` changes, with heartbeat"
              + " comments",
      description =
          "Each event's name is its type, its id a sequence number, its data a JSON object with"
              + " the thing's id and new status (tasks also carry progress; a `detection` event, sent"
              + " when a pass starts and when it finishes, carries its state, counts and error)."
              + " A comment line is sent"
              + " every heartbeat interval so proxies keep the stream open.")
  @Blocking // the key check reads the database; keep it off the event loop
  @APIResponse(
      responseCode = "200",
      description = "The event stream (text/event-stream), open until the client leaves",
      content =
          @Content(
              mediaType = MediaType.SERVER_SENT_EVENTS,
              schema = @Schema(type = SchemaType.STRING)))
  public Multi<OutboundSseEvent> streamEvents(@Context Sse sse) {
    // Read now, on the request's thread: the stream's callbacks run outside the request scope.
    Caller caller = current.get();
    Multi<OutboundSseEvent> changes =
        Multi.createFrom()
            .<Events.Change>emitter(
                emitter -> {
                  Runnable unsubscribe =
                      events.subscribe(
                          change -> {
                            if (change.owner() == null || caller.canSee(change.owner())) {
                              emitter.emit(change);
                            }
                          });
                  emitter.onTermination(unsubscribe);
                })
            .onOverflow()
            .buffer(BUFFER)
            .map(
                change ->
                    sse.newEventBuilder()
                        .name(change.type())
                        .id(Long.toString(change.sequence()))
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(change.data())
                        .build());
    Multi<OutboundSseEvent> heartbeats =
        Multi.createFrom()
            .ticks()
            .every(config.events().heartbeat())
            .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
    OutboundSseEvent hello = sse.newEventBuilder().comment("connected").build();
    return Multi.createBy()
        .concatenating()
        .streams(
            Multi.createFrom().item(hello),
            Multi.createBy().merging().streams(changes, heartbeats));
  }
}
