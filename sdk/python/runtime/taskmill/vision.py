"""Face detection helpers for modules (face-detect, face-track): OpenCV's Haar cascade.

Part of the SDK, which is installed into every module's environment, so modules share one copy
(`from taskmill.vision import FaceDetector`). It needs OpenCV only when called: a module that uses
it lists `opencv-python-headless` (and numpy) in its requirements. Requires only the standard
library at import time, since `describe` imports a module before its requirements are installed.
"""
from __future__ import annotations

import math

CASCADE = "haarcascade_frontalface_default.xml"
DETECTOR = f"OpenCV Haar cascade {CASCADE}"

PARAMS = {
    "minFaceSize": {"type": "integer", "minimum": 8, "maximum": 4096, "default": 24,
                    "description": "Smallest face to find, in pixels of the original picture (width of the box)."},
    "minConfidence": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5,
                      "description": "Drop detections below this confidence (see README: a score, not a probability)."},
    "minNeighbors": {"type": "integer", "minimum": 1, "maximum": 30, "default": 5,
                     "description": "How many overlapping raw hits a face needs; higher means fewer false faces."},
    "scaleFactor": {"type": "number", "minimum": 1.01, "maximum": 2, "default": 1.1,
                    "description": "Step between the scales searched; smaller is slower and finds more."},
    "maxSide": {"type": "integer", "minimum": 160, "maximum": 8192, "default": 1280,
                "description": "Pictures larger than this (longest side) are searched on a scaled-down copy, for speed."},
}


def confidence(weight: float) -> float:
    """The cascade's last-stage weight mapped to 0..1 (0.5 at weight 2); monotonic, not calibrated."""
    return round(1.0 - math.exp(-max(0.0, float(weight)) / 3.0), 3)


class FaceDetector:
    def __init__(self, params):
        import cv2

        self.cv2 = cv2
        path = cv2.data.haarcascades + CASCADE
        self.cascade = cv2.CascadeClassifier(path)
        if self.cascade.empty():
            raise RuntimeError(f"could not load the face model {path}")
        self.min_size = params["minFaceSize"]
        self.min_confidence = params["minConfidence"]
        self.min_neighbors = params["minNeighbors"]
        self.scale_factor = params["scaleFactor"]
        self.max_side = params["maxSide"]

    def detect(self, bgr):
        """Faces in a BGR picture: [{x, y, width, height, confidence}] in its pixels, best first."""
        cv2 = self.cv2
        h, w = bgr.shape[:2]
        scale = min(1.0, self.max_side / max(h, w))
        gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY) if bgr.ndim == 3 else bgr
        if scale < 1.0:
            gray = cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
        # No histogram equalisation: measured on the demo video it lost the face in most frames
        # (a large flat background dominates the histogram); CLAHE added false faces.
        min_px = max(8, round(self.min_size * scale))
        if min_px > min(gray.shape[:2]):
            return []
        boxes, _levels, weights = self.cascade.detectMultiScale3(
            gray, scaleFactor=self.scale_factor, minNeighbors=self.min_neighbors,
            minSize=(min_px, min_px), outputRejectLevels=True)
        faces = []
        for (x, y, bw, bh), weight in zip(boxes, weights):
            conf = confidence(weight)
            if conf < self.min_confidence:
                continue
            faces.append({"x": int(round(x / scale)), "y": int(round(y / scale)),
                          "width": int(round(bw / scale)), "height": int(round(bh / scale)),
                          "confidence": conf})
        faces.sort(key=lambda f: -f["confidence"])
        return faces


def draw_box(bgr, box, label, color=(60, 220, 60)):
    """Draws a box with a label above it onto a BGR picture (in place)."""
    import cv2

    x, y, w, h = (int(round(box[k])) for k in ("x", "y", "width", "height"))
    thick = max(2, round(min(bgr.shape[:2]) / 240))
    cv2.rectangle(bgr, (x, y), (x + w, y + h), color, thick)
    scale = max(0.4, min(bgr.shape[:2]) / 720)
    (tw, th), base = cv2.getTextSize(label, cv2.FONT_HERSHEY_SIMPLEX, scale, 1)
    top = max(0, y - th - base - 4)
    cv2.rectangle(bgr, (x, top), (x + tw + 6, top + th + base + 4), color, -1)
    cv2.putText(bgr, label, (x + 3, top + th + 2), cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), 1, cv2.LINE_AA)
