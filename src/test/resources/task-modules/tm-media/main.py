"""tm-media: a test module whose input port takes AUDIO or VIDEO (and an optional VIDEO port). Reports the kind and size of
what it was given, so a test can check that either kind reaches run()."""
from taskmill import Fixture, Input, Kind, Module, Output, SelfTest


class MediaKinds(Module):
    name = "tm-media"
    version = "1.0.0"
    description = "Test module: accepts AUDIO or VIDEO and reports what it got."
    inputs = [Input("media", kind=[Kind.AUDIO, Kind.VIDEO]),
              Input("video", Kind.VIDEO, optional=True, description="Only for tests of a VIDEO port")]
    outputs = [Output("report", Kind.JSON)]
    timeout_seconds = 60

    def run(self, ctx):
        media = ctx.inputs["media"]
        ctx.write_json("report", {"kind": media.kind.value, "mediaType": media.media_type,
                                  "size": len(media.read_bytes())})

    def self_test(self):
        def check(outputs):
            report = outputs["report"].read_json()
            assert report == {"kind": "AUDIO", "mediaType": "audio/x-wav", "size": 4}, report

        return SelfTest(inputs={"media": Fixture.bytes(b"RIFF", "a.wav", "audio/x-wav")}, check=check)
