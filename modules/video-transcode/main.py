"""video-transcode: any video to a web-friendly H.264/AAC MP4, optionally scaled and trimmed."""
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

from taskmill.media import probe, run_ffmpeg

PRESETS = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower"]


class VideoTranscode(Module):
    name = "video-transcode"
    version = "1.0.0"
    description = ("Converts a video to H.264/AAC MP4 that every browser plays (yuv420p, fast start), "
                   "optionally scaled to a height and trimmed to start/end times.")
    inputs = [Input("video", Kind.VIDEO, description="The video (any container and codec FFmpeg reads).")]
    outputs = [Output("video", Kind.VIDEO, media_type="video/mp4", description="H.264/AAC MP4.")]
    params = {
        "type": "object",
        "properties": {
            "height": {"type": "integer", "minimum": 16, "maximum": 4320,
                       "description": "Output height in pixels (width follows the aspect ratio); default: unchanged. Never enlarges."},
            "crf": {"type": "integer", "minimum": 0, "maximum": 51, "default": 23,
                    "description": "H.264 quality: lower is better and larger (18-28 is usual)."},
            "preset": {"type": "string", "enum": PRESETS, "default": "veryfast",
                       "description": "x264 speed/size trade-off."},
            "start": {"type": "number", "minimum": 0, "description": "Keep from this many seconds in."},
            "end": {"type": "number", "exclusiveMinimum": 0, "description": "Keep up to this many seconds in."},
            "audioBitrate": {"type": "integer", "minimum": 32, "maximum": 512, "default": 128,
                             "description": "AAC bit rate in kbit/s."},
        },
        "additionalProperties": False,
    }
    requirements = ["imageio-ffmpeg==0.8.1"]
    resources = Resources(cpu=2, memory_mb=1536)
    timeout_seconds = 7200

    def run(self, ctx):
        p = ctx.params
        source = ctx.inputs["video"].path
        start, end = p.get("start"), p.get("end")
        if start is not None and end is not None and end <= start:
            raise ValueError(f"end ({end} s) must be after start ({start} s)")
        ctx.progress(0.01, "probing")
        info = probe(source)
        video = info["video"]
        if video is None or video["still"]:
            raise ValueError("the input has no video stream")
        duration = info["duration"] or 0.0
        if start is not None and duration and start >= duration:
            raise ValueError(f"start ({start} s) is at or past the end of the {duration:.2f} s video")
        t0 = start or 0.0
        t1 = min(end, duration) if end is not None and duration else (end or duration)
        filters = []
        if p.get("height") and video["height"] and p["height"] < video["height"]:
            filters.append(f"scale=-2:{p['height']}:flags=lanczos")
        else:
            filters.append("scale=trunc(iw/2)*2:trunc(ih/2)*2")  # yuv420p needs even sizes
        filters.append("format=yuv420p")
        trim = (["-ss", f"{t0:.3f}"] if start else []) + (["-to", f"{t1:.3f}"] if end is not None else [])
        out = ctx.output_path("video", f"{Path(source).stem}.mp4")
        ctx.log.info("%s %sx%s %.2f s -> H.264 crf %d %s, %.2f..%.2f s", video["codec"], video["width"],
                     video["height"], duration, p["crf"], filters[0], t0, t1)
        # -ss/-to as output options: frame-accurate cuts (decoding from the start costs some time).
        run_ffmpeg(["-i", source] + trim + ["-map", "0:v:0", "-map", "0:a:0?", "-vf", ",".join(filters),
                    "-c:v", "libx264", "-preset", p["preset"], "-crf", p["crf"], "-profile:v", "high",
                    "-c:a", "aac", "-b:a", f"{p['audioBitrate']}k", "-movflags", "+faststart", "-sn", "-dn", out],
                   ctx, (t1 - t0) if t1 else None, 0.03, 1.0, "encoding")

    def self_test(self):
        def make_clip(path):
            # 3 s, 320x240 MPEG-4 part 2 + MP3 in AVI: a codec and container browsers do not play.
            run_ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=3",
                        "-f", "lavfi", "-i", "sine=frequency=500:duration=3",
                        "-c:v", "mpeg4", "-q:v", "5", "-c:a", "libmp3lame", "-shortest", str(path)])

        def check_h264_scaled_and_trimmed(outputs):
            out = outputs["video"]
            assert out.media_type == "video/mp4", out.media_type
            info = probe(out.path)
            v, a = info["video"], info["audio"]
            assert v["codec"] == "h264", f"expected H.264, got {v['codec']}"
            assert (v["width"], v["height"]) == (160, 120), f"expected 160x120, got {v['width']}x{v['height']}"
            assert a and a["codec"] == "aac", f"expected AAC audio, got {a}"
            assert abs(info["duration"] - 2.0) <= 0.1, f"expected 2.0 s (0.5..2.5), got {info['duration']}"
            data = out.path.read_bytes()
            assert 0 < data.find(b"moov") < data.find(b"mdat"), "the index (moov) should come first (+faststart)"

        return SelfTest(inputs={"video": Fixture.generate(make_clip, "old.avi", "video/x-msvideo")},
                        params={"height": 120, "start": 0.5, "end": 2.5}, check=check_h264_scaled_and_trimmed)


if __name__ == "__main__":
    main()
