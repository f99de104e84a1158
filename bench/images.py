"""Time the rendition pipeline of news/images.py against a naive Pillow one, on camera-sized JPEGs.

    make bench-images        (or: .venv/bin/python bench/images.py [--photos N])

Pure Pillow, no Django settings or database needed. Makes N synthetic 6000×4000 JPEGs (gradient, shapes
and sensor-like noise, so they cost what a real photo costs to decode and encode; every third one has an
EXIF orientation tag), then times each photo's full rendition set both ways in the same process.
"""

import argparse
import io
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

import PIL  # noqa: E402
from PIL import ExifTags, Image, ImageDraw, ImageFilter, ImageOps  # noqa: E402

from news.images import ENCODER_OPTIONS, FORMATS, RENDITION_WIDTHS, RESAMPLE, render_renditions  # noqa: E402

SIZE = (6000, 4000)


def turned(seed):
    """Every third photo was taken upright: stored on its side with EXIF orientation 6."""
    return seed % 3 == 0


def synthetic_photo(seed):
    """A 6000×4000 JPEG that encodes like a photo: smooth areas, edges and fine noise."""
    rng = random.Random(seed)
    small = (SIZE[0] // 8, SIZE[1] // 8)
    bands = [Image.linear_gradient("L").rotate(rng.randrange(360)).resize(small) for _ in range(3)]
    image = Image.merge("RGB", bands)
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        r = rng.randrange(10, 120)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(2))
    # Texture at the scale of foliage, fabric or a crowd survives downscaling, as real detail does; then
    # sensor noise at full size. About 7 MB a photo at quality 90, as a 24-megapixel camera writes.
    texture = Image.merge("RGB", [Image.effect_noise(small, 40) for _ in range(3)])
    image = Image.blend(image, texture, 0.25).resize(SIZE, Image.Resampling.BICUBIC)
    image = Image.blend(image, Image.effect_noise(SIZE, 30).convert("RGB"), 0.2)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Bench"
    if turned(seed):
        exif[ExifTags.Base.Orientation] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def naive_renditions(fileobj):
    """What one writes first: decode everything, then resize from the full size for every width and format."""
    with Image.open(fileobj) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    image.info = {}
    out = []
    for width in (w for w in RENDITION_WIDTHS if w <= image.width):
        size = (width, round(image.height * width / image.width))
        for fmt in FORMATS:
            buffer = io.BytesIO()
            image.resize(size, RESAMPLE).save(buffer, FORMATS[fmt][0], **ENCODER_OPTIONS[fmt])
            out.append(buffer.getvalue())
    return out


def timed(function, data):
    start = time.perf_counter()
    result = function(io.BytesIO(data))
    return (time.perf_counter() - start) * 1000, result


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20)
    count = parser.parse_args().photos

    print(f"{os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}, Pillow {PIL.__version__}")
    print(f"making {count} synthetic {SIZE[0]}×{SIZE[1]} JPEGs…", flush=True)
    photos = [synthetic_photo(seed) for seed in range(count)]
    print(f"average file {statistics.mean(map(len, photos)) / 2**20:.1f} MB; widths {RENDITION_WIDTHS} × WebP, JPEG")
    for warm_up in (render_renditions, naive_renditions):  # first calls load codecs and fill caches
        timed(warm_up, photos[0])

    print(f"\n{'photo':>5} {'orient.':>7} {'portal ms':>10} {'naive ms':>9} {'speed-up':>9}")
    ours, naive = [], []
    for number, data in enumerate(photos, 1):
        ms_ours, (size, renditions) = timed(render_renditions, data)
        ms_naive, naive_out = timed(naive_renditions, data)
        assert len(renditions) == len(naive_out) == 2 * len(RENDITION_WIDTHS)
        ours.append(ms_ours)
        naive.append(ms_naive)
        orientation = "6" if size[0] < size[1] else "-"
        print(f"{number:>5} {orientation:>7} {ms_ours:>10.0f} {ms_naive:>9.0f} {ms_naive / ms_ours:>8.2f}×")
    for label, pick in (("mean", statistics.mean), ("median", statistics.median), ("worst", max)):
        print(f"{label:>13} {pick(ours):>10.0f} {pick(naive):>9.0f} {pick(naive) / pick(ours):>8.2f}×")
    # Means apart: portraits (the turned photos) make 1920×2880 renditions, 2.25× the pixels of 1920×1280.
    for label, picked in (
        ("landscapes", [i for i in range(count) if not turned(i)]),
        ("portraits", [i for i in range(count) if turned(i)]),
    ):
        if not picked:
            continue
        mean_ours, mean_naive = (statistics.mean(times[i] for i in picked) for times in (ours, naive))
        print(f"{label:>13} {mean_ours:>10.0f} {mean_naive:>9.0f} {mean_naive / mean_ours:>8.2f}×")


if __name__ == "__main__":
    main()
