"""Demo photos drawn with Pillow: sea and sky, an offshore platform, and the caption's first words.

No downloads, about 15 ms a photo. The same seed always draws the same picture.
"""

import functools
import io
import random
import unicodedata

from PIL import Image, ImageDraw, ImageFont, ImageOps

SIZE = (1200, 800)
CAPTION_WORDS = 8
CAPTION_SIZE = 44
LABEL_SIZE = 22
LABEL = "Ảnh minh họa – nội dung demo"
# Sky colours from the top of the picture to the horizon: morning, noon, dusk, overcast, flare light.
PALETTES = [
    ((18, 52, 97), (150, 196, 226)),
    ((24, 86, 150), (196, 226, 240)),
    ((46, 32, 86), (236, 150, 92)),
    ((62, 66, 76), (196, 198, 204)),
    ((92, 34, 30), (242, 192, 120)),
]
SEA = (16, 58, 92)
STEEL = (36, 40, 48)
FLARE = (255, 150, 40)
# Pillow's own font (Aileron) has no Vietnamese letters: DejaVu Sans, when installed, draws them.
VIETNAMESE_FONT = "DejaVuSans.ttf"


@functools.cache
def font(size):
    """A font of ``size`` and whether it draws Vietnamese."""
    try:
        return ImageFont.truetype(VIETNAMESE_FONT, size), True
    except OSError:
        return ImageFont.load_default(size=size), False


def plain_letters(text):
    """Text without diacritics, keeping case ("Đặng" → "Dang"), for a font without Vietnamese letters."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def draw_text(draw, position, text, size, fill):
    text_font, vietnamese = font(size)
    draw.text(position, text if vietnamese else plain_letters(text), font=text_font, fill=fill)


def caption_line(caption, width):
    """The caption's first words, as many as fit on one line of ``width`` pixels."""
    text_font, vietnamese = font(CAPTION_SIZE)
    words = caption.split()[:CAPTION_WORDS]
    while words:
        line = " ".join(words) + ("…" if len(words) < len(caption.split()) else "")
        if text_font.getlength(line if vietnamese else plain_letters(line)) <= width:
            return line
        words.pop()
    return ""


def draw_platform(draw, rng, horizon):
    """A jacket platform standing in the sea: legs, two decks, a derrick and a flare boom."""
    width, _ = SIZE
    left = rng.randint(120, width - 520)
    deck_width = rng.randint(260, 380)
    deck_top = horizon - rng.randint(170, 230)
    for leg in range(4):
        x = left + 20 + leg * (deck_width - 40) // 3
        draw.line((x, deck_top + 60, x + (leg - 1.5) * 12, horizon + 40), fill=STEEL, width=10)
    draw.rectangle((left, deck_top + 40, left + deck_width, deck_top + 70), fill=STEEL)
    draw.rectangle((left + 20, deck_top, left + deck_width - 60, deck_top + 40), fill=STEEL)
    derrick = left + deck_width // 3
    draw.polygon([(derrick - 30, deck_top), (derrick + 30, deck_top), (derrick, deck_top - 150)], fill=STEEL)
    boom_end = (left + deck_width + 110, deck_top - 60)
    draw.line((left + deck_width, deck_top + 40, *boom_end), fill=STEEL, width=6)
    draw.ellipse((boom_end[0] - 14, boom_end[1] - 30, boom_end[0] + 14, boom_end[1] + 4), fill=FLARE)


def render_photo(caption, seed):
    """A 1200×800 JPEG (bytes) for a demo photo, with the caption's first words on it."""
    rng = random.Random(seed)
    width, height = SIZE
    top, bottom = rng.choice(PALETTES)
    image = ImageOps.colorize(Image.linear_gradient("L").resize(SIZE), top, bottom)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.58, 0.7))
    draw.rectangle((0, horizon, width, height), fill=SEA)
    draw_platform(draw, rng, horizon)
    draw.rectangle((0, height - 110, width, height), fill=(0, 0, 0))
    draw_text(draw, (40, height - 82), caption_line(caption, width - 80), CAPTION_SIZE, (255, 255, 255))
    draw_text(draw, (24, 20), LABEL, LABEL_SIZE, (255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
