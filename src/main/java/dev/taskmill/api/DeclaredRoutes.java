package dev.taskmill.api;

import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's addresses as its resource classes declare them, so a 405 can say which methods an
 * address allows ({@code Allow}, RFC 9110 §15.5.6) and a 415 which content types it accepts: the
 * router that refuses such a request says neither. Read once from the resource classes'
 * annotations, so a new endpoint is known without being listed anywhere.
 */
final class DeclaredRoutes {

  /** One resource method: its address as a pattern, its HTTP method, what bodies it reads. */
  record Route(Pattern address, String method, List<String> consumes) {}

  private static final Pattern PARAMETER = Pattern.compile("\\{\\s*\\w+\\s*(?::\\s*([^}]*))?}");

  private static volatile DeclaredRoutes declared;

  private final List<Route> routes;

  DeclaredRoutes(Collection<Class<?>> resources) {
    List<Route> found = new ArrayList<>();
    for (Class<?> resource : resources) {
      Path base = resource.getAnnotation(Path.class);
      if (base == null) {
        continue;
      }
      Consumes classConsumes = resource.getAnnotation(Consumes.class);
      for (Method method : resource.getMethods()) {
        String verb = httpMethod(method);
        if (verb == null) {
          continue;
        }
        Path sub = method.getAnnotation(Path.class);
        Consumes consumes = method.getAnnotation(Consumes.class);
        if (consumes == null) {
          consumes = classConsumes;
        }
        found.add(
            new Route(
                pattern(join(base.value(), sub == null ? "" : sub.value())),
                verb,
                consumes == null ? List.of() : Arrays.asList(consumes.value())));
      }
    }
    this.routes = List.copyOf(found);
  }

  /** The routes of the running application's resource beans, read on first use. */
  static DeclaredRoutes ofApplication() {
    DeclaredRoutes routes = declared;
    if (routes == null) {
      List<Class<?>> resources =
          Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE).stream()
              .map(Bean::getBeanClass)
              .filter(type -> type.isAnnotationPresent(Path.class))
              .distinct()
              .toList();
      routes = new DeclaredRoutes(resources);
      declared = routes;
    }
    return routes;
  }

  /**
   * The methods {@code path} allows, sorted; HEAD wherever GET is (JAX-RS answers it) and OPTIONS
   * everywhere. Empty when no resource declares the address.
   */
  Set<String> allowedMethods(String path) {
    Set<String> methods = new TreeSet<>();
    for (Route route : routes) {
      if (route.address().matcher(path).matches()) {
        methods.add(route.method());
        if (route.method().equals("GET")) {
          methods.add("HEAD");
        }
      }
    }
    if (!methods.isEmpty()) {
      methods.add("OPTIONS");
    }
    return methods;
  }

  /** The content types {@code method} on {@code path} reads, sorted. */
  Set<String> accepted(String path, String method) {
    Set<String> types = new TreeSet<>();
    for (Route route : routes) {
      if (route.method().equals(method) && route.address().matcher(path).matches()) {
        types.addAll(route.consumes());
      }
    }
    return types;
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  private static String join(String base, String sub) {
    String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/")
        ? joined.substring(0, joined.length() - 1)
        : joined;
  }

  /** A JAX-RS path template as a pattern: {@code {id}} is one segment, {@code {id: re}} is re. */
  static Pattern pattern(String template) {
    StringBuilder regex = new StringBuilder();
    Matcher parameter = PARAMETER.matcher(template);
    int at = 0;
    while (parameter.find()) {
      regex.append(Pattern.quote(template.substring(at, parameter.start())));
      String own = parameter.group(1);
      regex.append('(').append(own == null ? "[^/]+" : own.strip()).append(')');
      at = parameter.end();
    }
    regex.append(Pattern.quote(template.substring(at)));
    return Pattern.compile(regex + "/?");
  }
}
