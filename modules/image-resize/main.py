"""image-resize: resizes an image with Pillow and saves it as PNG, JPEG or WebP."""
from pathlib import Path

from taskmill import Fixture, Input, Kind, Module, Output, Resources, SelfTest, main

FORMATS = {"png": ("PNG", "image/png"), "jpeg": ("JPEG", "image/jpeg"), "webp": ("WEBP", "image/webp")}


def target_size(size, width, height, keep_aspect):
    """The new (width, height); with both given and keep_aspect, the image fits inside the box."""
    w0, h0 = size
    if width and height:
        if not keep_aspect:
            return width, height
        scale = min(width / w0, height / h0)
    elif width:
        if not keep_aspect:
            return width, h0
        scale = width / w0
    else:
        if not keep_aspect:
            return w0, height
        scale = height / h0
    return max(1, round(w0 * scale)), max(1, round(h0 * scale))


def convert_for(img, fmt):
    """JPEG has no alpha and few modes; WebP takes only RGB(A). Flatten alpha onto white for JPEG."""
    from PIL import Image

    has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
    if fmt == "JPEG":
        if has_alpha:
            rgba = img.convert("RGBA")
            background = Image.new("RGB", rgba.size, (255, 255, 255))
            background.paste(rgba, mask=rgba.getchannel("A"))
            return background
        return img if img.mode in ("L", "RGB", "CMYK") else img.convert("RGB")
    if fmt == "WEBP":
        wanted = "RGBA" if has_alpha else "RGB"
        return img if img.mode == wanted else img.convert(wanted)
    return img if img.mode in ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA") else img.convert("RGBA")


class ImageResize(Module):
    name = "image-resize"
    version = "1.0.0"
    description = "Resizes an image to a width and/or height and saves it as PNG, JPEG or WebP."
    inputs = [Input("image", Kind.IMAGE, description="The image to resize (any format Pillow reads).")]
    outputs = [Output("image", Kind.IMAGE, description="The resized image, in the requested format.")]
    params = {
        "type": "object",
        "properties": {
            "width": {"type": "integer", "minimum": 1, "maximum": 10000, "description": "Target width in pixels."},
            "height": {"type": "integer", "minimum": 1, "maximum": 10000, "description": "Target height in pixels."},
            "format": {"type": "string", "enum": ["png", "jpeg", "webp"], "default": "png",
                       "description": "Output format."},
            "keepAspect": {"type": "boolean", "default": True,
                           "description": "Keep the aspect ratio; with width and height, fit inside that box."},
        },
        "anyOf": [{"required": ["width"]}, {"required": ["height"]}],
        "additionalProperties": False,
    }
    requirements = ["Pillow>=10"]
    resources = Resources(cpu=1, memory_mb=1792)
    timeout_seconds = 120

    def run(self, ctx):
        width, height = ctx.params.get("width"), ctx.params.get("height")
        if not width and not height:
            raise ValueError("give at least one of the params 'width' or 'height'")
        for label, v in (("width", width), ("height", height)):
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 10000):
                raise ValueError(f"{label} must be an integer from 1 to 10000, got {v!r}")
        fmt_key = ctx.params["format"]
        if fmt_key not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt_key!r}")
        fmt, media_type = FORMATS[fmt_key]
        from PIL import Image, ImageOps  # after the param checks, so bad params fail fast

        source = ctx.inputs["image"].path
        ctx.progress(0.1, "opening")
        with Image.open(source) as img:
            img = ImageOps.exif_transpose(img)  # phone photos store rotation in EXIF
            size = target_size(img.size, width, height, ctx.params["keepAspect"])
            ctx.progress(0.4, "resizing")
            ctx.log.info("resizing %dx%d to %dx%d", img.width, img.height, *size)
            resized = img.resize(size, Image.Resampling.LANCZOS)
        ctx.progress(0.8, "saving")
        out = ctx.output_path("image", f"{Path(source).stem}.{fmt_key}", media_type=media_type)
        convert_for(resized, fmt).save(out, fmt)
        ctx.progress(1.0, "done")

    def self_test(self):
        def make_png(path):
            from PIL import Image

            Image.new("RGB", (64, 48), (200, 30, 30)).save(path, "PNG")

        def check_size_and_format(outputs):
            from PIL import Image

            result = outputs["image"]
            assert result.media_type == "image/png", f"expected image/png, got {result.media_type}"
            with Image.open(result.path) as img:
                assert img.format == "PNG", f"expected a PNG file, got {img.format}"
                assert img.size == (32, 24), f"expected 32x24, got {img.width}x{img.height}"

        return SelfTest(
            inputs={"image": Fixture.generate(make_png, "sample.png", "image/png")},
            params={"width": 32, "format": "png"},
            check=check_size_and_format,
        )


if __name__ == "__main__":
    main()
