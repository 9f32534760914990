"""face-detect: faces in a picture (boxes and confidence) and a copy of the picture with the boxes drawn."""
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

from taskmill.vision import DETECTOR, PARAMS, FaceDetector, draw_box


def read_image(path):
    """BGR pixels of an image file (EXIF rotation applied), or a ValueError a person understands."""
    import cv2
    import numpy as np

    data = np.fromfile(str(path), dtype=np.uint8)
    img = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if img is None:
        raise ValueError("OpenCV cannot read this image (JPEG, PNG, WebP, BMP, TIFF and GIF are supported)")
    return img


class FaceDetect(Module):
    name = "face-detect"
    version = "1.0.0"
    description = "Finds frontal faces in a picture: JSON boxes with confidence, and the picture with the boxes drawn."
    inputs = [Input("image", Kind.IMAGE, description="A photo or any picture OpenCV reads.")]
    outputs = [
        Output("faces", Kind.JSON, media_type="application/json",
               description="{width, height, detector, faces: [{x, y, width, height, confidence}]}, best first."),
        Output("annotated", Kind.IMAGE, media_type="image/jpeg", description="The picture with numbered boxes (JPEG)."),
    ]
    params = {"type": "object", "properties": dict(PARAMS), "additionalProperties": False}
    requirements = ["opencv-python-headless==4.12.0.88", "numpy==2.2.6"]
    resources = Resources(cpu=1, memory_mb=512)
    timeout_seconds = 300

    def run(self, ctx):
        import cv2

        source = ctx.inputs["image"].path
        ctx.progress(0.05, "reading")
        img = read_image(source)
        h, w = img.shape[:2]
        ctx.progress(0.2, f"searching {w}x{h}")
        found = FaceDetector(ctx.params).detect(img)
        ctx.log.info("%d face(s) in %dx%d", len(found), w, h)
        ctx.write_json("faces", {"width": w, "height": h, "detector": DETECTOR, "faces": found})
        ctx.progress(0.8, "drawing")
        for i, face in enumerate(found, 1):
            draw_box(img, face, f"{i} {face['confidence']:.2f}")
        out = ctx.output_path("annotated", f"{Path(source).stem}-faces.jpg")
        if not cv2.imwrite(str(out), img, [cv2.IMWRITE_JPEG_QUALITY, 90]):
            raise RuntimeError("could not write the annotated image")
        ctx.progress(1.0, f"{len(found)} face(s)")

    def self_test(self):
        # fixtures/astronaut.jpg: NASA portrait of Eileen Collins (public domain), 256x256, from
        # scikit-image's data set; her face is at about x 85..139, y 30..84.
        def check_the_face(outputs):
            data = outputs["faces"].read_json()
            assert (data["width"], data["height"]) == (256, 256), data
            faces = data["faces"]
            assert len(faces) == 1, f"expected exactly one face, got {faces}"
            f = faces[0]
            cx, cy = f["x"] + f["width"] / 2, f["y"] + f["height"] / 2
            assert 95 <= cx <= 130 and 40 <= cy <= 75, f"the face is at about (112, 57), found centre ({cx}, {cy})"
            assert 35 <= f["width"] <= 80, f"face width {f['width']} is implausible"
            assert 0.5 <= f["confidence"] <= 1, f

        def check_annotated(outputs):
            import cv2

            img = cv2.imread(str(outputs["annotated"].path))
            assert img is not None and img.shape[:2] == (256, 256), "annotated image missing or resized"
            b, g, r = (int(v) for v in img[57, 86])  # on the box's left edge, half-way down
            assert g > 150 and r < 140 and b < 140, f"no green box edge at (86, 57): BGR {(b, g, r)}"

        return SelfTest(inputs={"image": Fixture.file("fixtures/astronaut.jpg", "image/jpeg")},
                        checks=[check_the_face, check_annotated])


if __name__ == "__main__":
    main()
