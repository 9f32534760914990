"""tm-resources: a test module for declared resources. Reports the environment a module process
gets (model cache, GPU), keeps a file in the model cache across tasks, and on request holds more
memory than it declares."""
import os
import time
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest

SEEN = ["CUDA_VISIBLE_DEVICES", "HF_HOME", "TORCH_HOME", "XDG_CACHE_HOME", "HF_HUB_OFFLINE",
        "TRANSFORMERS_OFFLINE", "TASKMILL_MODEL_CACHE"]


class ResourcesProbe(Module):
    name = "tm-resources"
    version = "1.0.0"
    description = "Test module: reports its environment, keeps a cache file, holds memory."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("report", Kind.JSON)]
    params = {
        "type": "object",
        "properties": {
            "holdMb": {"type": "integer", "minimum": 0, "default": 0},
            "cacheFile": {"type": "string", "pattern": "^[a-z0-9-]+$"},
        },
        "additionalProperties": False,
    }
    resources = Resources(memory_mb=96)
    timeout_seconds = 120

    def run(self, ctx):
        p = ctx.params
        report = {"env": {k: os.environ.get(k) for k in SEEN}}
        if p.get("cacheFile"):
            cached = Path(os.environ["HF_HOME"]) / p["cacheFile"]
            report["cachedBefore"] = cached.read_text() if cached.exists() else None
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(ctx.inputs["text"].read_text())
        if p["holdMb"]:
            held = b"x" * (p["holdMb"] << 20)  # written, so resident
            time.sleep(30)  # the service stops it long before this ends
            report["held"] = len(held)
        ctx.write_json("report", report)

    def self_test(self):
        def check(outputs):
            assert "env" in outputs["report"].read_json()

        return SelfTest(inputs={"text": Fixture.text("hi")}, check=check)
