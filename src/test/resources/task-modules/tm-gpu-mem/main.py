"""tm-gpu-mem: a test module that declares 6144 MB of GPU memory (there is no GPU here: a test declares
one). Reports the GPU it was given and when it ran, after an optional sleep."""
import os
import time

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest


class GpuMemory(Module):
    name = "tm-gpu-mem"
    version = "1.0.0"
    description = "Test module: needs 6144 MB on one GPU; reports CUDA_VISIBLE_DEVICES."
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("report", Kind.JSON)]
    params = {
        "type": "object",
        "properties": {"sleep": {"type": "number", "minimum": 0, "maximum": 60, "default": 0}},
        "additionalProperties": False,
    }
    resources = Resources(gpu_memory_mb=6144)

    def run(self, ctx):
        started = time.time()
        time.sleep(ctx.params["sleep"])
        ctx.write_json("report", {"device": os.environ.get("CUDA_VISIBLE_DEVICES"),
                                  "started": started, "ended": time.time()})

    def self_test(self):
        def check(outputs):
            assert "device" in outputs["report"].read_json()

        return SelfTest(inputs={"text": Fixture.text("hi")}, check=check)
