package dev.taskmill.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ${taskmill...}} property that a {@code @Scheduled} job reads is declared in {@link
 * TaskmillConfig}: the config mapping rejects undeclared {@code taskmill.*} properties at start-up,
 * so a documented interval that is not declared would stop the service when a user sets it.
 */
class ScheduledConfigTest {

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(taskmill\\.[a-z0-9.-]+)[:}]");

  @Test
  void everyScheduledIntervalIsADeclaredSetting() throws IOException {
    TreeSet<String> properties = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = EXPRESSION.matcher(Files.readString(file));
        while (m.find()) {
          properties.add(m.group(1));
        }
      }
    }
    assertThat(properties).as("the sources use scheduled intervals").hasSizeGreaterThan(5);
    List<String> undeclared = new ArrayList<>();
    for (String property : properties) {
      if (!declared(property)) {
        undeclared.add(property);
      }
    }
    assertThat(undeclared).as("properties missing from TaskmillConfig").isEmpty();
  }

  private static boolean declared(String property) {
    String[] parts = property.substring("taskmill.".length()).split("\\.");
    Class<?> type = TaskmillConfig.class;
    for (String part : parts) {
      Method method = method(type, camel(part));
      if (method == null) {
        return false;
      }
      type = method.getReturnType();
    }
    return true;
  }

  private static Method method(Class<?> type, String name) {
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == 0) {
        return method;
      }
    }
    return null;
  }

  private static String camel(String kebab) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : kebab.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}
