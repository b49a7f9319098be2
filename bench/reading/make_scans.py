"""Scans for the reading bench: each PDF's pages rasterised by pdftoppm at 150 and 300 dpi, turned by a small angle,
speckled with noise, and saved as one multi-page TIFF per PDF and resolution (what a desk scanner delivers).
Usage: make_scans.py OUT_DIR PDF... (deterministic: the noise is seeded from the file name)."""
import os, random, subprocess, sys, tempfile
from PIL import Image, ImageFilter

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for pdf in sys.argv[2:]:
    name = os.path.splitext(os.path.basename(pdf))[0]
    for dpi in (150, 300):
        rng = random.Random(f"{name}-{dpi}")
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", pdf, os.path.join(tmp, "p")], check=True)
            pages = []
            for png in sorted(os.listdir(tmp)):
                page = Image.open(os.path.join(tmp, png)).convert("L")
                page = page.rotate(rng.uniform(-1.0, 1.0), resample=Image.BICUBIC, expand=False, fillcolor=255)
                pixels = page.load()
                w, h = page.size
                for _ in range(w * h // 200):  # 0.5 % salt-and-pepper
                    pixels[rng.randrange(w), rng.randrange(h)] = rng.choice((0, 255))
                pages.append(page.filter(ImageFilter.GaussianBlur(0.4)))
            pages[0].save(os.path.join(out, f"{name}@{dpi}.tif"), save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_deflate")
