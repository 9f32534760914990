package dev.taskmill.module;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where ML libraries look for their models, all pointed at one cache folder that outlives tasks
 * (docs/decisions.md "Model cache"), and told never to download: nothing may at run time.
 */
final class ModelCache {

  private ModelCache() {}

  /** The variables a module process gets for the cache at {@code dir}. */
  static Map<String, String> variables(Path dir) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TASKMILL_MODEL_CACHE", dir.toString());
    // Hugging Face hub, transformers, diffusers, sentence-transformers, datasets, faster-whisper
    // (through the hub): HF_HOME holds the hub cache. TRANSFORMERS_CACHE is deprecated in favour
    // of HF_HOME and left out so the two cannot disagree.
    env.put("HF_HOME", dir.resolve("huggingface").toString());
    env.put("HF_HUB_OFFLINE", "1");
    env.put("TRANSFORMERS_OFFLINE", "1");
    env.put("HF_DATASETS_OFFLINE", "1");
    env.put("HF_HUB_DISABLE_TELEMETRY", "1");
    // torch.hub and torchvision weights.
    env.put("TORCH_HOME", dir.resolve("torch").toString());
    // Everything else that follows the XDG spec (pip's cache excluded: it is given PIP_* above).
    env.put("XDG_CACHE_HOME", dir.resolve("xdg").toString());
    // Matplotlib writes its font cache here instead of a read-only or shared home.
    env.put("MPLCONFIGDIR", dir.resolve("matplotlib").toString());
    return env;
  }
}
