"""Input ports that accept several kinds: manifest, job files and self-test fixtures."""
from conftest import run_taskmill

MEDIA = '''
class Media(Module):
    name = "media"
    version = "1.0.0"
    inputs = [Input("media", kind=[Kind.AUDIO, "video", Kind.AUDIO]),
              Input("notes", [Kind.TEXT, Kind.JSON], optional=True),
              Input("any", Kind.FILE, optional=True)]
    outputs = [Output("seen", Kind.JSON)]

    def run(self, ctx):
        ctx.write_json("seen", {n: {"kind": v.kind.value, "mt": v.media_type, "value": v.value}
                                for n, v in ctx.inputs.items()})

    def self_test(self):
        def check(outputs):
            seen = outputs["seen"].read_json()
            assert seen["media"]["kind"] == "VIDEO", seen
            assert seen["notes"] == {"kind": "JSON", "mt": "application/json", "value": {"a": 1}}, seen

        return SelfTest(inputs={"media": Fixture.bytes(b"\\0\\0\\0\\x18ftypmp42", "clip.mp4"),
                                "notes": Fixture.json({"a": 1})}, check=check)
'''


def test_manifest_lists_every_kind_and_keeps_the_first_as_kind(module_dir):
    out = run_taskmill(module_dir(MEDIA), "describe")
    assert out.code == 0, out.stderr
    inputs = out.lines[0]["inputs"]
    assert inputs[0] == {"name": "media", "kind": "AUDIO", "kinds": ["AUDIO", "VIDEO"], "optional": False,
                         "mediaType": None, "description": ""}
    assert inputs[1]["kind"] == "TEXT" and inputs[1]["kinds"] == ["TEXT", "JSON"]
    assert inputs[2]["kinds"] == ["FILE"]
    assert out.lines[0]["outputs"][0]["kinds"] == ["JSON"]


def _seen(folder, job, inputs):
    path, out = job(inputs)
    outcome = run_taskmill(folder, "run", "--job", path)
    assert outcome.code == 0, outcome.stdout + outcome.stderr
    return outcome.result["outputs"]["seen"]["value"]


def test_job_gives_either_kind_and_run_sees_the_actual_one(module_dir, job, tmp_path):
    folder = module_dir(MEDIA)
    clip = tmp_path / "talk.wav"
    clip.write_bytes(b"RIFF")
    assert _seen(folder, job, {"media": {"kind": "AUDIO", "mediaType": "audio/wav", "path": str(clip)}})[
        "media"]["kind"] == "AUDIO"
    assert _seen(folder, job, {"media": {"kind": "VIDEO", "mediaType": "video/mp4", "path": str(clip)}})[
        "media"]["kind"] == "VIDEO"
    # Without a kind, the media type decides among the accepted kinds.
    assert _seen(folder, job, {"media": {"mediaType": "video/webm", "path": str(clip)}})["media"]["kind"] == "VIDEO"
    assert _seen(folder, job, {"media": {"path": str(clip)}})["media"]["kind"] == "AUDIO"
    seen = _seen(folder, job, {"media": {"path": str(clip)}, "notes": {"value": "plain words"}})
    assert seen["notes"] == {"kind": "TEXT", "mt": "text/plain", "value": "plain words"}


def test_a_file_port_takes_any_kind_and_reports_it(module_dir, job, tmp_path):
    clip = tmp_path / "a.wav"
    clip.write_bytes(b"RIFF")
    seen = _seen(module_dir(MEDIA), job, {"media": {"path": str(clip)},
                                          "any": {"kind": "VIDEO", "mediaType": "video/mp4", "path": str(clip)}})
    assert seen["any"]["kind"] == "VIDEO"


def test_a_kind_the_port_does_not_accept_is_a_contract_error(module_dir, job, tmp_path):
    clip = tmp_path / "a.txt"
    clip.write_text("hi")
    path, _ = job({"media": {"kind": "TEXT", "path": str(clip)}})
    outcome = run_taskmill(module_dir(MEDIA), "run", "--job", path)
    assert outcome.code == 2
    assert "declared as AUDIO or VIDEO, but was given kind 'TEXT'" in outcome.result["error"]


def test_self_test_fixture_on_a_multi_kind_port(module_dir):
    out = run_taskmill(module_dir(MEDIA), "test")
    assert out.code == 0, out.stdout + out.stderr
    assert out.result["ok"] is True, out.result


def test_single_kind_still_works_as_before(module_dir, job, tmp_path):
    from taskmill import Input, Kind
    assert Input("x", Kind.VIDEO).kinds == [Kind.VIDEO]
    assert Input("x", "video").kinds == [Kind.VIDEO]
    assert Input("x", ("AUDIO", Kind.VIDEO)).kinds == [Kind.AUDIO, Kind.VIDEO]
    assert Input("x", ["nope"]).kinds is None
