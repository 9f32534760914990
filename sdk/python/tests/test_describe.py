import pytest

from conftest import run_taskmill

ECHO = '''
class Echo(Module):
    name = "echo"
    version = "1.2.3"
    description = "Echoes text."
    inputs = [Input("text", Kind.TEXT), Input("extra", "json", optional=True, media_type="application/json")]
    outputs = [Output("text", Kind.TEXT, media_type="text/plain", description="same text")]
    params = {"type": "object", "properties": {"n": {"type": "integer", "default": 2}}}
    requirements = ["Pillow>=10"]
    resources = Resources(cpu=2, memory_mb=512, gpu=True)
    timeout_seconds = 60

    def run(self, ctx):
        ctx.write_text("text", ctx.inputs["text"].read_text())
'''


def test_manifest_shape(module_dir):
    out = run_taskmill(module_dir(ECHO), "describe")
    assert out.code == 0, out.stderr
    assert len(out.lines) == 1
    assert out.lines[0] == {
        "type": "manifest", "protocol": 2, "name": "echo", "version": "1.2.3", "description": "Echoes text.",
        "inputs": [
            {"name": "text", "kind": "TEXT", "kinds": ["TEXT"], "optional": False, "mediaType": None, "description": ""},
            {"name": "extra", "kind": "JSON", "kinds": ["JSON"], "optional": True, "mediaType": "application/json", "description": ""},
        ],
        "outputs": [{"name": "text", "kind": "TEXT", "kinds": ["TEXT"], "optional": False, "mediaType": "text/plain",
                     "description": "same text"}],
        "params": {"type": "object", "properties": {"n": {"type": "integer", "default": 2}}},
        "requirements": ["Pillow>=10"],
        "resources": {"cpu": 2, "memoryMb": 512, "gpu": True, "gpuMemoryMb": 0},
        "timeoutSeconds": 60,
        "warm": True, "maxTasksPerWorker": None, "workerIdleSeconds": None, "reusable": True,
        "maxConcurrent": None, "labels": [],
    }


def test_defaults_of_base_class(module_dir):
    out = run_taskmill(module_dir('''
        class Minimal(Module):
            name = "minimal"
            version = "0.1.0"
            outputs = [Output("o", Kind.FILE)]
            def run(self, ctx):
                pass
    '''), "describe")
    m = out.lines[0]
    assert out.code == 0
    assert m["params"] == {"type": "object", "properties": {}}
    assert m["requirements"] == [] and m["inputs"] == []
    assert m["resources"] == {"cpu": 1, "memoryMb": 256, "gpu": False, "gpuMemoryMb": 0}
    assert m["timeoutSeconds"] == 300 and m["description"] == ""


def test_gpu_memory_is_declared_and_implies_a_gpu(module_dir):
    source = ECHO.replace('    timeout_seconds = 60',
                          '    timeout_seconds = 60\n    resources = Resources(gpu_memory_mb=6144)')
    out = run_taskmill(module_dir(source), "describe")
    assert out.code == 0
    assert out.lines[0]["resources"] == {"cpu": 1, "memoryMb": 256, "gpu": True, "gpuMemoryMb": 6144}


def test_a_non_deterministic_module_declares_itself_not_reusable(module_dir):
    source = ECHO.replace('    timeout_seconds = 60', '    timeout_seconds = 60\n    reusable = False')
    out = run_taskmill(module_dir(source), "describe")
    assert out.code == 0
    assert out.lines[0]["reusable"] is False


def test_max_concurrent_is_declared(module_dir):
    source = ECHO.replace('    timeout_seconds = 60', '    timeout_seconds = 60\n    max_concurrent = 2')
    out = run_taskmill(module_dir(source), "describe")
    assert out.code == 0
    assert out.lines[0]["maxConcurrent"] == 2


def test_labels_are_declared(module_dir):
    source = ECHO.replace('    timeout_seconds = 60', '    timeout_seconds = 60\n    labels = ["edge", "camera-3"]')
    out = run_taskmill(module_dir(source), "describe")
    assert out.code == 0
    assert out.lines[0]["labels"] == ["edge", "camera-3"]


def test_print_at_import_and_in_describe_stays_off_stdout(module_dir):
    out = run_taskmill(module_dir('import os\nprint("hello from import")\nos.system("echo child-process")\n'
                                  + ECHO), "describe")
    assert out.code == 0
    assert [m["type"] for m in out.lines] == ["manifest"]
    assert "hello from import" in out.stderr and "child-process" in out.stderr


