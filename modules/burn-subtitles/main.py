"""burn-subtitles: renders SRT/WebVTT subtitles into the picture of a video (H.264/AAC MP4)."""
import re
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

from taskmill.media import grab_frame, probe, run_ffmpeg

PRESETS = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"]
CUE_TIMING = re.compile(r"\d+:\d\d[:.,]\d\d\d?|-->")
ASS_PLAY_RES_Y = 288  # libass sizes SRT text on a 288-line canvas; font sizes are scaled to it


def write_font(folder):
    """Writes the TrueType font Pillow carries (Aileron Regular) into `folder`.

    libass then needs no system fonts, so the module works on a machine without any.
    """
    from PIL import ImageFont

    font = ImageFont.load_default(size=24)
    if not hasattr(font, "font_bytes"):
        raise RuntimeError("this Pillow has no built-in TrueType font (needs Pillow >= 10.1 with FreeType)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Aileron-Regular.ttf").write_bytes(font.font_bytes)
    return font.getname()[0]


class BurnSubtitles(Module):
    name = "burn-subtitles"
    version = "1.0.0"
    description = "Renders SRT or WebVTT subtitles into a video's picture (white text, black outline) and encodes H.264/AAC MP4."
    inputs = [
        Input("video", Kind.VIDEO, description="The video (any format FFmpeg reads)."),
        Input("subtitles", Kind.TEXT, description="SRT or WebVTT text, e.g. the output of the subtitles module."),
    ]
    outputs = [Output("video", Kind.VIDEO, media_type="video/mp4", description="H.264/AAC MP4 with the text in the picture.")]
    params = {
        "type": "object",
        "properties": {
            "fontSize": {"type": "integer", "minimum": 8, "maximum": 400,
                         "description": "Text height in pixels of the video; default 6% of the video's height."},
            "position": {"type": "string", "enum": ["bottom", "top"], "default": "bottom",
                         "description": "Where the text goes."},
            "crf": {"type": "integer", "minimum": 0, "maximum": 51, "default": 20,
                    "description": "H.264 quality: lower is better and larger (18-28 is usual)."},
            "preset": {"type": "string", "enum": PRESETS, "default": "veryfast",
                       "description": "x264 speed/size trade-off."},
        },
        "additionalProperties": False,
    }
    requirements = ["imageio-ffmpeg==0.8.1", "Pillow==12.0.0"]
    resources = Resources(cpu=2, memory_mb=1792)
    timeout_seconds = 3600

    def run(self, ctx):
        source = ctx.inputs["video"].path
        text = ctx.inputs["subtitles"].read_text().replace("\r\n", "\n").lstrip("\ufeff")
        if not any("-->" in line and CUE_TIMING.search(line) for line in text.splitlines()):
            raise ValueError("the subtitles contain no cues: expected SRT or WebVTT text "
                             "with lines like '00:00:01,000 --> 00:00:02,500'")
        ctx.progress(0.02, "probing")
        info = probe(source)
        video = info["video"]
        if video is None or video["still"]:
            raise ValueError("the input has no video stream")
        work = ctx.work_dir
        subs_name = "subs.vtt" if text.startswith("WEBVTT") else "subs.srt"
        (work / subs_name).write_text(text, encoding="utf-8")
        font_name = write_font(work / "fonts")

        height = video["height"] or 360
        px = ctx.params.get("fontSize") or max(12, round(height * 0.06))
        size = max(1, round(px * ASS_PLAY_RES_Y / height))
        style = ",".join([
            f"FontName={font_name}", f"FontSize={size}", "PrimaryColour=&H00FFFFFF",
            "OutlineColour=&H00000000", "BorderStyle=1", "Outline=1.5", "Shadow=0.5",
            "Alignment=" + ("8" if ctx.params["position"] == "top" else "2"), "MarginV=14",
        ])
        # Relative names (FFmpeg runs in the work folder): nothing in a path needs filter escaping.
        # H.264 in yuv420p needs even sizes: an odd width or height loses its last pixel.
        vf = f"subtitles=filename={subs_name}:fontsdir=fonts:force_style='{style}',scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p"
        out = ctx.output_path("video", f"{Path(source).stem}-subtitled.mp4")
        audio = ["-c:a", "copy"] if (info["audio"] or {}).get("codec") == "aac" else ["-c:a", "aac", "-b:a", "160k"]
        ctx.log.info("burning %s into %sx%s video, text %d px", subs_name, video["width"], height, px)
        run_ffmpeg(["-i", source, "-map", "0:v:0", "-map", "0:a:0?", "-vf", vf,
                    "-c:v", "libx264", "-preset", ctx.params["preset"], "-crf", ctx.params["crf"]] + audio +
                   ["-movflags", "+faststart", out],
                   ctx, info["duration"], 0.05, 1.0, "rendering subtitles", cwd=work)

    def self_test(self):
        def make_clip(path):
            run_ffmpeg(["-f", "lavfi", "-i", "color=c=black:size=320x240:rate=10:duration=2",
                        "-f", "lavfi", "-i", "sine=frequency=300:duration=2",
                        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)])

        srt = "1\n00:00:00,500 --> 00:00:01,500\nHELLO TASKMILL\n"

        def white_in_lower_third(path, seconds):
            pixels, w, h = grab_frame(path, seconds)
            lower = pixels[(2 * h // 3) * w:]
            return sum(1 for p in lower if p > 200)

        def check_video(outputs):
            info = probe(outputs["video"].path)
            assert info["video"]["codec"] == "h264", f"expected H.264, got {info['video']['codec']}"
            assert (info["video"]["width"], info["video"]["height"]) == (320, 240), info["video"]
            assert info["audio"] and info["audio"]["codec"] == "aac", f"audio lost: {info['audio']}"
            assert abs(info["duration"] - 2.0) < 0.15, f"expected 2 s, got {info['duration']}"

        def check_text_only_while_the_cue_lasts(outputs):
            during = white_in_lower_third(outputs["video"].path, 1.0)
            after = white_in_lower_third(outputs["video"].path, 1.8)
            assert during > 40, f"no text rendered at 1.0 s ({during} white pixels in the lower third)"
            assert after < 10, f"text still visible after the cue ended ({after} white pixels at 1.8 s)"

        return SelfTest(inputs={"video": Fixture.generate(make_clip, "black.mp4", "video/mp4"),
                                "subtitles": Fixture.text(srt)},
                        checks=[check_video, check_text_only_while_the_cue_lasts])


if __name__ == "__main__":
    main()
