package dev.taskmill.config;

/** The roles of {@code taskmill.role}. */
public enum InstanceRole {
  ALL,
  API,
  WORKER;

  /** Whether this role sets up modules and runs tasks. */
  public boolean runsTasks() {
    return this != API;
  }

  /** Whether this role serves {@code /api/v1}. */
  public boolean servesApi() {
    return this != WORKER;
  }
}
