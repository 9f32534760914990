package dev.taskmill.api;

/**
 * Page and size query parameters, parsed here rather than by JAX-RS so that {@code size=abc} is a
 * 400 that says what is wrong (JAX-RS answers a bad query parameter with a bare 404).
 */
public record Paging(int page, int size) {

  /** Largest page a client may ask for. */
  public static final int MAX_SIZE = 500;

  /** Default page size. */
  public static final int DEFAULT_SIZE = 50;

  /** Parses the two parameters; null or blank means the default. */
  public static Paging of(String page, String size) {
    int p = parse("page", page, 0);
    int s = parse("size", size, DEFAULT_SIZE);
    if (p < 0) {
      throw ProblemException.badRequest("page must be 0 or more, was " + p + ".");
    }
    if (s < 1 || s > MAX_SIZE) {
      throw ProblemException.badRequest(
          "size must be between 1 and " + MAX_SIZE + ", was " + s + ".");
    }
    return new Paging(p, s);
  }

  private static int parse(String name, String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest(name + " must be a whole number, was '" + value + "'.");
    }
  }

  /** How many items to skip. */
  public int offset() {
    return page * size;
  }
}
