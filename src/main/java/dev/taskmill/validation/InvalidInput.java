package dev.taskmill.validation;

/**
 * A value a client sent that breaks one of the service's input rules (a limit, or text that is not
 * valid Unicode); answered as a 422 problem that names the field. Lives outside the API package so
 * the domain can throw it without depending on the HTTP layer.
 */
public class InvalidInput extends RuntimeException {

  private final String field;

  public InvalidInput(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The request field at fault, e.g. {@code metadata} or {@code steps.resize.params}. */
  public String field() {
    return field;
  }
}
