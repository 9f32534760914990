package dev.taskmill.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of {@code dev.taskmill} depend on each other, directly or around a loop: each
 * package can be read, tested and changed on top of the ones below it. The graph comes from the
 * compiled classes (every class a class file names: fields, signatures, calls, annotations), so
 * fully qualified names in code count and comments do not.
 *
 * <p>Run alone, it prints the graph's cycles with the classes behind each edge: {@code ./mvnw -B -q
 * test -DskipPyTests -DskipWebui -DskipUiTests -Dspotless.check.skip=true
 * -Dtest=PackageCyclesTest}.
 */
class PackageCyclesTest {

  private static final Path CLASSES = Path.of("target/classes");

  // A class name in a class file's constant pool: dev/taskmill/<package path>/<Class>.
  private static final Pattern REFERENCE =
      Pattern.compile("dev/taskmill/((?:[a-z_][a-z0-9_]*/)+)([A-Z][A-Za-z0-9_$]*)");

  /** Package -> package it uses -> the class-level uses behind that edge. */
  record Graph(Map<String, Map<String, Set<String>>> edges) {

    Set<String> uses(String pkg) {
      return edges.getOrDefault(pkg, Map.of()).keySet();
    }
  }

  @Test
  void packagesDoNotDependOnEachOtherInCycles() {
    Graph graph = scan(CLASSES);
    List<Set<String>> cycles = cycles(graph);
    String report = describe(graph, cycles);
    System.out.println(report);
    assertThat(cycles).as(report).isEmpty();
  }

  @Test
  void theScanSeesTheClassesAndTheirUses() {
    // Guards the test above from passing because it looked in the wrong place.
    Graph graph = scan(CLASSES);
    assertThat(graph.edges().keySet()).contains("dev.taskmill.task", "dev.taskmill.api");
    assertThat(graph.uses("dev.taskmill.api")).contains("dev.taskmill.task", "dev.taskmill.data");
  }

  @Test
  void findsEveryCycleAndOnlyCycles() {
    Graph graph =
        graph(
            "a", "b", //
            "b", "c",
            "c", "a",
            "c", "d",
            "d", "e",
            "e", "d",
            "f", "a");
    assertThat(cycles(graph)).containsExactlyInAnyOrder(Set.of("a", "b", "c"), Set.of("d", "e"));
    assertThat(shortestLoop(graph, Set.of("a", "b", "c"), "a")).containsExactly("a", "b", "c", "a");
    assertThat(cycles(graph("a", "b", "b", "c", "a", "c"))).isEmpty();
  }

  private static Graph graph(String... pairs) {
    Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      edges
          .computeIfAbsent(pairs[i], k -> new TreeMap<>())
          .put(pairs[i + 1], Set.of(pairs[i] + " -> " + pairs[i + 1]));
    }
    return new Graph(edges);
  }

  static Graph scan(Path classes) {
    Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String from = packageOf(classes.relativize(file).getParent().toString().replace('\\', '/'));
        String fromClass = outerClass(file.getFileName().toString().replace(".class", ""));
        Map<String, Set<String>> uses = edges.computeIfAbsent(from, k -> new TreeMap<>());
        // Class names in the constant pool are (modified) UTF-8; these are plain ASCII.
        String pool = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Matcher m = REFERENCE.matcher(pool);
        while (m.find()) {
          String to = packageOf("dev/taskmill/" + m.group(1));
          if (!to.equals(from)) {
            uses.computeIfAbsent(to, k -> new TreeSet<>())
                .add(fromClass + " -> " + outerClass(m.group(2)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Graph(edges);
  }

  private static String packageOf(String path) {
    return path.replaceAll("/+$", "").replace('/', '.');
  }

  private static String outerClass(String name) {
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }

  /** The strongly connected components with more than one package (Tarjan's algorithm). */
  static List<Set<String>> cycles(Graph graph) {
    Set<String> nodes = new TreeSet<>(graph.edges().keySet());
    graph.edges().values().forEach(m -> nodes.addAll(m.keySet()));
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> components = new ArrayList<>();
    for (String node : nodes) {
      if (!index.containsKey(node)) {
        connect(graph, node, index, low, stack, onStack, components);
      }
    }
    return components.stream().filter(c -> c.size() > 1).toList();
  }

  private static void connect(
      Graph graph,
      String node,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> components) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (String next : graph.uses(node)) {
      if (!index.containsKey(next)) {
        connect(graph, next, index, low, stack, onStack, components);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      components.add(component);
    }
  }

  /** The shortest path from {@code start} back to itself inside {@code component}. */
  static List<String> shortestLoop(Graph graph, Set<String> component, String start) {
    Map<String, String> cameFrom = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String node = queue.poll();
      for (String next : graph.uses(node)) {
        if (!component.contains(next)) {
          continue;
        }
        if (next.equals(start)) {
          List<String> loop = new ArrayList<>(List.of(start));
          for (String at = node; !at.equals(start); at = cameFrom.get(at)) {
            loop.add(1, at);
          }
          loop.add(start);
          return loop;
        }
        if (!cameFrom.containsKey(next)) {
          cameFrom.put(next, node);
          queue.add(next);
        }
      }
    }
    throw new IllegalStateException(start + " is on no loop in " + component);
  }

  private static String describe(Graph graph, List<Set<String>> cycles) {
    StringBuilder out = new StringBuilder();
    out.append(cycles.size()).append(" package cycle(s) in dev.taskmill\n");
    for (Set<String> component : cycles) {
      out.append("\ncycle: ").append(String.join(" ", component)).append('\n');
      for (String pkg : component) {
        out.append("  loop: ")
            .append(String.join(" -> ", shortestLoop(graph, component, pkg)))
            .append('\n');
      }
      for (String from : component) {
        for (String to : graph.uses(from)) {
          if (component.contains(to)) {
            Set<String> why = graph.edges().get(from).get(to);
            out.append("  ")
                .append(from)
                .append(" -> ")
                .append(to)
                .append(": ")
                .append(why.stream().limit(6).collect(Collectors.joining(", ")))
                .append(why.size() > 6 ? ", ... (" + why.size() + ")" : "")
                .append('\n');
          }
        }
      }
    }
    return out.toString();
  }
}
