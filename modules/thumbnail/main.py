"""thumbnail: a small picture of a video (the frame at a time offset) or of an image."""
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

from taskmill.media import probe, run_ffmpeg

FORMATS = {"jpeg": ("jpg", "image/jpeg"), "png": ("png", "image/png"), "webp": ("webp", "image/webp")}


class Thumbnail(Module):
    name = "thumbnail"
    version = "1.0.0"
    description = "Makes a thumbnail of a video (the frame at a given time) or of an image, scaled to a width."
    inputs = [Input("media", [Kind.VIDEO, Kind.IMAGE], description="A video or an image (any format FFmpeg reads).")]
    outputs = [Output("image", Kind.IMAGE, description="The thumbnail (JPEG, PNG or WebP).")]
    params = {
        "type": "object",
        "properties": {
            "time": {"type": "number", "minimum": 0,
                     "description": "Seconds into the video; default 10% of its length (skips black openings). "
                                    "Past the end, the last frame is taken. Ignored for images."},
            "width": {"type": "integer", "minimum": 16, "maximum": 4096, "default": 320,
                      "description": "Width in pixels; the height keeps the aspect ratio. Never enlarges."},
            "format": {"type": "string", "enum": list(FORMATS), "default": "jpeg", "description": "Output format."},
        },
        "additionalProperties": False,
    }
    requirements = ["imageio-ffmpeg==0.8.1"]
    resources = Resources(cpu=1, memory_mb=512)
    timeout_seconds = 300

    def run(self, ctx):
        source = ctx.inputs["media"].path
        ext, media_type = FORMATS[ctx.params["format"]]
        ctx.progress(0.05, "probing")
        info = probe(source)
        video = info["video"]
        if video is None:
            raise ValueError("the input has no picture: it is audio only")
        width = min(ctx.params["width"], video["width"] or ctx.params["width"])
        seek = []
        if not video["still"]:
            duration = info["duration"] or 0.0
            t = ctx.params.get("time")
            t = duration * 0.1 if t is None else t
            frame = 1.0 / (video["fps"] or 25.0)
            if duration and t > duration - frame:
                ctx.log.info("time %.2f s is past the end (%.2f s): taking the last frame", t, duration)
                t = max(0.0, duration - 2 * frame)
            seek = ["-ss", f"{t:.3f}"]
            ctx.log.info("frame at %.3f s of %.2f s, width %d", t, duration, width)
        out = ctx.output_path("image", f"{Path(source).stem}-thumb.{ext}", media_type=media_type)
        quality = {"jpeg": ["-q:v", "3"], "webp": ["-quality", "85"], "png": []}[ctx.params["format"]]
        ctx.progress(0.3, "extracting")
        # -update 1: one picture, not an image sequence; scale keeps even heights for any encoder.
        run_ffmpeg(seek + ["-i", source, "-map", "0:v:0", "-frames:v", "1",
                           "-vf", f"scale={width}:-2:flags=lanczos", "-update", "1"] + quality + [out])
        if not out.is_file() or out.stat().st_size == 0:
            raise RuntimeError(f"no frame could be read at that time from the {info['duration']} s video")
        ctx.progress(1.0, "done")

    def self_test(self):
        def make_clip(path):
            # 1 s red, 1 s green, 1 s blue, 640x480: the colour tells which time was taken.
            run_ffmpeg(["-f", "lavfi", "-i", "color=c=red:size=640x480:rate=10:duration=1",
                        "-f", "lavfi", "-i", "color=c=0x00ff00:size=640x480:rate=10:duration=1",
                        "-f", "lavfi", "-i", "color=c=blue:size=640x480:rate=10:duration=1",
                        "-filter_complex", "[0][1][2]concat=n=3:v=1:a=0,format=yuv420p",
                        "-c:v", "libx264", str(path)])

        def check_green_160_wide(outputs):
            from taskmill.media import grab_frame

            out = outputs["image"]
            assert out.media_type == "image/png", out.media_type
            assert out.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
            pixels, w, h = grab_frame(out.path, 0, "rgb24")
            assert (w, h) == (160, 120), f"expected 160x120, got {w}x{h}"
            r, g, b = pixels[3 * (60 * w + 80): 3 * (60 * w + 80) + 3]
            assert g > 200 and r < 60 and b < 60, f"expected the green second at 1.5 s, got RGB {(r, g, b)}"

        return SelfTest(inputs={"media": Fixture.generate(make_clip, "rgb.mp4", "video/mp4")},
                        params={"time": 1.5, "width": 160, "format": "png"}, check=check_green_160_wide)


if __name__ == "__main__":
    main()
