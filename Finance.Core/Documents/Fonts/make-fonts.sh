#!/bin/sh
# Rebuilds the trimmed fonts embedded in Finance.Core (DESIGN.md §6: Skia embeds the whole font
# file in every PDF, so the file must be small). Source: Debian fonts-liberation2; tool: fonttools.
# Glyphs kept: Latin-1 and the QR-bill "Latin character set" (SIX IG QR-bill 2.3, "Character set":
# Basic Latin, Latin-1 Supplement, Latin Extended-A, Ș ș Ț ț, €) plus a few typographic marks.
# Renamed because the OFL reserves the name "Liberation" for unmodified fonts (OFL.txt, condition 3).
set -eu
cd "$(dirname "$0")"
SRC=/usr/share/fonts/truetype/liberation2
UNICODES="U+0020-007E,U+00A0-00FF,U+0100-017F,U+0218-021B,U+2013-2014,U+2018-201E,U+2022,U+2026,U+20AC"
for style in Regular Bold; do
  pyftsubset "$SRC/LiberationSans-$style.ttf" \
    --unicodes="$UNICODES" \
    --no-hinting --desubroutinize --no-glyph-names \
    --layout-features='' --name-IDs='0,1,2,3,4,5,6' --name-languages='0x0409' \
    --drop-tables+=DSIG,FFTM,gasp,kern,GDEF,GPOS,GSUB \
    --output-file="FinanceSans-$style.ttf"
  /usr/bin/python3 - "FinanceSans-$style.ttf" "$style" <<'PY'
import sys
from fontTools.ttLib import TTFont
path, style = sys.argv[1], sys.argv[2]
font = TTFont(path)
names = {1: "FinanceSans", 2: style, 3: f"FinanceSans-{style};trimmed from Liberation Sans 2",
         4: f"FinanceSans {style}", 6: f"FinanceSans-{style}"}
for record in font["name"].names:
    if record.nameID in names:
        record.string = names[record.nameID]
font.save(path)
PY
done
ls -l FinanceSans-*.ttf
