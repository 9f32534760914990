"""extract-audio: the sound track of a video as a PCM WAV file (16 kHz mono by default, for speech)."""
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

from taskmill.media import probe, read_wav_mono16, run_ffmpeg


class ExtractAudio(Module):
    name = "extract-audio"
    version = "1.0.0"
    description = "Extracts the audio track of a video as a 16-bit PCM WAV file (default 16 kHz mono, what speech recognition wants)."
    inputs = [Input("video", Kind.VIDEO, description="A video with an audio track (any container and codec FFmpeg reads).")]
    outputs = [Output("audio", Kind.AUDIO, media_type="audio/wav", description="16-bit PCM WAV.")]
    params = {
        "type": "object",
        "properties": {
            "sampleRate": {"type": "integer", "enum": [8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000],
                           "default": 16000, "description": "Sample rate of the WAV in Hz."},
            "channels": {"type": "integer", "minimum": 1, "maximum": 2, "default": 1,
                         "description": "1 (mono: channels are mixed down) or 2 (stereo)."},
            "audioTrack": {"type": "integer", "minimum": 0, "maximum": 31, "default": 0,
                           "description": "Which audio track of the video, counting from 0."},
        },
        "additionalProperties": False,
    }
    requirements = ["imageio-ffmpeg==0.8.1"]
    resources = Resources(cpu=1, memory_mb=256)
    timeout_seconds = 1800

    def run(self, ctx):
        source = ctx.inputs["video"].path
        rate, channels, track = ctx.params["sampleRate"], ctx.params["channels"], ctx.params["audioTrack"]
        ctx.progress(0.02, "probing")
        info = probe(source)
        if info["audio"] is None:
            raise ValueError("the video has no audio track")
        if track >= info["audioTracks"]:
            raise ValueError(f"the video has {info['audioTracks']} audio track(s), so there is no audioTrack {track} "
                             f"(tracks count from 0)")
        ctx.log.info("source: %s audio %s Hz, %s channel(s), %.2f s", info["audio"]["codec"],
                     info["audio"]["sampleRate"], info["audio"]["channels"], info["duration"] or 0)
        out = ctx.output_path("audio", f"{Path(source).stem}.wav")
        run_ffmpeg(["-i", source, "-map", f"0:a:{track}", "-vn", "-sn", "-dn", "-ac", channels, "-ar", rate,
                    "-c:a", "pcm_s16le", "-f", "wav", out],
                   ctx, info["duration"], 0.05, 1.0, "extracting audio")

    def self_test(self):
        def make_clip(path):
            # 2 s of colour bars with a 440 Hz stereo tone, MP4 (H.264 + AAC) like a phone video.
            run_ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=2",
                        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2",
                        "-ac", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                        str(path)])

        def check_format_and_length(outputs):
            samples, rate = read_wav_mono16(outputs["audio"].path)
            import wave

            with wave.open(str(outputs["audio"].path)) as w:
                assert w.getnchannels() == 1, f"expected mono, got {w.getnchannels()} channels"
            assert rate == 16000, f"expected 16000 Hz, got {rate}"
            seconds = len(samples) / rate
            assert 1.9 <= seconds <= 2.1, f"expected about 2 s of audio, got {seconds:.2f} s"

        def check_it_is_the_tone(outputs):
            samples, rate = read_wav_mono16(outputs["audio"].path)
            middle = samples[rate // 2: rate + rate // 2]  # 1 s from the middle, away from codec edges
            loud = max(abs(s) for s in middle)
            assert loud > 1000, f"expected the tone, but the audio is almost silent (peak {loud})"
            crossings = sum(1 for a, b in zip(middle, middle[1:]) if (a < 0) != (b < 0))
            freq = crossings / 2
            assert 420 <= freq <= 460, f"expected a 440 Hz tone, measured about {freq:.0f} Hz"

        return SelfTest(inputs={"video": Fixture.generate(make_clip, "tone.mp4", "video/mp4")},
                        checks=[check_format_and_length, check_it_is_the_tone])


if __name__ == "__main__":
    main()
