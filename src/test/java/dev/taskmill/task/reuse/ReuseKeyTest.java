package dev.taskmill.task.reuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.data.DataItem;
import dev.taskmill.data.DataKind;
import dev.taskmill.module.Module;
import dev.taskmill.task.model.Task;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What a result depends on, and what it does not. */
class ReuseKeyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Module module() {
    Module module = new Module();
    module.name = "tm-echo";
    module.version = "1.0.0";
    module.checksum = "c0ffee";
    return module;
  }

  private static Task task(String params, String... portAndItem) {
    Task task = new Task();
    task.reuse = true;
    task.params = params;
    for (int i = 0; i < portAndItem.length; i += 2) {
      task.inputs.put(portAndItem[i], portAndItem[i + 1]);
    }
    return task;
  }

  private static DataItem item(String id, String sha256) {
    DataItem item = new DataItem();
    item.id = id;
    item.kind = DataKind.TEXT;
    item.mediaType = "text/plain";
    item.sha256 = sha256;
    return item;
  }

  private static final Map<String, DataItem> ITEMS =
      Map.of("i1", item("i1", "aaa"), "i2", item("i2", "bbb"), "i3", item("i3", "aaa"));

  private static String key(Task task, Module module) {
    return ReuseKey.of(task, module, ITEMS, JSON).orElseThrow();
  }

  private static String key(Task task) {
    return key(task, module());
  }

  private static String changedModule(Consumer<Module> change) {
    Module module = module();
    change.accept(module);
    return key(task("{}", "text", "i1"), module);
  }

  @Test
  void paramsInAnotherKeyOrderAndInputsInOtherItemsWithTheSameContentGiveTheSameKey() {
    String key = key(task("{\"a\":1,\"b\":{\"y\":[1,2],\"x\":\"s\"}}", "text", "i1", "x", "i2"));
    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(key(task("{\"b\":{\"x\":\"s\",\"y\":[1,2]},\"a\":1}", "x", "i2", "text", "i3")))
        .isEqualTo(key);
  }

  @Test
  void everythingTheModuleSeesChangesTheKey() {
    String key = key(task("{\"a\":1}", "text", "i1"));
    assertThat(key(task("{\"a\":2}", "text", "i1"))).isNotEqualTo(key);
    assertThat(key(task("{\"a\":[1]}", "text", "i1"))).isNotEqualTo(key);
    assertThat(key(task("{\"a\":1}", "text", "i2"))).isNotEqualTo(key);
    assertThat(key(task("{\"a\":1}", "other", "i1"))).isNotEqualTo(key);
    String base = changedModule(m -> {});
    assertThat(changedModule(m -> m.version = "1.0.1")).isNotEqualTo(base);
    assertThat(changedModule(m -> m.checksum = "decaf")).isNotEqualTo(base);
    assertThat(changedModule(m -> m.name = "tm-other")).isNotEqualTo(base);
    DataItem json = item("i1", "aaa");
    json.kind = DataKind.JSON;
    json.mediaType = "application/json";
    assertThat(ReuseKey.of(task("{}", "text", "i1"), module(), Map.of("i1", json), JSON))
        .get()
        .isNotEqualTo(base);
  }

  @Test
  void fieldsCannotRunIntoEachOther() {
    // Joined by line breaks alone, both would read "1.0\n0x\nabc".
    Module a = module();
    a.version = "1.0\n0x";
    a.checksum = "abc";
    Module b = module();
    b.version = "1.0";
    b.checksum = "0x\nabc";
    assertThat(key(task("{}"), a)).isNotEqualTo(key(task("{}"), b));
  }

  @Test
  void noKeyWhenReuseIsNotAskedTheModuleRefusesOrAnInputHasNoDigest() {
    Task notAsked = task("{}", "text", "i1");
    notAsked.reuse = false;
    assertThat(ReuseKey.of(notAsked, module(), ITEMS, JSON)).isEmpty();
    Module refuses = module();
    refuses.reusable = false;
    assertThat(ReuseKey.of(task("{}", "text", "i1"), refuses, ITEMS, JSON)).isEmpty();
    assertThat(ReuseKey.of(task("{}", "text", "missing"), module(), ITEMS, JSON)).isEmpty();
    assertThat(
            ReuseKey.of(task("{}", "text", "i9"), module(), Map.of("i9", item("i9", null)), JSON))
        .isEmpty();
  }
}
