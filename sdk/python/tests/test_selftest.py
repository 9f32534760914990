from conftest import run_taskmill

FIXTURES = '''
import json

def make(path):
    path.write_text("generated", encoding="utf-8")

class Kinds(Module):
    name = "kinds"
    version = "1.0.0"
    inputs = [Input("t", Kind.TEXT), Input("j", Kind.JSON), Input("f", Kind.FILE),
              Input("b", Kind.IMAGE), Input("g", Kind.TEXT)]
    outputs = [Output("seen", Kind.JSON), Output("file", Kind.FILE)]
    params = {"type": "object", "properties": {"p": {"type": "string", "default": "dflt"}}}

    def run(self, ctx):
        print("noise")
        ctx.progress(0.5, "working")
        seen = {n: {"value": v.value, "path": v.path and v.path.name, "mt": v.media_type,
                    "kind": v.kind.value, "text": v.read_text() if n != "b" else v.read_bytes().hex()}
                for n, v in ctx.inputs.items()}
        seen["params"] = ctx.params
        ctx.write_json("seen", seen)
        ctx.output_path("file", "out.txt").write_text("done", encoding="utf-8")

    def self_test(self):
        def check_seen(outputs):
            seen = outputs["seen"].read_json()
            assert seen["t"] == {"value": "tx", "path": None, "mt": "text/plain", "kind": "TEXT", "text": "tx"}
            assert seen["j"]["value"] == {"k": [1, 2]} and seen["j"]["mt"] == "application/json"
            assert seen["f"] == {"value": None, "path": "data.csv", "mt": "text/csv", "kind": "FILE", "text": "a,b\\n"}
            assert seen["b"]["path"] == "pic.png" and seen["b"]["mt"] == "image/png" and seen["b"]["text"] == "89504e47"
            assert seen["g"]["text"] == "generated" and seen["g"]["mt"] == "text/plain"
            assert seen["params"] == {"x": 1, "p": "dflt"}

        def check_file(outputs):
            assert outputs["file"].read_text() == "done"
            assert outputs["file"].media_type == "text/plain"

        return SelfTest(
            inputs={"t": Fixture.text("tx"), "j": Fixture.json({"k": [1, 2]}), "f": Fixture.file("data.csv"),
                    "b": Fixture.bytes(b"\\x89PNG", "pic.png"), "g": Fixture.generate(make, "gen.txt")},
            params={"x": 1},
            checks=[check_seen, check_file],
        )
'''


def test_all_fixture_kinds_and_defaults(module_dir):
    folder = module_dir(FIXTURES)
    (folder / "data.csv").write_text("a,b\n", encoding="utf-8")
    out = run_taskmill(folder, "test")
    assert out.code == 0, out.stdout + out.stderr
    result = out.result
    assert result["ok"] is True and result["error"] is None
    assert result["checks"] == [{"name": "check_seen", "ok": True, "message": ""},
                                {"name": "check_file", "ok": True, "message": ""}]
    assert out.of_type("progress") == [{"type": "progress", "fraction": 0.5, "message": "working"}]
    assert "noise" in out.stderr
    assert (folder / "data.csv").read_text() == "a,b\n"  # fixture files are copied, not used in place


def test_work_dir_is_kept_when_given(module_dir, tmp_path):
    folder = module_dir(FIXTURES)
    (folder / "data.csv").write_text("a,b\n", encoding="utf-8")
    work = tmp_path / "w"
    out = run_taskmill(folder, "test", "--work-dir", str(work))
    assert out.code == 0
    assert out.result["outputs"]["file"]["path"] == str(work / "output" / "out.txt")
    assert (work / "output" / "out.txt").read_text() == "done"
    assert (work / "fixtures" / "g" / "gen.txt").is_file()


def test_missing_fixture_file(module_dir):
    out = run_taskmill(module_dir(FIXTURES), "test")
    assert out.code == 1
    assert "fixture file 'data.csv' for 'f' not found" in out.result["error"]


SIMPLE = '''
class Upper(Module):
    name = "upper"
    version = "1.0.0"
    inputs = [Input("text", Kind.TEXT)]
    outputs = [Output("text", Kind.TEXT)]

    def run(self, ctx):
        if ctx.params.get("fail"):
            raise RuntimeError("run broke")
        if not ctx.params.get("skip"):
            ctx.write_text("text", ctx.inputs["text"].read_text().upper())

    def self_test(self):
        return SelfTest(inputs=INPUTS, params=PARAMS, check=CHECK, checks=CHECKS)
'''


def _simple(module_dir, inputs='{"text": Fixture.text("abc")}', params="{}", check="None", checks="None"):
    return module_dir(f"INPUTS = {inputs}\nPARAMS = {params}\nCHECK = {check}\nCHECKS = {checks}\n"
                      + SIMPLE)


def test_single_check_and_bare_assert_message(module_dir):
    folder = _simple(module_dir, check='lambda o: None',
                     checks='[lambda o: None]')
    out = run_taskmill(folder, "test")
    assert out.code == 0
    assert [c["name"] for c in out.result["checks"]] == ["check1", "check2"]

    folder = module_dir('def check(outputs):\n    value = outputs["text"].value\n    assert value == "abc"\n'
                        'INPUTS = {"text": Fixture.text("abc")}\nPARAMS = {}\nCHECK = check\nCHECKS = None\n'
                        + SIMPLE)
    out = run_taskmill(folder, "test")
    assert out.code == 1
    assert out.result["checks"] == [{"name": "check", "ok": False,
                                     "message": 'assertion failed: assert value == "abc"'}]
    assert out.result["error"] == '1 of 1 check(s) failed: check: assertion failed: assert value == "abc"'


def test_check_raising_other_exception(module_dir):
    out = run_taskmill(_simple(module_dir, check='lambda o: o["missing"]'), "test")
    assert out.code == 1
    assert out.result["checks"][0]["message"] == "KeyError: 'missing'"


def test_run_failure_in_self_test(module_dir):
    out = run_taskmill(_simple(module_dir, params='{"fail": True}'), "test")
    assert out.code == 1
    assert out.result["error"] == "RuntimeError: run broke" and out.result["checks"] == []
    assert "Traceback" in out.result["traceback"]


def test_missing_output_in_self_test(module_dir):
    out = run_taskmill(_simple(module_dir, params='{"skip": True}'), "test")
    assert out.code == 1 and out.result["error"] == "required output 'text' was not produced"


def test_bad_self_test_definitions(module_dir):
    cases = [
        ('{}', "no fixture for the required input 'text'"),
        ('{"text": Fixture.text("a"), "other": Fixture.text("b")}', "'other', which is not a declared input"),
        ('{"text": "plain string"}', "must be a Fixture"),
        ('{"text": Fixture.json({"a": 1})}', "inline value must be a string"),
    ]
    for inputs, expected in cases:
        out = run_taskmill(_simple(module_dir, inputs=inputs), "test")
        assert out.code == 1, inputs
        assert expected in out.result["error"], out.result["error"]


def test_module_without_self_test(module_dir):
    out = run_taskmill(module_dir('''
        class NoTest(Module):
            name = "no-test"
            version = "1.0.0"
            outputs = [Output("o", Kind.TEXT)]
            def run(self, ctx):
                ctx.write_text("o", "x")
    '''), "test")
    assert out.code == 1 and "does not define self_test()" in out.result["error"]
