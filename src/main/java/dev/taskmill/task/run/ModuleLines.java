package dev.taskmill.task.run;

import dev.taskmill.module.ProtocolLine;

/** What an attempt's log and progress get from a module's messages during a run, cold or warm. */
final class ModuleLines {

  private ModuleLines() {}

  /**
   * Progress and log messages go to the channel as such; anything else (text, a message that means
   * nothing during a run) is kept as log text. On the reader thread: must not wait on the database.
   */
  static void follow(ProtocolLine line, String raw, AttemptChannel channel) {
    if (line instanceof ProtocolLine.Progress p) {
      channel.log(String.format("[%3.0f%%] %s", p.fraction() * 100, p.message()));
      channel.progress(p.fraction(), p.message());
    } else if (line instanceof ProtocolLine.Log l) {
      channel.log("[" + l.level() + "] " + l.message());
    } else {
      channel.log(raw);
    }
  }
}
