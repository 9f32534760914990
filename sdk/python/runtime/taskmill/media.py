"""FFmpeg helpers for media modules: probe, run FFmpeg with progress, pipe frames, read WAV.

Part of the SDK, which is installed into every module's environment, so modules share one copy
(`from taskmill.media import probe, run_ffmpeg`). It needs FFmpeg only when called: a module
that uses it lists `imageio-ffmpeg` in its requirements.

FFmpeg comes from the `imageio-ffmpeg` wheel (a static build with libx264, libass, libmp3lame),
so a module needs nothing from the system. Requires only the standard library at import time.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
import time
from typing import Any, Dict, List, Optional


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


_DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)")
_STREAM = re.compile(r"Stream #\d+:\d+(?:\[0x[0-9a-f]+\])?(?:\([^)]*\))?: (Video|Audio|Subtitle|Data): (\w+)(.*)")
_SIZE = re.compile(r", (\d{2,5})x(\d{2,5})")
_FPS = re.compile(r", ([\d.]+)(k?) (?:fps|tbr)")
_RATE = re.compile(r", (\d+) Hz, ([^,]+)")
_ROTATION = re.compile(r"rotation of (-?[\d.]+) degrees")


def _channels(layout: str) -> Optional[int]:
    layout = layout.strip()
    named = {"mono": 1, "stereo": 2, "2.1": 3, "quad": 4, "4.0": 4, "5.0": 5, "5.1": 6, "5.1(side)": 6,
             "6.1": 7, "7.1": 8}
    if layout in named:
        return named[layout]
    m = re.match(r"(\d+) channels", layout)
    return int(m.group(1)) if m else None


def probe(path: str) -> Dict[str, Any]:
    """Duration (s, or None), first video stream and first audio stream of a media file.

    Parses `ffmpeg -i` (the wheel ships no ffprobe). Raises ValueError when FFmpeg cannot read it.
    """
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    text = proc.stderr.decode("utf-8", "replace")
    info: Dict[str, Any] = {"duration": None, "video": None, "audio": None, "audioTracks": 0}
    m = _DURATION.search(text)
    if m:
        h, mi, s = m.groups()
        info["duration"] = int(h) * 3600 + int(mi) * 60 + float(s)
    for line in text.splitlines():
        sm = _STREAM.search(line)
        if not sm:
            continue
        kind, codec, rest = sm.groups()
        if kind == "Video" and info["video"] is None:
            size = _SIZE.search(rest)
            fps = _FPS.search(rest)
            info["video"] = {
                "codec": codec,
                "width": int(size.group(1)) if size else None,
                "height": int(size.group(2)) if size else None,
                "fps": (float(fps.group(1)) * (1000 if fps.group(2) else 1)) if fps else None,
                # An image: a picture codec with (at most) one frame's worth of duration.
                "still": "attached pic" in rest or (
                    codec in ("png", "mjpeg", "webp", "bmp", "tiff", "gif", "jpegxl", "pam", "ppm", "qoi")
                    and (info["duration"] is None or info["duration"] <= 0.05)),
            }
        if kind == "Audio":
            info["audioTracks"] += 1
        if kind == "Audio" and info["audio"] is None:
            rate = _RATE.search(rest)
            info["audio"] = {
                "codec": codec,
                "sampleRate": int(rate.group(1)) if rate else None,
                "channels": _channels(rate.group(2)) if rate else None,
            }
    rot = _ROTATION.search(text)
    if rot and info["video"] and info["video"]["width"] and round(abs(float(rot.group(1)))) % 180 == 90:
        v = info["video"]  # FFmpeg turns such frames upright when decoding: report what decoding gives
        v["width"], v["height"] = v["height"], v["width"]
    if info["video"] is None and info["audio"] is None:
        reason = text.strip().splitlines()[-1] if text.strip() else "no output"
        raise ValueError(f"FFmpeg cannot read this file as audio, video or image ({reason})")
    return info


def run_ffmpeg(args: List[str], ctx=None, duration: Optional[float] = None, start: float = 0.0,
               end: float = 1.0, message: str = "", cwd: Optional[str] = None) -> None:
    """Runs ffmpeg with `args` (inputs, filters, outputs), reporting progress start..end on ctx.

    Progress comes from FFmpeg's `-progress` output (out_time over the expected duration).
    Raises RuntimeError with FFmpeg's last error lines when it fails.
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats",
           "-progress", "pipe:1"] + [str(a) for a in args]
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err,
                                cwd=None if cwd is None else str(cwd))
        last_sent, last_fraction = 0.0, -1.0
        for raw in proc.stdout:
            line = raw.decode("ascii", "replace").strip()
            if ctx is None or not duration or not line.startswith("out_time_us="):
                continue
            try:
                done = int(line.split("=", 1)[1]) / 1e6
            except ValueError:  # "N/A" before the first frame
                continue
            fraction = max(0.0, min(1.0, done / duration))
            now = time.monotonic()
            if fraction - last_fraction >= 0.01 and now - last_sent >= 0.5:
                ctx.progress(start + (end - start) * fraction, message)
                last_sent, last_fraction = now, fraction
        code = proc.wait()
        if code != 0:
            err.seek(0)
            lines = [ln for ln in err.read().decode("utf-8", "replace").splitlines() if ln.strip()]
            raise RuntimeError("ffmpeg failed (exit %d): %s" % (code, " | ".join(lines[-5:]) or "no message"))
    if ctx is not None:
        ctx.progress(end, message)


def read_frames(path: str, width: int, height: int, fps: Optional[float] = None, pix_fmt: str = "bgr24"):
    """Yields each decoded frame as raw bytes (width*height*3 for bgr24/rgb24), optionally resampled
    to a constant `fps` (FFmpeg's fps filter: frame k is the picture shown at k/fps seconds)."""
    args = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path), "-map", "0:v:0"]
    if fps:
        args += ["-vf", f"fps={fps}"]
    args += ["-f", "rawvideo", "-pix_fmt", pix_fmt, "pipe:1"]
    size = width * height * (1 if pix_fmt == "gray" else 3)
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
        try:
            while True:
                frame = proc.stdout.read(size)
                if len(frame) < size:
                    break
                yield frame
        finally:
            proc.stdout.close()  # when the caller stops early, FFmpeg ends on the closed pipe
            code = proc.wait()
        if code != 0:  # only reached after the whole video was read
            err.seek(0)
            raise RuntimeError("ffmpeg could not decode the video: " + err.read().decode("utf-8", "replace")[-300:])


def grab_frame(path: str, seconds: float, pix_fmt: str = "gray"):
    """(bytes, width, height) of the frame at `seconds`, as raw `pix_fmt` pixels; for checks."""
    info = probe(path)
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-ss", str(seconds),
                           "-i", str(path), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", pix_fmt, "pipe:1"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0 or not proc.stdout:
        raise RuntimeError(f"could not read a frame at {seconds} s: {proc.stderr.decode('utf-8', 'replace')[-300:]}")
    return proc.stdout, info["video"]["width"], info["video"]["height"]


def read_wav_mono16(path: str):
    """(samples as a list of ints, sample rate) of a 16-bit PCM WAV; used by self-test checks."""
    import array
    import wave

    with wave.open(str(path)) as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"expected 16-bit samples, got {8 * w.getsampwidth()}-bit")
        frames = w.readframes(w.getnframes())
        samples = array.array("h", frames)
        if w.getnchannels() > 1:
            samples = samples[:: w.getnchannels()]
        return samples, w.getframerate()

