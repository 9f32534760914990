package dev.taskmill.module;

/** A setup or self-test step failed; the message is the reason shown to users. */
public class SetupFailure extends Exception {

  public SetupFailure(String reason) {
    super(reason);
  }
}