@pytest.mark.parametrize("patch, expected", [
    ('name = "Bad_Name"', "name 'Bad_Name' must be lowercase"),
    ('outputs = []', "at least one Output"),
    ('outputs = [Output("a", Kind.TEXT), Output("a", Kind.JSON)]', "port name 'a' twice"),
    ('inputs = [Input("x", "PICTURE")]', "kind 'PICTURE'"),
    ('inputs = [Input("x", [Kind.AUDIO, "PICTURE"])]', "kind [<Kind.AUDIO: 'AUDIO'>, 'PICTURE']"),
    ('inputs = [Input("x", [])]', "port 'x' has an empty kind list"),
    ('outputs = [Output("o", [Kind.IMAGE, Kind.VIDEO])]', "an output has exactly one kind"),
    ('params = {"type": "array"}', "params must be a JSON Schema object"),
    ('timeout_seconds = 0', "timeout_seconds must be a positive integer"),
    ('version = ""', "version must be a non-empty string"),
    ('resources = Resources(cpu=0.5)', "resources.cpu must be a positive integer"),
    ('resources = Resources(gpu_memory_mb=-1)', "resources.gpu_memory_mb must be a whole number"),
    ('reusable = "no"', "reusable must be True or False"),
    ('max_concurrent = 0', "max_concurrent must be a positive integer or None"),
    ('labels = ["Edge Box"]', "labels must be a list of labels"),
    ('labels = "edge"', "labels must be a list of labels"),
])
def test_invalid_class_is_a_contract_error(module_dir, patch, expected):
    source = ECHO.replace('    timeout_seconds = 60', '    timeout_seconds = 60\n    ' + patch)
    out = run_taskmill(module_dir(source), "describe")
    assert out.code == 2
    assert out.result["ok"] is False and expected in out.result["error"], out.result["error"]


def test_import_of_missing_requirement_is_explained(module_dir):
    out = run_taskmill(module_dir("import taskmill_missing_dep_xyz\n" + ECHO), "describe")
    assert out.code == 2
    assert out.result["error"] == (
        "main.py imports 'taskmill_missing_dep_xyz' at module level, but requirements are installed "
        "only after describe; import it inside run() or self_test()")


def test_syntax_error(module_dir):
    out = run_taskmill(module_dir("def broken(:\n    pass\n"), "describe")
    assert out.code == 2
    assert "syntax error at line 2" in out.result["error"]


def test_exception_at_import(module_dir):
    out = run_taskmill(module_dir('raise RuntimeError("boom")\n'), "describe")
    assert out.code == 2
    assert "raised RuntimeError while being imported: boom" in out.result["error"]
    assert "Traceback" in out.result["traceback"]


def test_no_class_and_several_classes(module_dir):
    out = run_taskmill(module_dir("x = 1\n"), "describe")
    assert out.code == 2 and "defines no subclass of taskmill.Module" in out.result["error"]
    two = ECHO + ECHO.replace("class Echo", "class Echo2")
    out = run_taskmill(module_dir(two), "describe")
    assert out.code == 2 and "several Module subclasses (Echo, Echo2)" in out.result["error"]


def test_imported_and_abstract_subclasses(module_dir):
    out = run_taskmill(module_dir('''
        class Base(Module):
            name = "base"
    '''), "describe")
    assert out.code == 2 and "does not implement run" in out.result["error"]


def test_missing_main_py(tmp_path):
    out = run_taskmill(tmp_path, "describe")
    assert out.code == 2 and "main.py not found" in out.result["error"]


def test_module_file_option(module_dir):
    folder = module_dir(ECHO, filename="other.py")
    out = run_taskmill(folder, "describe", "--module-file", "other.py")
    assert out.code == 0 and out.lines[0]["name"] == "echo"
    out = run_taskmill(folder, "--module-file", str(folder / "other.py"), "describe")
    assert out.code == 0 and out.lines[0]["name"] == "echo"


def test_python_main_py_describe(module_dir):
    folder = module_dir(ECHO + '\nif __name__ == "__main__":\n    main()\n')
    out = run_taskmill(folder, "main.py", "describe", module=False)
    assert out.code == 0 and out.lines[0]["name"] == "echo"


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["run"], ["test", "--bogus"]])
def test_usage_errors(module_dir, args):
    out = run_taskmill(module_dir(ECHO), *args)
    assert out.code == 2
    assert out.stdout == ""
    assert "usage:" in out.stderr


def test_help_goes_to_stderr(module_dir):
    out = run_taskmill(module_dir(ECHO), "--help")
    assert out.code == 0 and out.stdout == "" and "describe" in out.stderr
