package dev.taskmill.data;

/** How a data item came to be. */
public enum DataOrigin {
  /** Uploaded or created inline by a client. */
  UPLOAD,
  /** Written by a task as one of its outputs. */
  TASK
}
