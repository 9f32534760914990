package dev.taskmill.remote;

import java.time.Instant;
import java.util.List;

/**
 * What a remote worker gets with a claim: everything it needs to run the attempt and report it.
 *
 * @param params the task's parameters as JSON text (defaults applied at creation)
 * @param inputs the input items by port; inline items carry their text, files are read from the
 *     inputs endpoint
 * @param outputs the output ports the module declares, with the item each one fills
 */
public record ClaimedTask(
    String taskId,
    int attempt,
    String leaseToken,
    Instant leaseExpiresAt,
    String module,
    String moduleVersion,
    String moduleChecksum,
    String params,
    int timeoutSeconds,
    List<Input> inputs,
    List<Output> outputs) {

  /** One input item. {@code content} is the inline text, or null for a file to download. */
  public record Input(
      String port,
      String itemId,
      String name,
      String contentType,
      Long size,
      String sha256,
      boolean isFile,
      String content) {}

  /** One declared output port and the item it fills. */
  public record Output(
      String port, String itemId, String kind, String mediaType, boolean optional) {}
}
