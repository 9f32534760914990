package dev.taskmill.remote;

import dev.taskmill.failure.FieldError;
import dev.taskmill.failure.Invalid;
import dev.taskmill.instance.RemoteInstances;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a remote worker says about itself when it registers.
 *
 * @param workerId the id it had before (re-registering after a restart of either side), or null
 * @param modules the modules it has AVAILABLE: set up and self-tested there
 */
public record Registration(
    String workerId,
    String host,
    String version,
    List<String> labels,
    Integer capacity,
    Integer gpuFreeMb,
    List<RemoteInstances.ModuleCopy> modules) {

  static final int MAX_CAPACITY = 1024;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9._-]{1,64}");

  /** The labels as the claim compares them: trimmed, lower case, without repeats. */
  List<String> normalisedLabels() {
    return dev.taskmill.module.ModuleLabels.normalised(labels);
  }

  /**
   * Checks every field at once.
   *
   * @throws Invalid naming each field that is wrong
   */
  void check() {
    List<FieldError> errors = new ArrayList<>();
    if (workerId != null && !NAME.matcher(workerId).matches()) {
      errors.add(new FieldError("workerId", "1..100 letters, digits, '.', '_', ':' or '-'"));
    }
    if (host == null || !NAME.matcher(host).matches()) {
      errors.add(new FieldError("host", "required: 1..100 letters, digits, '.', '_', ':' or '-'"));
    }
    if (version != null && version.length() > 100) {
      errors.add(new FieldError("version", "at most 100 characters"));
    }
    if (capacity == null || capacity < 1 || capacity > MAX_CAPACITY) {
      errors.add(new FieldError("capacity", "required: tasks at once, 1.." + MAX_CAPACITY));
    }
    if (gpuFreeMb != null && gpuFreeMb < 0) {
      errors.add(new FieldError("gpuFreeMb", "0 or more"));
    }
    List<String> given = labels == null ? List.of() : labels;
    if (given.size() > 50) {
      errors.add(new FieldError("labels", "at most 50"));
    }
    for (String label : normalisedLabels()) {
      if (!LABEL.matcher(label).matches()) {
        errors.add(new FieldError("labels", "'" + label + "': 1..64 of a-z, 0-9, '.', '_' or '-'"));
      }
    }
    List<RemoteInstances.ModuleCopy> copies = modules == null ? List.of() : modules;
    if (copies.size() > 1000) {
      errors.add(new FieldError("modules", "at most 1000"));
    }
    for (int i = 0; i < copies.size(); i++) {
      RemoteInstances.ModuleCopy m = copies.get(i);
      if (m == null || m.name() == null || !NAME.matcher(m.name()).matches()) {
        errors.add(new FieldError("modules[" + i + "].name", "required: a module name"));
      } else if (m.version() != null && m.version().length() > 100) {
        errors.add(new FieldError("modules[" + i + "].version", "at most 100 characters"));
      } else if (m.checksum() == null || m.checksum().isBlank() || m.checksum().length() > 200) {
        errors.add(
            new FieldError(
                "modules[" + i + "].checksum",
                "required: the checksum of the module's files, as the central lists it"));
      }
    }
    if (!errors.isEmpty()) {
      throw new Invalid(errors);
    }
  }
}
