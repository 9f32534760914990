"""The shipped example modules and the broken modules the service's tests rely on."""
import importlib.util
import json
import subprocess
import sys
import time

import pytest

from conftest import BROKEN, MODULES, run_taskmill, sdk_env

HAS_PIL = importlib.util.find_spec("PIL") is not None
needs_pil = pytest.mark.skipif(not HAS_PIL, reason="Pillow is not installed")


def test_text_stats_self_test():
    out = run_taskmill(MODULES / "text-stats", "test")
    assert out.code == 0, out.stdout + out.stderr
    assert [c["ok"] for c in out.result["checks"]] == [True, True]


def test_text_stats_run(job):
    path, _ = job({"text": {"kind": "TEXT", "mediaType": "text/plain", "value": "A a B\nb b c"}},
                  {"lowercase": False, "top": 2})
    out = run_taskmill(MODULES / "text-stats", "run", "--job", path)
    assert out.code == 0, out.stderr
    assert out.result["outputs"]["stats"]["value"] == {
        "words": 6, "lines": 2, "characters": 11, "uniqueWords": 5,
        "topWords": [{"word": "b", "count": 2}, {"word": "A", "count": 1}]}


def test_text_stats_can_be_started_as_script():
    out = run_taskmill(MODULES / "text-stats", "main.py", "describe", module=False)
    assert out.code == 0 and out.lines[0]["name"] == "text-stats"


def test_image_resize_describe_does_not_import_pillow(tmp_path):
    # A fake PIL that explodes on import proves describe never touches Pillow.
    (tmp_path / "PIL").mkdir()
    (tmp_path / "PIL" / "__init__.py").write_text("raise ImportError('PIL must not be imported by describe')")
    out = run_taskmill(MODULES / "image-resize", "describe", extra_path=tmp_path)
    assert out.code == 0, out.stdout + out.stderr
    m = out.lines[0]
    assert m["requirements"] == ["Pillow>=10"]
    assert m["params"]["anyOf"] == [{"required": ["width"]}, {"required": ["height"]}]
    assert m["params"]["properties"]["format"]["enum"] == ["png", "jpeg", "webp"]


@needs_pil
def test_image_resize_self_test():
    out = run_taskmill(MODULES / "image-resize", "test")
    assert out.code == 0, out.stdout + out.stderr
    assert out.result["checks"] == [{"name": "check_size_and_format", "ok": True, "message": ""}]
    fractions = [p["fraction"] for p in out.of_type("progress")]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


@needs_pil
@pytest.mark.parametrize("params, size, fmt, media_type", [
    ({"width": 50, "height": 50, "format": "jpeg"}, (50, 25), "JPEG", "image/jpeg"),
    ({"width": 50, "height": 50, "keepAspect": False, "format": "webp"}, (50, 50), "WEBP", "image/webp"),
    ({"height": 10}, (20, 10), "PNG", "image/png"),
    ({"width": 30, "keepAspect": False}, (30, 50), "PNG", "image/png"),
])
def test_image_resize_run(job, tmp_path, params, size, fmt, media_type):
    from PIL import Image

    src = tmp_path / "photo.png"
    Image.new("RGBA", (100, 50), (0, 128, 255, 128)).save(src)
    path, _ = job({"image": {"kind": "IMAGE", "mediaType": "image/png", "path": str(src)}}, params)
    out = run_taskmill(MODULES / "image-resize", "run", "--job", path)
    assert out.code == 0, out.stdout + out.stderr
    result = out.result["outputs"]["image"]
    assert result["mediaType"] == media_type
    with Image.open(result["path"]) as img:
        assert img.format == fmt and img.size == size


def test_image_resize_rejects_missing_size(job, tmp_path):
    src = tmp_path / "x.png"
    src.write_bytes(b"not really a png")
    path, _ = job({"image": {"path": str(src)}}, {"format": "png"})
    out = run_taskmill(MODULES / "image-resize", "run", "--job", path)
    assert out.code == 1
    assert out.result["error"] == "ValueError: give at least one of the params 'width' or 'height'"


def test_broken_syntax_error():
    out = run_taskmill(BROKEN / "syntax-error", "describe")
    assert out.code == 2 and "main.py has a syntax error at line" in out.result["error"]


def test_broken_no_class():
    out = run_taskmill(BROKEN / "no-class", "describe")
    assert out.code == 2 and out.result["error"] == "main.py defines no subclass of taskmill.Module"


def test_broken_failing_test():
    assert run_taskmill(BROKEN / "failing-test", "describe").code == 0
    out = run_taskmill(BROKEN / "failing-test", "test")
    assert out.code == 1
    assert out.result["checks"][0]["message"] == "expected 3 words in 'hello world', got 2"


def test_broken_bad_requirement_describes():
    out = run_taskmill(BROKEN / "bad-requirement", "describe")
    assert out.code == 0 and out.lines[0]["requirements"] == ["taskmill-no-such-package-xyz==9.9.9"]


def test_broken_slow_test_is_still_running_after_a_while():
    out = run_taskmill(BROKEN / "slow-test", "describe")
    assert out.code == 0 and out.lines[0]["timeoutSeconds"] == 5
    proc = subprocess.Popen([sys.executable, "-m", "taskmill", "test"], cwd=str(BROKEN / "slow-test"),
                            env=sdk_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, text=True)
    try:
        first = json.loads(proc.stdout.readline())  # progress arrives before the sleep
        assert first == {"type": "progress", "fraction": 0.0, "message": "sleeping for 600 s"}
        time.sleep(1)
        assert proc.poll() is None
    finally:
        proc.kill()
        proc.wait(timeout=10)
