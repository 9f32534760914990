package dev.taskmill.module;

/** A setup or self-test step failed; the message is the reason shown to users. */
class SetupFailure extends Exception {

  SetupFailure(String reason) {
    super(reason);
  }
}
