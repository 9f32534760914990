package dev.taskmill.failure;

import java.util.List;

/** Well-formed but invalid content (422), naming each invalid field when known. */
public class Invalid extends RuntimeException {

  private final List<FieldError> errors;

  public Invalid(String detail) {
    super(detail);
    this.errors = null;
  }

  /** The detail joins the fields' messages. */
  public Invalid(List<FieldError> errors) {
    super(joined(errors));
    this.errors = List.copyOf(errors);
  }

  /** One invalid field: the detail is {@code field: message.} */
  public static Invalid field(String field, String message) {
    return new Invalid(List.of(new FieldError(field, message)));
  }

  /** The invalid fields, or null. */
  public List<FieldError> errors() {
    return errors;
  }

  private static String joined(List<FieldError> errors) {
    StringBuilder detail = new StringBuilder();
    for (FieldError error : errors) {
      if (!detail.isEmpty()) {
        detail.append("; ");
      }
      detail.append(error.field()).append(": ").append(error.message());
    }
    return detail + ".";
  }
}
