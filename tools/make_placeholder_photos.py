#!/usr/bin/env python3
"""Draw placeholder product illustrations for the sample OCOP catalogue.

Every image is a simple, hand-made-looking illustration of the product
(drawn with basic shapes, no photographs) and carries the caption
"Ảnh minh hoạ · Placeholder image" in a small band at the bottom, so it
cannot be mistaken for a real product photo.

Output: content/images/<product-id>/<n>.jpg, 1200x900, JPEG quality 80,
optimized, progressive, without EXIF.  The script is deterministic: every
random choice comes from random.Random(<fixed seed>), so running it twice
gives byte-identical files (with the same Pillow version).

Usage:  .venv/bin/python tools/make_placeholder_photos.py [product-id ...]
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "content" / "images"

W, H = 1200, 900          # output size
K = 2                     # supersampling factor (drawn at 2400x1800)
CAPTION = "Ảnh minh hoạ · Placeholder image"
MAX_BYTES = 120_000

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]


# ---------------------------------------------------------------------------
# small geometry / colour helpers (all coordinates are in 1200x900 space)
# ---------------------------------------------------------------------------

def mix(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


def mul(c, f):
    return tuple(max(0, min(255, int(round(v * f)))) for v in c[:3])


def lin(a, b, n):
    return [a + (b - a) * i / (n - 1) for i in range(n)]


def rot(pts, cx, cy, deg):
    a = math.radians(deg)
    ca, sa = math.cos(a), math.sin(a)
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in pts]


def qbez(p0, p1, p2, n=24):
    out = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        out.append((u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0],
                    u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1]))
    return out


def cbez(p0, p1, p2, p3, n=30):
    out = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        out.append((u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                    u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))
    return out


def catmull(pts, n=8):
    """Catmull-Rom spline through pts (list of 2-tuples)."""
    P = [pts[0]] + list(pts) + [pts[-1]]
    out = []
    for i in range(1, len(P) - 2):
        p0, p1, p2, p3 = P[i - 1], P[i], P[i + 1], P[i + 2]
        for k in range(n):
            t = k / n
            out.append(tuple(
                0.5 * (2 * p1[j] + (-p0[j] + p2[j]) * t
                       + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t * t
                       + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t ** 3)
                for j in range(2)))
    out.append(tuple(pts[-1]))
    return out


def tube(pts, r0, r1=None):
    """Polygon around a centre line, radius tapering from r0 to r1."""
    if r1 is None:
        r1 = r0
    n = len(pts)
    left, right = [], []
    for i, (x, y) in enumerate(pts):
        if i == 0:
            dx, dy = pts[1][0] - x, pts[1][1] - y
        elif i == n - 1:
            dx, dy = x - pts[i - 1][0], y - pts[i - 1][1]
        else:
            dx, dy = pts[i + 1][0] - pts[i - 1][0], pts[i + 1][1] - pts[i - 1][1]
        ln = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / ln, dx / ln
        r = r0 + (r1 - r0) * (i / (n - 1))
        left.append((x + nx * r, y + ny * r))
        right.append((x - nx * r, y - ny * r))
    return left + right[::-1]


def leaf(x, y, ang, length, width, n=14, p=0.8, tip=0.0):
    """Leaf-shaped polygon from base (x, y) pointing at angle ang (deg)."""
    top, bot = [], []
    for i in range(n + 1):
        t = i / n
        w = width / 2 * math.sin(math.pi * (t ** p)) + tip * t
        top.append((t * length, -w))
        bot.append((t * length, w))
    return rot(top + bot[::-1], x, y, ang)


def lathe(cx, prof, ell=0.12):
    """Outline of a body of revolution seen slightly from above.

    prof: smoothed list of (y, half_width) from top to bottom.
    """
    right = [(cx + hw, y) for y, hw in prof]
    yb, hb = prof[-1]
    bottom = [(cx + hb * math.cos(a), yb + hb * ell * math.sin(a)) for a in lin(0, math.pi, 20)]
    left = [(cx - hw, y) for y, hw in reversed(prof)]
    yt, ht = prof[0]
    top = [(cx - ht * math.cos(a), yt - ht * ell * math.sin(a)) for a in lin(0, math.pi, 20)]
    return right + bottom + left + top


def hw_at(prof, y):
    if y <= prof[0][0]:
        return prof[0][1]
    for (y0, h0), (y1, h1) in zip(prof, prof[1:]):
        if y0 <= y <= y1:
            return h0 + (h1 - h0) * ((y - y0) / ((y1 - y0) or 1))
    return prof[-1][1]


def ring_line(cx, y, hw, ell, n=30):
    """A horizontal line around a round body (front half of an ellipse)."""
    return [(cx + hw * math.cos(a), y + hw * ell * math.sin(a)) for a in lin(0, math.pi, n)]


# ---------------------------------------------------------------------------
# drawing wrapper: scales 1200x900 coordinates to the supersampled canvas
# ---------------------------------------------------------------------------

class D:
    def __init__(self, im):
        self.im = im
        self.d = ImageDraw.Draw(im)

    @staticmethod
    def p(pts):
        return [(x * K, y * K) for x, y in pts]

    @staticmethod
    def b(box):
        return [box[0] * K, box[1] * K, box[2] * K, box[3] * K]

    @staticmethod
    def w(width):
        return max(1, int(round(width * K)))

    def _c(self, c):
        if c is None or isinstance(c, int):
            return c
        if self.im.mode == "RGBA" and len(c) == 3:
            return tuple(c) + (255,)
        return tuple(c)

    def poly(self, pts, fill=None, outline=None, width=1):
        self.d.polygon(self.p(pts), fill=self._c(fill), outline=self._c(outline),
                       width=self.w(width) if outline is not None else 0)

    def ell(self, box, fill=None, outline=None, width=1):
        self.d.ellipse(self.b(box), fill=self._c(fill), outline=self._c(outline),
                       width=self.w(width) if outline is not None else 0)

    def circle(self, cx, cy, r, **kw):
        self.ell((cx - r, cy - r, cx + r, cy + r), **kw)

    def rect(self, box, fill=None, outline=None, width=1, r=0):
        self.d.rounded_rectangle(self.b(box), radius=r * K, fill=self._c(fill),
                                 outline=self._c(outline),
                                 width=self.w(width) if outline is not None else 0)

    def line(self, pts, fill, width=1):
        self.d.line(self.p(pts), fill=self._c(fill), width=self.w(width), joint="curve")

    def arc(self, box, start, end, fill, width=1):
        self.d.arc(self.b(box), start, end, fill=self._c(fill), width=self.w(width))

    def chord(self, box, start, end, fill=None):
        self.d.chord(self.b(box), start, end, fill=self._c(fill))

    def pie(self, box, start, end, fill=None):
        self.d.pieslice(self.b(box), start, end, fill=self._c(fill))


# ---------------------------------------------------------------------------
# painting helpers
# ---------------------------------------------------------------------------

def canvas_size():
    return (W * K, H * K)


def vgrad(size, top, bottom):
    g = Image.linear_gradient("L").resize(size, Image.BILINEAR)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), g)


def bg_grad(top, bottom):
    return vgrad(canvas_size(), top, bottom)


def mask_of(img, fn):
    m = Image.new("L", img.size, 0)
    fn(D(m))
    return m


def _col(img, c):
    return tuple(c) + (255,) if img.mode == "RGBA" else tuple(c)


def fill(img, fn, color, alpha=255, blur=0):
    """Paint colour through a mask drawn by fn (draw with fill=255)."""
    m = mask_of(img, fn) if callable(fn) else fn
    if blur:
        m = m.filter(ImageFilter.GaussianBlur(blur * K))
    if alpha != 255:
        m = m.point(lambda v: v * alpha // 255)
    img.paste(_col(img, color), (0, 0), m)
    return m


def grad_fill(img, fn, top, bottom, y0, y1):
    """Vertical gradient (top colour at y0 .. bottom colour at y1) through a mask."""
    m = mask_of(img, fn) if callable(fn) else fn
    bb = m.getbbox()
    if not bb:
        return m
    g = vgrad((img.size[0], max(2, int((y1 - y0) * K))), top, bottom)
    full = Image.new("RGB", img.size, top)
    full.paste(Image.new("RGB", (img.size[0], img.size[1]), bottom), (0, int(y1 * K)))
    full.paste(g, (0, int(y0 * K)))
    if img.mode == "RGBA":
        full = full.convert("RGBA")
    img.paste(full.crop(bb), bb[:2], m.crop(bb))
    return m


def shadow(img, box, alpha=140, blur=12, color=(30, 20, 12)):
    fill(img, lambda m: m.ell(box, fill=255), color, alpha, blur)


def cyl_row(n, a, b, color, hl=0.3, amb=0.5, spec=0.3, sharp=30, diff=1.0):
    row = []
    L = (hl - 0.5) * math.pi
    for i in range(n):
        t = (i + 0.5 - a) / (b - a) if b > a else 0.5
        t = min(max(t, 0.0), 1.0)
        th = (t - 0.5) * math.pi
        c = max(0.0, math.cos(th - L))
        f = amb + (diff - amb) * c
        s = spec * (c ** sharp)
        row.append(tuple(max(0, min(255, int(color[j] * f + 255 * s))) for j in range(3)))
    return row


def shade(img, fn, color, a, b, orient="h", **kw):
    """Fill a mask with cylinder shading running across a..b (x for 'h', y for 'v')."""
    m = mask_of(img, fn) if callable(fn) else fn
    bb = m.getbbox()
    if not bb:
        return m
    bw, bh = bb[2] - bb[0], bb[3] - bb[1]
    if orient == "h":
        row = cyl_row(bw, a * K - bb[0], b * K - bb[0], color, **kw)
        strip = Image.new("RGB", (bw, 1))
        strip.putdata(row)
    else:
        row = cyl_row(bh, a * K - bb[1], b * K - bb[1], color, **kw)
        strip = Image.new("RGB", (1, bh))
        strip.putdata(row)
    strip = strip.resize((bw, bh), Image.NEAREST)
    if img.mode == "RGBA":
        strip = strip.convert("RGBA")
    img.paste(strip, bb[:2], m.crop(bb))
    return m


def sphere(img, fn, color, lx, ly, R, amb=0.35, gamma=1.0, spec=0.0, spec_r=0.3, spec_pow=2.0):
    """Fill a mask with radial shading around light point (lx, ly), falling to amb at R."""
    m = mask_of(img, fn) if callable(fn) else fn
    bb = m.getbbox()
    if not bb:
        return m
    size = (bb[2] - bb[0], bb[3] - bb[1])
    lut = [int(255 * (amb + (1 - amb) * max(0.0, 1 - min(v / 179.0, 1.0)) ** gamma)) for v in range(256)]
    Rk = max(2, int(R * K))
    g = Image.radial_gradient("L").resize((2 * Rk, 2 * Rk), Image.BILINEAR).point(lut)
    bmap = Image.new("L", size, lut[255])
    bmap.paste(g, (int(lx * K) - Rk - bb[0], int(ly * K) - Rk - bb[1]))
    col = ImageChops.multiply(Image.new("RGB", size, color), Image.merge("RGB", (bmap, bmap, bmap)))
    if spec:
        sr = max(2, int(R * spec_r * K))
        lut2 = [int(255 * spec * max(0.0, 1 - v / 179.0) ** spec_pow) for v in range(256)]
        gs = Image.radial_gradient("L").resize((2 * sr, 2 * sr), Image.BILINEAR).point(lut2)
        smap = Image.new("L", size, 0)
        smap.paste(gs, (int(lx * K) - sr - bb[0], int(ly * K) - sr - bb[1]))
        col = ImageChops.add(col, Image.merge("RGB", (smap, smap, smap)))
    if img.mode == "RGBA":
        col = col.convert("RGBA")
    img.paste(col, bb[:2], m.crop(bb))
    return m


def glow(img, cx, cy, r, color, strength=1.0, power=2.0, mask=None):
    """Soft additive (screen) light."""
    R = max(2, int(r * K))
    lut = [int(255 * strength * max(0.0, 1 - v / 179.0) ** power) for v in range(256)]
    a = Image.radial_gradient("L").resize((2 * R, 2 * R), Image.BILINEAR).point(lut)
    col = ImageChops.multiply(Image.new("RGB", a.size, color), Image.merge("RGB", (a, a, a)))
    x0, y0 = int(cx * K) - R, int(cy * K) - R
    box = (x0, y0, x0 + 2 * R, y0 + 2 * R)
    region = img.crop(box).convert("RGB")
    region = ImageChops.screen(region, col)
    if img.mode == "RGBA":
        region = region.convert("RGBA")
    if mask is None:
        img.paste(region, box)
    else:
        img.paste(region, box, mask.crop(box))


def clip(m1, m2):
    return ImageChops.multiply(m1, m2)


def vignette(img, strength=0.3, start=0.55):
    g = Image.radial_gradient("L").resize(img.size, Image.BILINEAR)
    lut = []
    for v in range(256):
        t = min(1.0, max(0.0, (v / 179.0 - start) / (1.42 - start)))
        lut.append(int(255 * (1 - strength * t ** 1.5)))
    g = g.point(lut)
    return ImageChops.multiply(img, Image.merge("RGB", (g, g, g)))


def layer():
    return Image.new("RGBA", canvas_size(), (0, 0, 0, 0))


def put_layer(img, lay, angle=0.0, cx=0, cy=0):
    if angle:
        lay = lay.rotate(angle, resample=Image.BICUBIC, center=(cx * K, cy * K))
    img.paste(lay, (0, 0), lay)


# ---------------------------------------------------------------------------
# surfaces
# ---------------------------------------------------------------------------

def wood(img, y0, base, seed, y1=H, seams=True):
    rnd = random.Random(seed)
    d = D(img)
    grad_fill(img, lambda m: m.rect((0, y0, W, y1), fill=255), mul(base, 0.8), mul(base, 1.06), y0, y1)
    y = y0 + 2
    while y < y1:
        k = (y - y0) / max(1, (y1 - y0))
        amp = rnd.uniform(1, 5)
        ph = rnd.uniform(0, 6.28)
        fr = rnd.uniform(0.004, 0.011)
        shade_f = (0.8 + 0.26 * k) * rnd.uniform(0.86, 0.95)
        pts = [(x, y + amp * math.sin(x * fr + ph)) for x in range(-20, W + 40, 30)]
        d.line(pts, fill=mul(base, shade_f), width=rnd.choice([1, 1, 1.5, 2]))
        y += rnd.uniform(4, 12) * (0.5 + 1.2 * k)
    if seams:
        y = y0
        step = 38
        while y < y1:
            y += step
            step *= 1.35
            if y < y1:
                d.line([(0, y), (W, y)], fill=mul(base, 0.55), width=2)
                d.line([(0, y + 2), (W, y + 2)], fill=mul(base, 1.12), width=1)
    # soft contact shadow where the table meets the wall
    fill(img, lambda m: m.rect((0, y0 - 2, W, y0 + 8), fill=255), mul(base, 0.4), 150, 4)


def bamboo_mat(img, y0, base, seed, y1=H):
    rnd = random.Random(seed)
    d = D(img)
    grad_fill(img, lambda m: m.rect((0, y0, W, y1), fill=255), mul(base, 0.85), mul(base, 1.04), y0, y1)
    y = y0
    while y < y1:
        k = (y - y0) / max(1, y1 - y0)
        h = 7 + 14 * k
        d.rect((0, y, W, y + h), fill=mul(base, rnd.uniform(0.9, 1.04) * (0.86 + 0.18 * k)))
        d.line([(0, y), (W, y)], fill=mul(base, 0.62), width=1)
        for _ in range(3):
            nx = rnd.uniform(0, W)
            d.line([(nx, y + 1), (nx, y + h - 1)], fill=mul(base, 0.75), width=1.5)
        y += h
    fill(img, lambda m: m.rect((0, y0 - 2, W, y0 + 8), fill=255), mul(base, 0.4), 140, 4)


def cloth(img, y0, base, y1=H, step=7):
    d = D(img)
    grad_fill(img, lambda m: m.rect((0, y0, W, y1), fill=255), mul(base, 0.85), mul(base, 1.04), y0, y1)
    dark = mul(base, 0.88)
    for x in range(0, W, step):
        d.line([(x, y0), (x, y1)], fill=dark, width=1)
    y = y0
    while y < y1:
        d.line([(0, y), (W, y)], fill=dark, width=1)
        y += step
    fill(img, lambda m: m.rect((0, y0 - 2, W, y0 + 8), fill=255), mul(base, 0.4), 140, 4)


# ---------------------------------------------------------------------------
# reusable objects
# ---------------------------------------------------------------------------

def anchovy(d, x, y, length, ang, back=(70, 95, 115), belly=(206, 214, 218)):
    h = length * 0.085
    top, bot = [], []
    for i in range(17):
        t = i / 16
        hh = h * math.sin(math.pi * min(1.0, t) ** 0.7) + h * 0.14 * t
        top.append((t * 0.82 * length, -hh))
        bot.append((t * 0.82 * length, hh))
    tail = [(0.82 * length, -0.14 * h), (length, -0.8 * h), (0.94 * length, 0), (length, 0.8 * h),
            (0.82 * length, 0.14 * h)]
    body = top + tail + bot[::-1]
    d.poly(rot(body, x, y, ang), fill=belly)
    d.poly(rot(top + [(p[0], -0.05 * h) for p in reversed(top)], x, y, ang), fill=back)
    d.line(rot([(0.08 * length, 0.05 * h), (0.8 * length, 0.02 * h)], x, y, ang), fill=(235, 240, 242), width=max(1, h * 0.35))
    d.poly(rot(tail, x, y, ang), fill=mix(back, belly, 0.4))
    ex, ey = rot([(0.08 * length, -0.1 * h)], x, y, ang)[0]
    d.circle(ex, ey, max(1.2, h * 0.32), fill=(25, 25, 30))


def palmate_leaf(d, x, y, ang, size, color, n=5, vein=None, spread=120):
    lengths = {5: [0.62, 0.85, 1.0, 0.85, 0.62], 7: [0.45, 0.65, 0.85, 1.0, 0.85, 0.65, 0.45],
               3: [0.8, 1.0, 0.8]}[n]
    angs = lin(ang - spread / 2, ang + spread / 2, n)
    order = sorted(range(n), key=lambda i: lengths[i])
    for i in order:
        L = size * lengths[i]
        c = mul(color, 0.9 + 0.12 * lengths[i])
        d.poly(leaf(x, y, angs[i], L, L * 0.38, p=1.25), fill=c)
        if vein:
            d.line(rot([(4, 0), (L * 0.92, 0)], x, y, angs[i]), fill=vein, width=1.5)


def frond(d, base, ctrl, tip, color, n=34, leaf_len=70, width=2.0, droop=0.35,
          rnd=None, rachis=None, lw=3.0):
    pts = qbez(base, ctrl, tip, n)
    rc = rachis or mul(color, 0.8)
    d.line(pts, fill=rc, width=lw)
    for i in range(3, n):
        t = i / n
        x, y = pts[i]
        tx, ty = pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]
        a = math.atan2(ty, tx)
        L = leaf_len * (0.35 + 0.9 * math.sin(math.pi * min(1, t * 1.1)) ** 0.8) * (1 - 0.55 * t)
        for side in (-1, 1):
            aa = a + side * math.radians(48 + (rnd.uniform(-8, 8) if rnd else 0))
            ex = x + math.cos(aa) * L
            ey = y + math.sin(aa) * L + L * droop
            c = color if not rnd else mul(color, rnd.uniform(0.85, 1.12))
            d.line([(x, y), ((x + ex) / 2, (y + ey) / 2 - L * 0.08), (ex, ey)], fill=c, width=width)


def lantern(img, cx, top, w, h, color, lit=False, tassel=(200, 40, 40), rib=True):
    d = D(img)
    cap_h = max(8, h * 0.08)
    y0, y1 = top + cap_h, top + cap_h + h
    prof = []
    for t in lin(0, 1, 24):
        prof.append((y0 + t * h, w / 2 * (0.3 + 0.7 * math.sin(math.pi * t) ** 0.85)))
    poly = lathe(cx, prof, ell=0.1)
    if lit:
        m = shade(img, lambda mm: mm.poly(poly, fill=255), color, cx - w / 2, cx + w / 2,
                  hl=0.5, amb=0.55, spec=0.0)
        inner = mix(color, (255, 244, 200), 0.75)
        glow(img, cx, y0 + h * 0.5, max(w, h) * 0.55, inner, 0.95, 1.2, mask=m)
    else:
        shade(img, lambda mm: mm.poly(poly, fill=255), color, cx - w / 2, cx + w / 2,
              hl=0.32, amb=0.5, spec=0.22)
    if rib:
        rc = mul(color, 0.62) if not lit else mul(color, 0.75)
        for u in (-0.75, -0.45, -0.15, 0.15, 0.45, 0.75):
            d.line([(cx + u * hw, y) for y, hw in prof[1:-1]], fill=rc, width=1.6)
        for t in (0.25, 0.75):
            yy = y0 + t * h
            d.line(ring_line(cx, yy, hw_at(prof, yy), 0.1), fill=rc, width=1.2)
    wood_c = (70, 40, 25) if lit else (95, 58, 34)
    cw = w * 0.17
    d.rect((cx - cw, top, cx + cw, y0 + 3), fill=wood_c, r=3)
    d.rect((cx - cw, y1 - 3, cx + cw, y1 + cap_h), fill=wood_c, r=3)
    # tassel
    ty = y1 + cap_h
    d.circle(cx, ty + 6, 6, fill=tassel)
    tl = h * 0.42
    for k in range(-4, 5):
        d.line([(cx, ty + 8), (cx + k * 1.6, ty + 8 + tl)], fill=mul(tassel, 0.85 + 0.04 * (k % 3)), width=1.4)
    return y1 + cap_h + tl


def basket_boat(img, cx, cy, rx, seed, person=True, shirt=(60, 90, 140), paddle_side=1,
                water=(60, 110, 110)):
    d = D(img)
    ry = rx * 0.32
    depth = rx * 0.42
    # reflection
    fill(img, lambda m: m.ell((cx - rx * 1.05, cy + depth * 0.6, cx + rx * 1.05, cy + depth * 1.6), fill=255),
         mul(water, 0.55), 150, 6)
    hull = [(cx + rx * math.cos(a), cy + depth * math.sin(a)) for a in lin(0, math.pi, 30)]
    hm = shade(img, lambda m: m.poly(hull, fill=255), (88, 66, 46), cx - rx, cx + rx, hl=0.3, amb=0.55, spec=0.12)
    # woven texture
    tex = mask_of(img, lambda m: [m.line([(cx - rx + i, cy - 5), (cx - rx + i + depth * 0.9, cy + depth + 5)], fill=255, width=1.2)
                                  for i in range(int(-depth), int(2 * rx + depth), 9)]
                  + [m.line([(cx - rx + i, cy - 5), (cx - rx + i - depth * 0.9, cy + depth + 5)], fill=255, width=1.2)
                     for i in range(0, int(2 * rx + 2 * depth), 9)])
    fill(img, clip(tex, hm), (50, 36, 26), 120)
    # water line
    d.line([(cx - rx * 0.98, cy + depth * 0.35), (cx - rx * 0.5, cy + depth * 0.62), (cx, cy + depth * 0.7),
            (cx + rx * 0.5, cy + depth * 0.62), (cx + rx * 0.98, cy + depth * 0.35)], fill=mix(water, (230, 240, 235), 0.4), width=2)
    # inside
    d.ell((cx - rx, cy - ry, cx + rx, cy + ry), fill=(52, 38, 28))
    d.ell((cx - rx * 0.9, cy - ry * 0.75, cx + rx * 0.9, cy + ry * 0.85), fill=(72, 54, 38))
    if person:
        s = rx / 100.0
        # body
        body = [(cx - 26 * s, cy + 4 * s), (cx - 22 * s, cy - 70 * s), (cx - 6 * s, cy - 84 * s),
                (cx + 14 * s, cy - 82 * s), (cx + 26 * s, cy - 66 * s), (cx + 28 * s, cy + 4 * s)]
        shade(img, lambda m: m.poly(body, fill=255), shirt, cx - 26 * s, cx + 28 * s, hl=0.35, amb=0.55, spec=0.1)
        d.circle(cx + 2 * s, cy - 96 * s, 15 * s, fill=(170, 120, 85))
        # paddle
        px = cx + paddle_side * 20 * s
        d.line([(px, cy - 60 * s), (cx + paddle_side * 95 * s, cy + 40 * s)], fill=(120, 85, 50), width=4 * s)
        blade = rot([(0, -8 * s), (36 * s, -10 * s), (40 * s, 0), (36 * s, 10 * s), (0, 8 * s)],
                    cx + paddle_side * 85 * s, cy + 30 * s, 45 if paddle_side > 0 else 135)
        d.poly(blade, fill=(110, 78, 46))
        d.line([(cx - 18 * s, cy - 62 * s), (px, cy - 52 * s)], fill=(170, 120, 85), width=6 * s)
        # conical hat (non la)
        hat = [(cx - 44 * s, cy - 100 * s), (cx + 2 * s, cy - 150 * s), (cx + 48 * s, cy - 100 * s)]
        shade(img, lambda m: m.poly(hat, fill=255), (240, 222, 170), cx - 44 * s, cx + 48 * s, hl=0.35, amb=0.6, spec=0.1)
        for k in range(1, 4):
            t = k / 4
            d.line([(cx + 2 * s - 46 * s * t, cy - 150 * s + 50 * s * t), (cx + 2 * s + 46 * s * t, cy - 150 * s + 50 * s * t)],
                   fill=(205, 185, 130), width=1)
        d.ell((cx - 46 * s, cy - 104 * s, cx + 50 * s, cy - 96 * s), fill=(222, 200, 145))
    # front rim (bamboo ring)
    d.arc((cx - rx, cy - ry, cx + rx, cy + ry), 0, 180, fill=(150, 116, 72), width=max(3, rx * 0.06))
    d.arc((cx - rx, cy - ry, cx + rx, cy + ry), 180, 360, fill=(128, 98, 60), width=max(2, rx * 0.045))
    # ripples
    for k in range(2):
        e = 1.15 + 0.22 * k
        d.arc((cx - rx * e, cy + depth * 0.2 - ry * e * 0.6, cx + rx * e, cy + depth * 0.6 + ry * e * 0.6),
              10 + 15 * k, 170 - 15 * k, fill=mix(water, (235, 245, 240), 0.35 - 0.1 * k), width=1.6)


# ---------------------------------------------------------------------------
# scenes
# ---------------------------------------------------------------------------

def scene_fish_sauce_bottle():
    img = bg_grad((238, 229, 212), (212, 196, 170))
    glow(img, 260, 160, 520, (255, 250, 235), 0.45)
    wood(img, 600, (156, 106, 68), seed=11)
    d = D(img)
    cx = 520
    prof = catmull([(236, 25), (300, 26), (352, 31), (398, 64), (436, 94), (472, 103), (520, 104),
                    (730, 104), (754, 98), (766, 90)], 8)
    shadow(img, (cx - 150, 744, cx + 210, 796), 170, 12)
    outline = lathe(cx, prof, 0.12)
    shade(img, lambda m: m.poly(outline, fill=255), (232, 226, 212), cx - 104, cx + 104, amb=0.72, spec=0.35)
    # liquid
    lvl = 372
    inner = [(y, hw - 6) for y, hw in prof if y >= lvl - 2]
    liq = lathe(cx, inner, 0.12)
    shade(img, lambda m: m.poly(liq, fill=255), (178, 86, 30), cx - 98, cx + 98, hl=0.34, amb=0.5, spec=0.25)
    hw = hw_at(prof, lvl) - 6
    d.ell((cx - hw, lvl - hw * 0.12, cx + hw, lvl + hw * 0.12), fill=(196, 118, 52))
    # label
    def band(ya, yb, x0=-1.0, x1=1.0):
        xs = lin(x0, x1, 30)
        return ([(cx + 103 * x, ya + 12 * math.sqrt(max(0, 1 - x * x))) for x in xs]
                + [(cx + 103 * x, yb + 12 * math.sqrt(max(0, 1 - x * x))) for x in reversed(xs)])
    shade(img, lambda m: m.poly(band(505, 690), fill=255), (247, 238, 214), cx - 104, cx + 104, amb=0.7, spec=0.12)
    shade(img, lambda m: m.poly(band(505, 530), fill=255), (178, 36, 36), cx - 104, cx + 104, amb=0.6, spec=0.1)
    shade(img, lambda m: m.poly(band(666, 690), fill=255), (178, 36, 36), cx - 104, cx + 104, amb=0.6, spec=0.1)
    d.circle(cx, 598, 46, fill=(238, 196, 80))
    anchovy(d, cx + 52, 596, 104, 180, back=(32, 62, 112), belly=(58, 96, 150))
    d.line([(cx - 50 + i * 10, 640 + (4 if i % 2 else 0)) for i in range(11)], fill=(40, 90, 150), width=3)
    d.rect((cx - 45, 652, cx + 45, 657), fill=(150, 140, 120), r=2)
    # highlight streak on glass
    fill(img, lambda m: m.rect((cx - 78, 410, cx - 66, 735), fill=255, r=6), (255, 255, 255), 90, 2)
    fill(img, lambda m: m.rect((cx - 16, 250, cx - 10, 345), fill=255, r=3), (255, 255, 255), 110, 1)
    # cap
    shade(img, lambda m: m.rect((cx - 31, 196, cx + 31, 244), fill=255, r=6), (196, 42, 36), cx - 31, cx + 31, amb=0.5, spec=0.3)
    for x in range(-24, 26, 6):
        d.line([(cx + x, 202), (cx + x, 240)], fill=(140, 28, 24), width=1.2)
    d.ell((cx - 31, 190, cx + 31, 202), fill=(214, 70, 60))
    d.rect((cx - 29, 244, cx + 29, 252), fill=(160, 32, 28), r=2)
    # dipping dish with chilli
    dx, dy = 840, 712
    shadow(img, (dx - 140, dy - 10, dx + 150, dy + 52), 130, 10)
    dish = [(dx + 130 * math.cos(a), dy + 40 * math.sin(a)) for a in lin(0, math.pi, 30)]
    shade(img, lambda m: m.poly(dish + [(dx - 130, dy)], fill=255), (244, 244, 240), dx - 130, dx + 130, amb=0.72, spec=0.2)
    d.ell((dx - 130, dy - 36, dx + 130, dy + 36), fill=(236, 238, 236))
    d.ell((dx - 130, dy - 36, dx + 130, dy + 36), outline=(48, 90, 160), width=3)
    d.ell((dx - 104, dy - 26, dx + 104, dy + 26), fill=(170, 84, 32))
    d.ell((dx - 90, dy - 22, dx + 60, dy + 18), fill=(188, 102, 44))
    rnd = random.Random(5)
    for _ in range(9):
        a = rnd.uniform(0, 6.28)
        r = rnd.uniform(0, 0.75)
        x, y = dx + 88 * r * math.cos(a), dy + 20 * r * math.sin(a)
        d.ell((x - 10, y - 5, x + 10, y + 5), fill=(214, 40, 34))
        d.ell((x - 5, y - 2.5, x + 5, y + 2.5), fill=(240, 190, 120))
    for _ in range(5):
        a = rnd.uniform(0, 6.28)
        x, y = dx + 70 * math.cos(a) * rnd.uniform(0, 1), dy + 16 * math.sin(a) * rnd.uniform(0, 1)
        d.ell((x - 5, y - 3, x + 5, y + 3), fill=(246, 240, 220))
    # anchovies on the table
    for (x, y, L, a) in [(120, 790, 170, -8), (170, 826, 160, 4), (300, 770, 150, -14), (640, 826, 150, 170)]:
        fill(img, lambda m: m.poly(rot([(0, -6), (L, -6), (L, 10), (0, 10)], x + 6, y + 8, a), fill=255), (40, 25, 15), 70, 5)
        anchovy(d, x, y, L, a)
    return img


def barrel(img, cx, top, bottom, hw, color=(150, 98, 58)):
    d = D(img)
    mid = (top + bottom) / 2
    prof = catmull([(top, hw * 0.9), (mid, hw), (bottom, hw * 0.9)], 12)
    ell = 0.2
    shade(img, lambda m: m.poly(lathe(cx, prof, ell), fill=255), color, cx - hw, cx + hw, amb=0.45, spec=0.12, hl=0.35)
    for u in lin(-0.92, 0.92, 11):
        d.line([(cx + u * h_, y + h_ * ell * math.sqrt(max(0, 1 - u * u))) for y, h_ in prof], fill=mul(color, 0.7), width=1.5)
    for t in (0.08, 0.3, 0.7, 0.92):
        y = top + (bottom - top) * t
        h_ = hw_at(prof, y)
        d.line(ring_line(cx, y, h_ + 2, ell), fill=(58, 46, 38), width=8)
        d.line(ring_line(cx, y - 3, h_ + 2, ell, 20)[3:17], fill=(110, 96, 82), width=2)
    ht = prof[0][1]
    d.ell((cx - ht, top - ht * ell, cx + ht, top + ht * ell), fill=mul(color, 1.15))
    d.ell((cx - ht * 0.9, top - ht * ell * 0.85, cx + ht * 0.9, top + ht * ell * 0.85), fill=(62, 36, 18))
    d.ell((cx - ht * 0.6, top - ht * ell * 0.45, cx + ht * 0.2, top + ht * ell * 0.3), fill=(92, 52, 24))


def scene_fish_sauce_barrels():
    img = bg_grad((150, 196, 228), (226, 236, 238))
    d = D(img)
    # sea and island
    d.poly([(560, 420), (640, 392), (700, 384), (780, 396), (860, 420)], fill=(120, 150, 170))
    grad_fill(img, lambda m: m.rect((0, 418, W, 470), fill=255), (84, 140, 178), (130, 176, 198), 418, 470)
    for y in (432, 446, 458):
        d.line([(0, y), (W, y)], fill=(160, 198, 214), width=1)
    grad_fill(img, lambda m: m.rect((0, 468, W, H), fill=255), (226, 210, 176), (204, 180, 138), 468, H)
    rnd = random.Random(21)
    for _ in range(140):
        x, y = rnd.uniform(0, W), rnd.uniform(475, 880)
        d.ell((x - 2, y - 1, x + 2, y + 1), fill=(188, 164, 124))
    # barrels
    shadow(img, (300, 580, 640, 640), 120, 14)
    barrel(img, 470, 300, 600, 112, (140, 92, 54))
    shadow(img, (100, 700, 480, 770), 150, 14)
    barrel(img, 280, 360, 736, 150, (156, 102, 60))
    shadow(img, (500, 700, 820, 760), 150, 14)
    barrel(img, 650, 420, 728, 128, (148, 96, 56))
    # round bamboo drying tray with anchovies
    tx, ty, rx, ry = 930, 760, 230, 76
    shadow(img, (tx - rx, ty - ry + 20, tx + rx + 20, ty + ry + 20), 130, 10)
    d.ell((tx - rx, ty - ry, tx + rx, ty + ry), fill=(180, 142, 86))
    inner = mask_of(img, lambda m: m.ell((tx - rx + 12, ty - ry + 6, tx + rx - 12, ty + ry - 6), fill=255))
    fill(img, inner, (212, 178, 118))
    tex = mask_of(img, lambda m: [m.line([(tx - rx + i, ty - ry), (tx - rx + i + 60, ty + ry)], fill=255, width=1)
                                  for i in range(-80, 2 * rx + 80, 10)])
    fill(img, clip(tex, inner), (186, 150, 94))
    for _ in range(34):
        a = rnd.uniform(0, 6.28)
        r = math.sqrt(rnd.uniform(0, 1)) * 0.8
        x, y = tx + (rx - 40) * r * math.cos(a), ty + (ry - 14) * r * math.sin(a)
        anchovy(d, x - 30, y, 62, rnd.uniform(-25, 25) + rnd.choice([0, 180]))
    return img


def scene_ginseng():
    img = bg_grad((52, 70, 54), (26, 34, 28))
    glow(img, 600, 330, 620, (120, 150, 110), 0.45)
    wood(img, 620, (92, 62, 44), seed=31)
    img = vignette(img, 0.35)
    d = D(img)
    # stem and leaves
    stem = qbez((560, 578), (640, 440), (700, 300), 20)
    d.poly(tube(stem, 7, 5), fill=(104, 92, 62))
    d.line(stem[:8], fill=(140, 70, 80), width=3)
    rnd = random.Random(7)
    hub = (700, 300)
    for ang, L, size in [(200, 110, 175), (330, 120, 170), (150, 90, 150), (35, 100, 160)]:
        ex = hub[0] + math.cos(math.radians(ang)) * L
        ey = hub[1] + math.sin(math.radians(ang)) * L
        d.line([hub, ((hub[0] + ex) / 2, (hub[1] + ey) / 2 - 14), (ex, ey)], fill=(96, 120, 60), width=4)
        palmate_leaf(d, ex, ey, ang, size, (70, 128, 58), 5, vein=(130, 170, 90), spread=150)
    # berry cluster
    d.line([hub, (705, 240), (712, 190)], fill=(96, 120, 60), width=4)
    for _ in range(26):
        a = rnd.uniform(0, 6.28)
        r = math.sqrt(rnd.uniform(0, 1)) * 34
        x, y = 712 + r * math.cos(a), 170 + r * math.sin(a) * 0.9
        sphere(img, lambda m: m.circle(x, y, 11, fill=255), (236, 48, 40), x - 4, y - 4, 14, amb=0.45, spec=0.6, spec_r=0.3)
    # root: main body, legs, rhizome with nodes
    rc = (232, 206, 158)
    shadow(img, (160, 660, 600, 780), 150, 14)
    neck = qbez((560, 580), (520, 590), (470, 614), 16)
    for i, (x, y) in enumerate(neck):
        if i % 3 == 0:
            sphere(img, lambda m: m.ell((x - 15, y - 13, x + 15, y + 13), fill=255), rc, x - 5, y - 6, 22, amb=0.5)
    legs = [(qbez((360, 690), (260, 700), (170, 740), 20), 30, 3),
            (qbez((370, 700), (300, 760), (240, 808), 20), 26, 3),
            (qbez((430, 672), (420, 740), (380, 796), 16), 16, 2)]
    for pts, r0, r1 in legs:
        sphere(img, lambda m: m.poly(tube(pts, r0, r1), fill=255), rc, pts[0][0] - 10, pts[0][1] - 20, 260, amb=0.55)
    body = qbez((480, 612), (420, 640), (350, 690), 16)
    sphere(img, lambda m: m.poly(tube(body, 44, 36), fill=255), rc, 410, 620, 150, amb=0.5, spec=0.2)
    for i in range(2, 15, 2):
        x, y = body[i]
        d.arc((x - 30, y - 44, x + 30, y + 44), 200, 330, fill=(176, 142, 96), width=2)
    for pts, _, _ in legs:
        for i in range(6, 20, 4):
            if i < len(pts):
                x, y = pts[i]
                for s in (-1, 1):
                    d.line([(x, y), (x + s * rnd.uniform(10, 30), y + rnd.uniform(14, 40))], fill=(196, 170, 124), width=1)
    # jar of extract (cao)
    jx, jy = 950, 620
    shadow(img, (jx - 110, jy + 130, jx + 130, jy + 180), 170, 12)
    jp = catmull([(jy, 86), (jy + 20, 96), (jy + 150, 96), (jy + 160, 90)], 6)
    shade(img, lambda m: m.poly(lathe(jx, jp, 0.15), fill=255), (76, 46, 30), jx - 96, jx + 96, amb=0.45, spec=0.35, hl=0.3)
    def band(ya, yb):
        xs = lin(-1, 1, 24)
        return ([(jx + 97 * x, ya + 14 * math.sqrt(1 - x * x)) for x in xs]
                + [(jx + 97 * x, yb + 14 * math.sqrt(1 - x * x)) for x in reversed(xs)])
    shade(img, lambda m: m.poly(band(660, 740), fill=255), (240, 230, 200), jx - 97, jx + 97, amb=0.65, spec=0.1)
    palmate_leaf(d, jx, 722, -90, 46, (60, 120, 50), 5, spread=140)
    shade(img, lambda m: m.rect((jx - 92, jy - 56, jx + 92, jy + 6), fill=255, r=8), (214, 170, 84), jx - 92, jx + 92, amb=0.5, spec=0.4)
    d.ell((jx - 92, jy - 70, jx + 92, jy - 42), fill=(226, 188, 104))
    for x in range(-84, 90, 8):
        d.line([(jx + x, jy - 46), (jx + x, jy + 2)], fill=(176, 134, 60), width=1)
    return img


def scene_cinnamon():
    img = bg_grad((240, 226, 206), (222, 198, 168))
    glow(img, 900, 120, 600, (255, 248, 232), 0.4)
    cloth(img, 560, (188, 156, 112), step=6)
    d = D(img)
    rnd = random.Random(41)
    r = 30
    dvec = (440, -130)
    ends = []
    rows = [5, 4, 3, 2]
    for ri, cnt in enumerate(rows):
        for k in range(cnt):
            ex = 150 + ri * (r * 1.02) + k * (2 * r * 1.02) + rnd.uniform(-4, 4)
            ey = 700 - ri * (r * 1.74) + rnd.uniform(-2, 2)
            ends.append((ex, ey, rnd.uniform(0.88, 1.1), rnd.uniform(-30, 40)))
    shadow(img, (120, 650, 850, 770), 160, 18)
    dx, dy = dvec
    ln = math.hypot(dx, dy)
    ux, uy = dx / ln, dy / ln
    nx, ny = -uy, ux
    for ex, ey, tone, extra in sorted(ends, key=lambda e: e[0] * ux + e[1] * uy):
        base = mul((164, 88, 46), tone)
        L = ln + extra
        for kk in range(-r, r + 1):
            t = (kk + r) / (2 * r)
            th = (t - 0.5) * math.pi
            c = max(0.0, math.cos(th + 0.55))
            f = 0.5 + 0.6 * c
            col = mul(base, f)
            d.line([(ex + nx * kk, ey + ny * kk), (ex + nx * kk + ux * L, ey + ny * kk + uy * L)], fill=col, width=1.6)
        for _ in range(4):
            kk = rnd.uniform(-r * 0.8, r * 0.8)
            a0 = rnd.uniform(0.05, 0.5) * L
            d.line([(ex + nx * kk + ux * a0, ey + ny * kk + uy * a0),
                    (ex + nx * kk + ux * (a0 + rnd.uniform(60, 200)), ey + ny * kk + uy * (a0 + rnd.uniform(60, 200)))],
                   fill=mul(base, 0.75), width=1.2)
        d.ell((ex + ux * L - r * 0.4, ey + uy * L - r * 0.95, ex + ux * L + r * 0.4, ey + uy * L + r * 0.95), fill=mul(base, 0.8))
    for ex, ey, tone, _ in ends:
        rx_, ry_ = r * 0.62, r * 0.98
        d.ell((ex - rx_, ey - ry_, ex + rx_, ey + ry_), fill=(206, 144, 88))
        d.ell((ex - rx_ + 5, ey - ry_ + 5, ex + rx_ - 5, ey + ry_ - 5), fill=(96, 50, 26))
        # two inward scrolls of bark
        for s in (-1, 1):
            pts = []
            for i in range(22):
                t = i / 21
                a = math.pi * (0.5 + s * 0.5) + s * t * math.pi * 1.5
                rr = (ry_ - 6) * (1 - 0.65 * t)
                pts.append((ex + s * 4 * t + math.cos(a) * rr * 0.55, ey + math.sin(a) * rr * 0.9))
            d.line(pts, fill=(196, 130, 76), width=3.5)
    # small bowl of cinnamon powder
    bx, by = 985, 690
    shadow(img, (bx - 150, by + 20, bx + 160, by + 90), 150, 12)
    bowl = [(bx + 140 * math.cos(a), by + 110 * math.sin(a)) for a in lin(0, math.pi, 30)]
    shade(img, lambda m: m.poly(bowl, fill=255), (150, 104, 66), bx - 140, bx + 140, amb=0.5, spec=0.2)
    d.ell((bx - 140, by - 34, bx + 140, by + 34), fill=(118, 80, 50))
    mound = [(bx + 124 * math.cos(a), by + 26 * math.sin(a)) for a in lin(0, math.pi, 24)] + \
        [(bx - 124 + 248 * t, by - 62 * math.sin(math.pi * t) ** 0.7) for t in lin(0, 1, 30)]
    sphere(img, lambda m: m.poly(mound, fill=255), (200, 124, 70), bx - 40, by - 50, 190, amb=0.6)
    rnd2 = random.Random(43)
    for _ in range(60):
        t = rnd2.uniform(0.05, 0.95)
        x = bx - 124 + 248 * t
        y = by + rnd2.uniform(-58 * math.sin(math.pi * t) ** 0.7 + 4, 20)
        d.circle(x, y, 1.6, fill=rnd2.choice([(150, 86, 46), (216, 150, 96)]))
    d.arc((bx - 140, by - 34, bx + 140, by + 34), 0, 180, fill=(150, 104, 66), width=5)
    # loose bark pieces
    for (x, y, a, L) in [(560, 780, -10, 150), (740, 808, 14, 110), (330, 818, 4, 120)]:
        fill(img, lambda m: m.poly(rot([(0, -6), (L, -6), (L, 16), (0, 16)], x, y + 8, a), fill=255), (60, 35, 20), 90, 4)
        d.poly(rot([(0, -10), (L, -8), (L, 10), (0, 12)], x, y, a), fill=(150, 80, 42))
        d.poly(rot([(0, -10), (L, -8), (L, -2), (0, -3)], x, y, a), fill=(190, 120, 70))
        d.line(rot([(10, 4), (L - 20, 2)], x, y, a), fill=(120, 62, 30), width=1.2)
    return img


def crosshatch_mask(img, box, step, slope):
    x0, y0, x1, y1 = box
    def f(m):
        span = (y1 - y0) / slope
        x = x0 - span
        while x < x1 + span:
            m.line([(x, y0), (x + span, y1)], fill=255, width=1.4)
            m.line([(x + span, y0), (x, y1)], fill=255, width=1.4)
            x += step
    return mask_of(img, f)


def scene_rice_paper():
    img = bg_grad((220, 230, 210), (192, 206, 182))
    glow(img, 300, 150, 600, (250, 252, 240), 0.4)
    bamboo_mat(img, 540, (214, 188, 136), seed=51)
    d = D(img)
    # two discs standing against the wall
    for cx, cy, r_, a in [(360, 380, 235, 225), (820, 400, 215, 205)]:
        box = (cx - r_ * 0.96, cy - r_, cx + r_ * 0.96, cy + r_)
        fill(img, lambda m: m.ell((box[0] + 14, box[1] + 18, box[2] + 24, box[3] + 14), fill=255), (90, 100, 80), 70, 12)
        dm = fill(img, lambda m: m.ell(box, fill=255), (244, 236, 216), a)
        fill(img, clip(crosshatch_mask(img, box, 26, 1.0), dm), (214, 198, 166), 150)
        d.ell(box, outline=(222, 208, 180), width=3)
    # stack of discs
    cx, cy, rx, ry = 560, 648, 300, 92
    shadow(img, (cx - rx - 10, cy + 30, cx + rx + 40, cy + ry + 80), 150, 14)
    n = 16
    for i in range(n):
        y = cy + (n - i) * 4.2
        tone = 0.92 + 0.08 * (i % 2)
        d.ell((cx - rx, y - ry, cx + rx, y + ry), fill=mul((226, 212, 184), tone))
    top = (cx - rx, cy - ry, cx + rx, cy + ry)
    tm = mask_of(img, lambda m: m.ell(top, fill=255))
    sphere(img, tm, (246, 238, 218), cx - 80, cy - 40, 340, amb=0.88)
    fill(img, clip(crosshatch_mask(img, top, 30, 0.33), tm), (222, 206, 174), 170)
    rnd = random.Random(52)
    for _ in range(50):
        a = rnd.uniform(0, 6.28)
        r = math.sqrt(rnd.uniform(0, 1)) * 0.9
        x, y = cx + rx * r * math.cos(a), cy + ry * r * math.sin(a)
        d.ell((x - 4, y - 1.5, x + 4, y + 1.5), fill=(250, 246, 236))
    d.ell(top, outline=(214, 198, 168), width=2)
    # sesame rice crackers
    sx, sy, srx, sry = 1010, 772, 190, 60
    shadow(img, (sx - srx, sy - 10, sx + srx + 30, sy + sry + 30), 140, 12)
    for i in range(3):
        d.ell((sx - srx, sy - sry + (3 - i) * 6, sx + srx, sy + sry + (3 - i) * 6), fill=(206, 168, 110))
    sm = mask_of(img, lambda m: m.ell((sx - srx, sy - sry, sx + srx, sy + sry), fill=255))
    sphere(img, sm, (232, 196, 138), sx - 60, sy - 20, 240, amb=0.82)
    for _ in range(180):
        a = rnd.uniform(0, 6.28)
        r = math.sqrt(rnd.uniform(0, 1)) * 0.92
        x, y = sx + srx * r * math.cos(a), sy + sry * r * math.sin(a)
        an = rnd.uniform(0, 180)
        d.poly(rot([(-3.5, 0), (0, -1.6), (3.5, 0), (0, 1.6)], x, y, an), fill=rnd.choice([(40, 34, 30), (60, 50, 40), (238, 226, 200)]))
    return img


def noodle_bundle(lay, cx, cy, w, h, seed, tie=(180, 40, 40)):
    rnd = random.Random(seed)
    d = D(lay)
    pal = [(244, 202, 84), (232, 182, 58), (250, 218, 118), (222, 168, 48), (238, 194, 70)]
    d.rect((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), fill=(214, 160, 46), r=h * 0.35)
    y = cy - h / 2 + 5
    while y < cy + h / 2 - 4:
        inset = h * 0.3 * (1 - math.sqrt(max(0, 1 - ((y - cy) / (h / 2)) ** 2)))
        x0 = cx - w / 2 + inset + rnd.uniform(0, 8)
        x1 = cx + w / 2 - inset - rnd.uniform(0, 8)
        ph = rnd.uniform(0, 6.28)
        pts = [(x, y + 1.5 * math.sin(x * 0.06 + ph)) for x in lin(x0, x1, 24)]
        d.line(pts, fill=rnd.choice(pal), width=rnd.uniform(5, 8))
        y += rnd.uniform(4.5, 7)
    d.rect((cx - 12, cy - h / 2 - 4, cx + 12, cy + h / 2 + 4), fill=tie, r=4)
    d.line([(cx - 12, cy - h / 2 + 6), (cx + 12, cy - h / 2 + 6)], fill=mul(tie, 0.7), width=2)


def chilli(d, x, y, ang, L=130):
    pts = rot([(t * L, 10 * math.sin(t * 2.2)) for t in lin(0, 1, 16)], x, y, ang)
    d.poly(tube(pts, 13, 2), fill=(200, 30, 26))
    d.line(tube(pts, 7, 1)[2:12], fill=(244, 110, 90), width=2)
    sx, sy = pts[0]
    d.line([(sx, sy), rot([(-22, -6)], sx, sy, ang)[0]], fill=(70, 120, 40), width=5)
    d.circle(sx, sy, 9, fill=(80, 130, 46))


def scene_noodles():
    img = bg_grad((246, 236, 214), (230, 212, 180))
    glow(img, 220, 120, 600, (255, 252, 240), 0.4)
    wood(img, 470, (146, 98, 62), seed=61)
    d = D(img)
    tx, ty, rx, ry = 590, 650, 480, 196
    shadow(img, (tx - rx, ty - ry + 40, tx + rx + 30, ty + ry + 40), 160, 16)
    d.ell((tx - rx, ty - ry, tx + rx, ty + ry), fill=(168, 128, 74))
    inner = mask_of(img, lambda m: m.ell((tx - rx + 22, ty - ry + 10, tx + rx - 22, ty + ry - 8), fill=255))
    sphere(img, inner, (222, 190, 128), tx - 100, ty - 80, 520, amb=0.8)
    tex1 = crosshatch_mask(img, (tx - rx, ty - ry, tx + rx, ty + ry), 16, 0.45)
    fill(img, clip(tex1, inner), (190, 152, 96), 150)
    for (cx, cy, w, h, a, s) in [(430, 560, 330, 120, 8, 1), (760, 585, 320, 116, -10, 2), (580, 720, 340, 124, 4, 3)]:
        lay = layer()
        fill(lay, lambda m: m.rect((cx - w / 2 + 10, cy - h / 2 + 22, cx + w / 2 + 16, cy + h / 2 + 22), fill=255, r=40),
             (40, 25, 10), 110, 10)
        noodle_bundle(lay, cx, cy, w, h, s)
        put_layer(img, lay, a, cx, cy)
    # loose strands
    rnd = random.Random(62)
    for i in range(6):
        x0 = 860 + rnd.uniform(-30, 30)
        y0 = 720 + rnd.uniform(-20, 20)
        pts = cbez((x0, y0), (x0 + 80, y0 - 60 + i * 8), (x0 + 140, y0 + 60), (x0 + 200, y0 + 10 + i * 6), 30)
        d.line(pts, fill=rnd.choice([(240, 196, 74), (226, 176, 56)]), width=6)
    chilli(d, 160, 820, -12)
    chilli(d, 190, 850, -2, 110)
    # lime half
    lx, ly = 1090, 830
    sphere(img, lambda m: m.circle(lx, ly, 56, fill=255), (110, 170, 60), lx - 20, ly - 20, 80, amb=0.5)
    d.ell((lx - 50, ly - 26, lx + 50, ly + 16), fill=(206, 226, 130))
    for k in range(8):
        a = k * math.pi / 4
        d.line([(lx, ly - 5), (lx + 40 * math.cos(a), ly - 5 + 18 * math.sin(a))], fill=(236, 244, 190), width=2)
    return img


LANTERN_COLS = [(206, 40, 40), (240, 176, 40), (226, 96, 40), (214, 80, 120), (40, 140, 112), (54, 96, 176)]


def scene_lanterns_day():
    img = bg_grad((238, 196, 96), (218, 170, 74))
    rnd = random.Random(71)
    # weathered wall patches
    for _ in range(14):
        x, y, r = rnd.uniform(0, W), rnd.uniform(120, 800), rnd.uniform(60, 180)
        fill(img, lambda m: m.ell((x - r, y - r * 0.6, x + r, y + r * 0.6), fill=255),
             rnd.choice([(250, 214, 120), (196, 146, 60)]), 60, 40)
    d = D(img)
    # lower wall and wooden beam
    grad_fill(img, lambda m: m.rect((0, 780, W, H), fill=255), (150, 110, 60), (120, 86, 48), 780, H)
    d.line([(0, 780), (W, 780)], fill=(110, 78, 40), width=4)
    shade(img, lambda m: m.rect((0, 30, W, 92), fill=255), (110, 70, 42), 30, 92, orient="v", amb=0.5, spec=0.15, hl=0.3)
    fill(img, lambda m: m.rect((0, 92, W, 110), fill=255), (80, 50, 20), 110, 8)
    items = [(120, 130, 118, 150), (300, 170, 140, 130), (480, 120, 124, 160),
             (660, 190, 146, 134), (840, 130, 120, 150), (1030, 170, 136, 140)]
    for i, (cx, top, w, h) in enumerate(items):
        d.line([(cx, 92), (cx, top)], fill=(60, 40, 25), width=2)
        fill(img, lambda m: m.ell((cx - w / 2 + 20, top + 40, cx + w / 2 + 40, top + h + 60), fill=255), (120, 80, 20), 70, 18)
        col = LANTERN_COLS[i % len(LANTERN_COLS)]
        lantern(img, cx, top, w, h, col, tassel=LANTERN_COLS[(i + 2) % 6])
    # a second, lower row (smaller)
    for i, (cx, top, w, h) in enumerate([(210, 420, 96, 120), (570, 440, 104, 112), (930, 420, 96, 124)]):
        d.line([(cx, 92), (cx, top)], fill=(60, 40, 25), width=2)
        fill(img, lambda m: m.ell((cx - w / 2 + 20, top + 40, cx + w / 2 + 40, top + h + 60), fill=255), (120, 80, 20), 70, 18)
        lantern(img, cx, top, w, h, LANTERN_COLS[(i * 2 + 3) % 6], tassel=(206, 40, 40))
    return img


def rooftops(img, y, color, seed, lights=True):
    rnd = random.Random(seed)
    d = D(img)
    x = -40
    while x < W + 40:
        w = rnd.uniform(140, 240)
        top = y - rnd.uniform(60, 150)
        d.rect((x, top + 30, x + w, y + 200), fill=color)
        d.poly([(x - 20, top + 38), (x + 10, top), (x + w - 10, top), (x + w + 20, top + 38)], fill=mul(color, 0.8))
        d.line([(x - 24, top + 40), (x - 8, top + 26)], fill=mul(color, 0.8), width=5)
        d.line([(x + w + 24, top + 40), (x + w + 8, top + 26)], fill=mul(color, 0.8), width=5)
        if lights:
            for k in range(rnd.randint(1, 3)):
                wx = x + 20 + k * (w - 40) / 3 + rnd.uniform(0, 20)
                wy = top + 70 + rnd.uniform(0, 40)
                d.rect((wx, wy, wx + 26, wy + 36), fill=(250, 190, 90))
                glow(img, wx + 13, wy + 18, 50, (180, 110, 40), 0.5)
        x += w + rnd.uniform(10, 40)


def scene_lanterns_night():
    img = bg_grad((12, 18, 48), (44, 40, 78))
    rnd = random.Random(81)
    d = D(img)
    for _ in range(50):
        x, y = rnd.uniform(0, W), rnd.uniform(0, 300)
        d.circle(x, y, rnd.uniform(0.8, 1.8), fill=(220, 220, 240))
    rooftops(img, 560, (30, 26, 40), 82)
    wy = 610
    items = []
    for row, (y0, sag, n, size) in enumerate([(120, 90, 7, 1.0), (300, 70, 9, 0.72)]):
        xs = lin(80, 1120, n)
        pts = [(x, y0 + sag * (1 - ((x - 600) / 560) ** 2)) for x in lin(-20, 1220, 40)]
        d.line(pts, fill=(20, 16, 20), width=2)
        for i, x in enumerate(xs):
            yy = y0 + sag * (1 - ((x - 600) / 560) ** 2)
            items.append((x, yy, size, LANTERN_COLS[(i + row * 3) % 6]))
    for x, yy, s, col in items:
        glow(img, x, yy + 90 * s, 190 * s, mix(col, (255, 190, 90), 0.5), 0.55, 2.2)
    for x, yy, s, col in items:
        d.line([(x, yy), (x, yy + 12 * s)], fill=(30, 20, 20), width=1.5)
        lantern(img, x, yy + 12 * s, 110 * s, 130 * s, mix(col, (255, 200, 120), 0.15), lit=True,
                tassel=mix(col, (255, 220, 150), 0.3))
    # river with reflection
    refl = img.crop((0, (2 * wy - H) * K, W * K, wy * K)).transpose(Image.FLIP_TOP_BOTTOM)
    rows = []
    for yy in range(0, refl.size[1], 6):
        off = int(8 * math.sin(yy * 0.09) + rnd.uniform(-6, 6))
        rows.append((yy, off))
    rip = Image.new("RGB", refl.size)
    for yy, off in rows:
        rip.paste(refl.crop((0, yy, refl.size[0], yy + 6)), (off, yy))
    rip = rip.filter(ImageFilter.GaussianBlur(3))
    water = vgrad(rip.size, (26, 30, 60), (12, 16, 36))
    rip = Image.blend(water, rip, 0.55)
    img.paste(rip, (0, wy * K))
    for _ in range(60):
        x, y = rnd.uniform(0, W), rnd.uniform(wy + 6, H)
        L = rnd.uniform(20, 80)
        d.line([(x, y), (x + L, y)], fill=(70, 66, 110), width=1)
    d.line([(0, wy), (W, wy)], fill=(60, 50, 70), width=2)
    # small boat silhouette with lantern
    bx, by = 860, 720
    d.poly([(bx - 150, by), (bx + 150, by), (bx + 120, by + 30), (bx - 120, by + 30)], fill=(26, 20, 24))
    d.poly([(bx - 60, by - 50), (bx + 60, by - 50), (bx + 70, by), (bx - 70, by)], fill=(34, 26, 30))
    lantern(img, bx - 110, by - 70, 36, 44, (226, 80, 40), lit=True, rib=False)
    return img


def vase(img, cx, prof_pts, color, seed, deco=True, ell=0.18):
    d = D(img)
    prof = catmull(prof_pts, 10)
    hw_max = max(p[1] for p in prof)
    yb = prof[-1][0]
    shadow(img, (cx - hw_max * 0.8, yb - 10, cx + hw_max * 1.3, yb + 40), 150, 12)
    shade(img, lambda m: m.poly(lathe(cx, prof, ell), fill=255), color, cx - hw_max, cx + hw_max, amb=0.45, spec=0.1, hl=0.32)
    yt, ht = prof[0]
    d.ell((cx - ht, yt - ht * ell, cx + ht, yt + ht * ell), fill=mul(color, 1.1))
    d.ell((cx - ht * 0.82, yt - ht * ell * 0.75, cx + ht * 0.82, yt + ht * ell * 0.8), fill=mul(color, 0.35))
    if deco:
        rnd = random.Random(seed)
        ys = sorted(rnd.sample(range(int(yt + 40), int(yb - 30), 6), 3))
        for y in ys:
            h_ = hw_at(prof, y)
            d.line(ring_line(cx, y, h_ - 1, ell * 0.7), fill=mul(color, 0.7), width=2)
            d.line(ring_line(cx, y + 3, h_ - 1, ell * 0.7), fill=mul(color, 1.15), width=1)
        y = ys[1] + 22
        h_ = hw_at(prof, y) - 2
        pts = []
        for u in lin(-0.95, 0.95, 60):
            a = math.asin(u)
            pts.append((cx + h_ * u, y + h_ * ell * 0.7 * math.cos(a) + 6 * math.sin(u * 14)))
        d.line(pts, fill=mul(color, 0.72), width=2)


def scene_pottery():
    img = bg_grad((234, 222, 204), (210, 192, 168))
    glow(img, 250, 150, 560, (255, 250, 236), 0.45)
    wood(img, 590, (150, 112, 78), seed=91)
    vase(img, 640, [(430, 82), (446, 76), (480, 112), (560, 172), (640, 164), (705, 120), (748, 96)], (176, 88, 52), 92)
    vase(img, 330, [(220, 58), (240, 46), (300, 52), (400, 118), (500, 136), (600, 112), (690, 80), (736, 74)], (190, 100, 60), 93)
    vase(img, 945, [(380, 40), (398, 32), (470, 38), (550, 90), (650, 100), (720, 80), (752, 70)], (200, 114, 72), 94)
    # small bowl in front
    d = D(img)
    bx, by = 170, 790
    shadow(img, (bx - 110, by + 10, bx + 140, by + 70), 150, 10)
    bowl = [(bx + 110 * math.cos(a), by + 64 * math.sin(a)) for a in lin(0, math.pi, 30)]
    shade(img, lambda m: m.poly(bowl, fill=255), (184, 94, 56), bx - 110, bx + 110, amb=0.45, spec=0.1)
    d.ell((bx - 110, by - 24, bx + 110, by + 24), fill=(196, 108, 66))
    d.ell((bx - 96, by - 18, bx + 96, by + 20), fill=(120, 56, 32))
    # clay whistle bird
    wx, wy = 800, 790
    shadow(img, (wx - 60, wy + 14, wx + 80, wy + 50), 140, 8)
    sphere(img, lambda m: m.ell((wx - 60, wy - 40, wx + 50, wy + 30), fill=255), (200, 110, 66), wx - 20, wy - 20, 90, amb=0.5)
    sphere(img, lambda m: m.circle(wx + 48, wy - 40, 24, fill=255), (204, 114, 70), wx + 40, wy - 50, 40, amb=0.5)
    d.poly([(wx + 68, wy - 44), (wx + 88, wy - 38), (wx + 68, wy - 32)], fill=(170, 86, 48))
    d.poly([(wx - 50, wy - 20), (wx - 96, wy - 46), (wx - 80, wy - 6)], fill=(180, 92, 54))
    d.circle(wx + 52, wy - 44, 3.5, fill=(60, 30, 20))
    d.arc((wx - 30, wy - 30, wx + 30, wy + 20), 200, 320, fill=(150, 74, 40), width=2)
    return img


def scene_wood_statue():
    img = bg_grad((72, 86, 88), (38, 46, 48))
    glow(img, 520, 360, 560, (150, 160, 150), 0.45)
    wood(img, 730, (112, 78, 52), seed=101)
    img = vignette(img, 0.3)
    d = D(img)
    cx = 520
    shadow(img, (cx - 300, 740, cx + 320, 800), 180, 14)

    def silhouette(m):
        m.rect((cx - 260, 700, cx + 260, 768), fill=255, r=10)
        for i in range(8):
            px = cx - 210 + i * 60
            m.poly([(px - 34, 706), (px - 26, 668), (px, 640), (px + 26, 668), (px + 34, 706)], fill=255)
        m.ell((cx - 228, 566, cx + 228, 692), fill=255)
        m.poly([(cx - 116, 372), (cx + 116, 372), (cx + 146, 610), (cx - 146, 610)], fill=255)
        m.ell((cx - 128, 346, cx + 128, 420), fill=255)
        for s in (-1, 1):
            arm = catmull([(cx + s * 112, 382), (cx + s * 150, 470), (cx + s * 146, 560), (cx + s * 70, 604)], 6)
            m.poly(tube(arm, 30, 26), fill=255)
        m.rect((cx - 40, 300, cx + 40, 372), fill=255)
        m.ell((cx - 74, 168, cx + 74, 334), fill=255)
        m.ell((cx - 36, 128, cx + 36, 192), fill=255)
        for s in (-1, 1):
            m.ell((cx + s * 78 - 16, 218, cx + s * 78 + 16, 312), fill=255)
    sm = shade(img, silhouette, (176, 114, 66), cx - 270, cx + 270, amb=0.42, spec=0.18, hl=0.34)
    # wood grain
    gm = mask_of(img, lambda m: [m.line([(x + 6 * math.sin(y * 0.02 + x), y) for y in range(120, 780, 20)], fill=255, width=1.2)
                                 for x in range(cx - 270, cx + 280, 9)])
    fill(img, clip(gm, sm), (110, 66, 36), 70)
    dk = (92, 54, 30)
    # face
    for s in (-1, 1):
        d.arc((cx + s * 32 - 18, 236, cx + s * 32 + 18, 256), 10, 170, fill=dk, width=2.5)
        d.arc((cx + s * 32 - 24, 214, cx + s * 32 + 24, 238), 200, 340, fill=dk, width=2)
    d.line([(cx, 246), (cx - 6, 278), (cx + 6, 282)], fill=dk, width=2)
    d.arc((cx - 16, 290, cx + 16, 306), 20, 160, fill=dk, width=2.5)
    for k in range(3):
        d.arc((cx - 40, 324 + k * 14, cx + 40, 344 + k * 14), 20, 160, fill=dk, width=2)
    # hair curls
    for y in range(150, 210, 14):
        for x in range(cx - 64, cx + 70, 14):
            if ((x - cx) / 74) ** 2 + ((y - 200) / 70) ** 2 < 1 and y < 212:
                d.circle(x + (7 if (y // 14) % 2 else 0), y, 4.5, outline=dk, width=1.5)
    d.line([(cx - 70, 214), (cx - 30, 208), (cx + 30, 208), (cx + 70, 214)], fill=dk, width=2.5)
    # robe folds
    for k in range(5):
        d.line(qbez((cx - 104 + k * 8, 380 + k * 10), (cx - 20, 430 + k * 30), (cx + 118, 470 + k * 28), 16), fill=dk, width=2)
    for s in (-1, 1):
        d.line(catmull([(cx + s * 108, 396), (cx + s * 140, 470), (cx + s * 136, 556)], 6), fill=dk, width=2)
    for k in range(4):
        d.arc((cx - 210 + k * 20, 592 + k * 10, cx + 210 - k * 20, 690 - k * 4), 20, 160, fill=dk, width=2)
    d.ell((cx - 80, 572, cx + 80, 626), outline=dk, width=2)
    d.arc((cx - 60, 560, cx + 60, 620), 200, 340, fill=dk, width=2)
    for i in range(8):
        px = cx - 210 + i * 60
        d.line([(px - 34, 706), (px - 26, 668), (px, 640), (px + 26, 668), (px + 34, 706)], fill=dk, width=2)
    d.line([(cx - 258, 720), (cx + 258, 720)], fill=dk, width=2)
    # chisel and shavings
    chx, chy = 930, 800
    fill(img, lambda m: m.poly(rot([(0, -8), (260, -8), (260, 14), (0, 14)], chx - 110, chy + 14, -14), fill=255), (20, 14, 10), 110, 6)
    d.poly(tube(rot([(0, 0), (130, 0)], chx - 110, chy, -14), 14, 12), fill=(150, 96, 50))
    d.poly(tube(rot([(126, 0), (140, 0)], chx - 110, chy, -14), 16, 16), fill=(170, 170, 176))
    d.poly(rot([(140, -7), (240, -9), (250, 0), (240, 9), (140, 7)], chx - 110, chy, -14), fill=(190, 194, 200))
    d.line(rot([(150, -3), (238, -5)], chx - 110, chy, -14), fill=(236, 238, 242), width=2)
    for (x, y, r) in [(780, 770, 30), (850, 826, 24), (1070, 760, 28), (1120, 820, 22), (720, 836, 20)]:
        pts = [(x + r * (1 - 0.14 * t) * math.cos(t), y + r * 0.55 * (1 - 0.14 * t) * math.sin(t)) for t in lin(0, 5.5 * math.pi / 2, 40)]
        d.line(pts, fill=(228, 186, 130), width=6)
        d.line(pts[::2], fill=(196, 150, 96), width=1.5)
    return img


def beads(d, pts, col=(246, 244, 236), r=3.6, step=12):
    acc = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        L = math.hypot(x1 - x0, y1 - y0)
        t = acc
        while t < L:
            d.circle(x0 + (x1 - x0) * t / L, y0 + (y1 - y0) * t / L, r, fill=col)
            t += step
        acc = t - L


def scene_brocade():
    img = Image.new("RGB", canvas_size(), (26, 22, 28))
    d = D(img)
    RED, WHITE, YEL, GRN = (188, 34, 42), (244, 240, 228), (236, 184, 48), (40, 120, 96)

    def stripe(y, h, col):
        d.rect((-10, y, W + 10, y + h), fill=col)

    def zigzag(y, h, col, step=40, width=4):
        pts = [(x, y + (h if (i % 2) else 0)) for i, x in enumerate(range(-40, W + 60, step // 2))]
        d.line(pts, fill=col, width=width)

    def lozenges(yc, hh, period, offset, cols):
        for i in range(-1, int(W / period) + 2):
            x = offset + i * period
            for k, c in enumerate(cols):
                s = 1 - k * 0.3
                d.poly([(x, yc - hh * s), (x + period * 0.42 * s, yc), (x, yc + hh * s), (x - period * 0.42 * s, yc)], fill=c)
            beads(d, [(x, yc - hh * 1.12), (x + period * 0.47, yc), (x, yc + hh * 1.12), (x - period * 0.47, yc), (x, yc - hh * 1.12)],
                  r=4.2, step=21)
            # small cross motif between lozenges
            mx = x + period / 2
            d.line([(mx - 14, yc), (mx + 14, yc)], fill=YEL, width=4)
            d.line([(mx, yc - 14), (mx, yc + 14)], fill=YEL, width=4)

    def triangles(y, h, period, col_up, col_dn):
        for i in range(-1, int(W / period) + 2):
            x = i * period
            d.poly([(x, y + h), (x + period / 2, y), (x + period, y + h)], fill=col_up)
            d.poly([(x + period / 2, y), (x + period, y + h), (x + 1.5 * period, y)], fill=col_dn)

    stripe(0, 30, RED)
    stripe(34, 4, WHITE)
    beads(d, [(0, 60), (W, 60)], step=16)
    stripe(84, 24, RED)
    stripe(112, 4, WHITE)
    lozenges(250, 100, 270, 135, [RED, (26, 22, 28), WHITE, YEL])
    stripe(388, 4, WHITE)
    stripe(396, 24, RED)
    triangles(432, 40, 90, GRN, (26, 22, 28))
    stripe(478, 24, RED)
    stripe(506, 4, WHITE)
    lozenges(636, 96, 270, 0, [WHITE, RED, (26, 22, 28), YEL])
    stripe(766, 4, WHITE)
    stripe(774, 24, RED)
    zigzag(808, 26, WHITE, 70, 5)
    stripe(846, 40, RED)
    # soft folds of the cloth
    for (x, a, col) in [(160, 70, (0, 0, 0)), (420, 45, (255, 255, 255)), (700, 70, (0, 0, 0)), (980, 40, (255, 255, 255))]:
        fill(img, lambda m: m.poly([(x - 60, -20), (x + 60, -20), (x + 160, H + 20), (x + 40, H + 20)], fill=255), col, a, 50)
    img = vignette(img, 0.35)
    # woven cloth is never razor sharp; the slight softening also keeps the JPEG small
    return img.filter(ImageFilter.GaussianBlur(0.8 * K))


def scene_weaving():
    img = bg_grad((168, 122, 80), (140, 98, 62))
    d = D(img)
    rnd = random.Random(111)
    # plank wall
    for x in range(0, W, 70):
        d.line([(x, 0), (x, 600)], fill=(112, 76, 46), width=3)
        for _ in range(4):
            gx = x + rnd.uniform(8, 62)
            d.line([(gx, rnd.uniform(0, 300)), (gx + rnd.uniform(-4, 4), rnd.uniform(320, 600))], fill=(150, 108, 68), width=1)
    # window with green hills
    d.rect((836, 176, 1024, 368), fill=(86, 56, 34))
    grad_fill(img, lambda m: m.rect((848, 188, 1012, 356), fill=255), (170, 210, 226), (220, 236, 220), 188, 356)
    d.poly([(848, 300), (890, 262), (940, 286), (985, 252), (1012, 270), (1012, 356), (848, 356)], fill=(96, 150, 90))
    d.poly([(848, 334), (910, 312), (968, 328), (1012, 312), (1012, 356), (848, 356)], fill=(70, 126, 70))
    d.line([(930, 188), (930, 356)], fill=(86, 56, 34), width=6)
    # brocade hanging on the wall
    d.rect((470, 176, 690, 340), fill=(30, 26, 30))
    for y, c in [(186, (188, 34, 42)), (220, (236, 184, 48)), (292, (188, 34, 42)), (322, (188, 34, 42))]:
        d.rect((470, y, 690, y + 8), fill=c)
    for i in range(5):
        x = 494 + i * 43
        d.poly([(x, 238), (x + 17, 256), (x, 274), (x - 17, 256)], fill=(188, 34, 42))
        beads(d, [(x, 232), (x + 22, 256), (x, 280), (x - 22, 256), (x, 232)], r=2, step=7)
    for x in range(474, 690, 7):
        d.line([(x, 340), (x, 356)], fill=(188, 34, 42), width=2)
    # floor
    wood(img, 600, (132, 90, 58), seed=112, seams=True)
    SKIN, HAIR, BLACK, RED, WHITE = (196, 146, 108), (24, 20, 22), (34, 30, 36), (188, 34, 42), (244, 240, 228)
    shadow(img, (220, 600, 840, 660), 150, 14)
    # back strap (behind body)
    d.poly([(446, 470), (246, 500), (240, 540), (446, 552)], fill=(120, 80, 50))
    # legs / skirt
    skirt = [(252, 560), (372, 548), (712, 584), (722, 630), (252, 636)]
    d.poly(skirt, fill=BLACK)
    d.line([(262, 598), (714, 606)], fill=RED, width=10)
    beads(d, [(262, 614), (714, 620)], r=2.6, step=10)
    d.poly([(712, 584), (752, 570), (770, 584), (758, 630), (722, 630)], fill=SKIN)
    # torso
    torso = [(254, 574), (372, 574), (366, 470), (350, 392), (306, 376), (266, 394), (250, 480)]
    d.poly(torso, fill=BLACK)
    d.rect((256, 440, 366, 456), fill=RED)
    beads(d, [(260, 466), (364, 466)], r=2.4, step=9)
    # head
    d.circle(318, 326, 44, fill=SKIN)
    d.chord((272, 280, 366, 372), 150, 330, fill=HAIR)
    d.circle(270, 318, 24, fill=HAIR)
    d.line([(280, 296), (356, 294)], fill=RED, width=7)
    beads(d, [(286, 294), (352, 292)], r=1.8, step=8)
    d.circle(342, 326, 3.2, fill=(40, 26, 20))
    d.poly([(360, 330), (368, 340), (358, 342)], fill=SKIN)
    d.rect((306, 362, 330, 384), fill=SKIN)
    # loom: breast bar, woven cloth, warp threads, beater, far bar
    d.poly([(446, 466), (572, 474), (572, 546), (446, 556)], fill=BLACK)
    for y0, c in [(476, RED), (506, (236, 184, 48)), (532, RED)]:
        d.line([(446, y0), (572, y0 + 3)], fill=c, width=6)
    for i in range(3):
        x = 472 + i * 40
        beads(d, [(x, 488), (x + 14, 504), (x, 520), (x - 14, 504), (x, 488)], r=2, step=7)
    cols = [RED, WHITE, BLACK, (236, 184, 48)]
    for i in range(20):
        t = i / 19
        y0 = 476 + t * 68
        y1 = 452 + t * 118
        ym = (y0 + y1) / 2 + (-10 if i % 2 else 10)
        d.line([(572, y0), (690, ym), (796, y1)], fill=cols[i % 4], width=2)
    d.rect((436, 452, 452, 568), fill=(150, 100, 56), r=5)
    d.rect((598, 446, 612, 576), fill=(176, 124, 70), r=4)
    d.rect((680, 452, 688, 566), fill=(120, 80, 46), r=3)
    d.rect((792, 430, 808, 592), fill=(150, 100, 56), r=5)
    # arms
    arm = [(336, 404), (372, 468), (440, 500)]
    d.poly(tube(arm, 13, 11), fill=SKIN)
    d.poly(tube(arm[:2], 15, 14), fill=BLACK)
    d.circle(446, 502, 12, fill=SKIN)
    d.line([(440, 500), (600, 480)], fill=SKIN, width=8)
    d.circle(600, 480, 10, fill=SKIN)
    # basket in the corner
    bk = [(880, 590), (1012, 590), (996, 706), (896, 706)]
    shadow(img, (870, 690, 1030, 722), 140, 8)
    sphere(img, lambda m: m.poly(bk, fill=255), (176, 134, 80), 920, 620, 170, amb=0.55)
    for y in range(600, 706, 10):
        d.line([(882 + (y - 590) * 0.14, y), (1010 - (y - 590) * 0.14, y)], fill=(140, 100, 56), width=2)
    d.ell((876, 578, 1016, 602), fill=(120, 84, 46))
    for k in range(5):
        d.circle(904 + k * 22, 586, 10, fill=[(244, 240, 228), RED, (236, 184, 48)][k % 3])
    # zoom in on the weaver
    img = img.crop((160 * K, 150 * K, 1040 * K, 810 * K)).resize(canvas_size(), Image.LANCZOS)
    return img


def scene_silk():
    img = bg_grad((246, 234, 226), (226, 206, 198))
    glow(img, 900, 160, 560, (255, 250, 244), 0.5)
    wood(img, 600, (108, 70, 50), seed=121)
    d = D(img)
    # cocoons basket
    bx, by = 1030, 650
    shadow(img, (bx - 130, by + 10, bx + 140, by + 70), 150, 10)
    bowl = [(bx + 120 * math.cos(a), by + 50 * math.sin(a)) for a in lin(0, math.pi, 30)]
    shade(img, lambda m: m.poly(bowl, fill=255), (180, 140, 86), bx - 120, bx + 120, amb=0.5)
    d.ell((bx - 120, by - 26, bx + 120, by + 26), fill=(150, 112, 64))
    rnd = random.Random(122)
    for k in range(9):
        x = bx - 80 + (k % 5) * 38 + (10 if k >= 5 else 0)
        y = by - 20 - (18 if k >= 5 else 0) + rnd.uniform(-4, 4)
        col = (250, 240, 200) if k % 3 else (244, 214, 110)
        sphere(img, lambda m: m.poly(rot([(math.cos(a) * 28, math.sin(a) * 16) for a in lin(0, 6.28, 24)], x, y, rnd.uniform(-30, 30)), fill=255),
               col, x - 8, y - 8, 40, amb=0.6)
    # back roll (gold)
    shadow(img, (160, 560, 800, 640), 120, 14)
    shade(img, lambda m: m.rect((190, 290, 790, 410), fill=255), (236, 190, 80), 290, 410, orient="v", amb=0.5, spec=0.45, sharp=18, hl=0.32)
    d.ell((160, 290, 220, 410), fill=(214, 166, 64))
    for k in range(5):
        d.ell((166 + k * 4, 296 + k * 10, 214 - k * 4, 404 - k * 10), outline=(180, 136, 50), width=1.5)
    d.ell((182, 336, 198, 364), fill=(120, 90, 50))
    # draped crimson fabric
    CR = (180, 28, 58)
    fab = cbez((300, 440), (290, 620), (220, 720), (170, 850), 30) + \
        cbez((170, 850), (400, 820), (600, 880), (1080, 830), 30) + \
        cbez((1080, 830), (1010, 740), (890, 640), (880, 440), 30)
    fill(img, lambda m: m.poly([(p[0] + 24, p[1] + 14) for p in fab], fill=255), (30, 12, 8), 110, 12)
    fm = mask_of(img, lambda m: m.poly(fab, fill=255))
    shade(img, fm, CR, 170, 1080, amb=0.7, spec=0.0)
    for (x0, x1, col, a) in [(300, 380, (255, 255, 255), 90), (420, 470, (40, 0, 10), 110), (560, 640, (255, 230, 235), 80),
                             (700, 760, (40, 0, 10), 120), (820, 880, (255, 240, 240), 90), (930, 990, (40, 0, 10), 90)]:
        band = cbez((x0 + 20, 440), (x0 - 40, 650), (x1 - 120, 740), (x1 - 160 + (x0 - 300) * 0.3, 870), 20) + \
            cbez((x1 - 160 + (x0 - 300) * 0.3 + 40, 870), (x1 - 60, 740), (x1 + 10, 650), (x1 + 20, 440), 20)
        fill(img, clip(mask_of(img, lambda m: m.poly(band, fill=255)).filter(ImageFilter.GaussianBlur(16 * K)), fm), col, a)
    # main roll
    fill(img, clip(mask_of(img, lambda m: m.rect((260, 490, 920, 530), fill=255)).filter(ImageFilter.GaussianBlur(10 * K)), fm),
         (40, 0, 10), 120)
    shade(img, lambda m: m.rect((280, 350, 900, 506), fill=255), CR, 350, 506, orient="v", amb=0.45, spec=0.55, sharp=16, hl=0.3)
    for y in (370, 400, 470):
        d.line([(280, y), (900, y)], fill=mul(CR, 1.2), width=1)
    d.ell((244, 350, 316, 506), fill=(156, 22, 48))
    for k in range(7):
        d.ell((250 + k * 3.5, 358 + k * 9, 310 - k * 3.5, 498 - k * 9), outline=(206, 60, 86), width=1.5)
    d.ell((270, 412, 290, 444), fill=(210, 180, 140))
    d.ell((875, 350, 925, 506), fill=mul(CR, 0.8))
    return img


def scene_honey():
    img = bg_grad((250, 232, 194), (232, 196, 138))
    for (x, y, r) in [(150, 160, 80), (1000, 120, 110), (860, 300, 60), (280, 360, 50)]:
        glow(img, x, y, r, (255, 246, 214), 0.5, 1.0)
    wood(img, 620, (150, 100, 58), seed=131)
    d = D(img)
    cx = 560
    prof = catmull([(300, 114), (330, 130), (372, 144), (700, 144), (730, 136), (744, 124)], 8)
    shadow(img, (cx - 180, 722, cx + 240, 790), 170, 14)
    outline = lathe(cx, prof, 0.14)
    shade(img, lambda m: m.poly(outline, fill=255), (236, 230, 214), cx - 144, cx + 144, amb=0.8, spec=0.4)
    lvl = 384
    inner = [(y, h_ - 8) for y, h_ in prof if y >= lvl]
    hm = shade(img, lambda m: m.poly(lathe(cx, inner, 0.14), fill=255), (226, 140, 28), cx - 136, cx + 136, hl=0.5, amb=0.55, spec=0.0)
    glow(img, cx + 10, 560, 170, (255, 210, 90), 0.8, 1.5, mask=hm)
    hwl = hw_at(prof, lvl) - 8
    d.ell((cx - hwl, lvl - hwl * 0.14, cx + hwl, lvl + hwl * 0.14), fill=(240, 176, 64))
    # kraft label with a bee
    def band(ya, yb):
        xs = lin(-1, 1, 30)
        return ([(cx + 145 * x, ya + 20 * math.sqrt(1 - x * x)) for x in xs]
                + [(cx + 145 * x, yb + 20 * math.sqrt(1 - x * x)) for x in reversed(xs)])
    shade(img, lambda m: m.poly(band(476, 616), fill=255), (214, 176, 124), cx - 145, cx + 145, amb=0.65, spec=0.1)
    d.line([(cx + 145 * x, 486 + 20 * math.sqrt(1 - x * x)) for x in lin(-0.98, 0.98, 30)], fill=(110, 70, 40), width=2)
    d.line([(cx + 145 * x, 606 + 20 * math.sqrt(1 - x * x)) for x in lin(-0.98, 0.98, 30)], fill=(110, 70, 40), width=2)
    bx, by = cx, 560
    d.ell((bx - 40, by - 60, bx + 4, by - 14), fill=(240, 244, 250))
    d.ell((bx - 4, by - 60, bx + 40, by - 14), fill=(228, 236, 246))
    d.ell((bx - 44, by - 24, bx + 44, by + 24), fill=(236, 180, 40))
    for x in (-18, 4, 24):
        d.rect((bx + x - 5, by - 23, bx + x + 5, by + 23), fill=(50, 36, 24))
    d.circle(bx + 48, by - 4, 16, fill=(50, 36, 24))
    d.line([(bx + 54, by - 18), (bx + 66, by - 36)], fill=(50, 36, 24), width=2)
    # highlight streaks
    fill(img, lambda m: m.rect((cx - 112, 400, cx - 98, 700), fill=255, r=7), (255, 255, 255), 100, 2)
    # wooden lid with twine
    shade(img, lambda m: m.rect((cx - 126, 250, cx + 126, 312), fill=255, r=10), (158, 104, 60), cx - 126, cx + 126, amb=0.5, spec=0.2)
    d.ell((cx - 126, 236, cx + 126, 266), fill=(180, 124, 76))
    d.line(ring_line(cx, 300, 128, 0.1), fill=(210, 190, 140), width=4)
    d.line([(cx + 60, 312), (cx + 80, 350)], fill=(210, 190, 140), width=3)
    d.line([(cx + 70, 312), (cx + 60, 356)], fill=(210, 190, 140), width=3)
    # honeycomb piece
    hx, hy = 230, 700
    comb = [(100, 640), (190, 600), (330, 612), (380, 690), (340, 790), (200, 810), (110, 760)]
    shadow(img, (100, 740, 420, 840), 150, 12)
    cm = fill(img, lambda m: m.poly(comb, fill=255), (236, 178, 54))
    hexes = mask_of(img, lambda m: [m.poly([(x + 17 * math.cos(math.radians(60 * k + 30)), y + 17 * math.sin(math.radians(60 * k + 30)))
                                            for k in range(6)], fill=255)
                                    for row in range(-2, 10) for col in range(-2, 14)
                                    for x, y in [(60 + col * 34 + (17 if row % 2 else 0), 560 + row * 29.5)]])
    hm2 = clip(hexes, cm)
    sphere(img, hm2, (214, 130, 22), hx - 40, hy - 40, 220, amb=0.6, spec=0.6, spec_r=0.4)
    d.poly(comb, outline=(200, 140, 40), width=3)
    # dipper with a honey drip
    dx0, dy0 = 820, 760
    fill(img, lambda m: m.line([(dx0 + 20, dy0 + 40), (1150, 640)], fill=255, width=16), (60, 30, 10), 90, 6)
    d.line([(dx0, dy0), (1140, 620)], fill=(164, 112, 64), width=14)
    ux, uy = (1140 - dx0), (620 - dy0)
    L = math.hypot(ux, uy)
    ux, uy = ux / L, uy / L
    puddle = (dx0 - 80, dy0 + 64, dx0 + 40, dy0 + 96)
    sphere(img, lambda m: m.ell(puddle, fill=255), (230, 150, 40), dx0 - 40, dy0 + 74, 70, amb=0.6, spec=0.6)
    d.line([(dx0 - 20, dy0 + 20), (dx0 - 22, dy0 + 60), (dx0 - 20, dy0 + 80)], fill=(222, 140, 30), width=8)
    for k in range(7):
        x, y = dx0 - ux * (k * 12 - 30), dy0 - uy * (k * 12 - 30)
        r = 34 if k % 2 == 0 else 27
        sphere(img, lambda m: m.circle(x, y, r, fill=255), (184, 128, 72), x - 10, y - 14, 50, amb=0.5)
    fill(img, lambda m: m.ell((dx0 - 50, dy0 - 10, dx0 + 20, dy0 + 40), fill=255), (226, 140, 30), 200)
    return img


def scene_tea():
    img = bg_grad((216, 226, 202), (188, 202, 172))
    glow(img, 300, 120, 600, (250, 252, 240), 0.45)
    wood(img, 560, (196, 164, 124), seed=141)
    d = D(img)
    rnd = random.Random(142)
    # fresh gynostemma sprigs behind
    vine = cbez((40, 610), (300, 560), (640, 620), (1160, 570), 40)
    d.line(vine, fill=(86, 120, 60), width=3)
    for i in range(3, 40, 4):
        x, y = vine[i]
        ang = (-100 if i % 8 == 3 else 80) + rnd.uniform(-40, 40)
        ex, ey = x + 40 * math.cos(math.radians(ang)), y + 40 * math.sin(math.radians(ang))
        d.line([(x, y), (ex, ey)], fill=(86, 120, 60), width=2)
        fill(img, lambda m: m.circle(ex + 10, ey + 12, 50, fill=255), (60, 40, 20), 50, 14)
        palmate_leaf(d, ex, ey, ang, rnd.uniform(70, 95), (64, 132, 58), 5, vein=(120, 170, 96), spread=170)
    # cup and saucer
    cx = 640
    shadow(img, (cx - 230, 690, cx + 260, 780), 160, 14)
    d.ell((cx - 220, 676, cx + 220, 770), fill=(214, 214, 206))
    sm = mask_of(img, lambda m: m.ell((cx - 220, 668, cx + 220, 760), fill=255))
    sphere(img, sm, (246, 246, 240), cx - 60, 690, 300, amb=0.82)
    d.ell((cx - 220, 668, cx + 220, 760), outline=(80, 120, 110), width=3)
    d.ell((cx - 110, 694, cx + 110, 734), fill=(224, 224, 216))
    # handle
    d.arc((cx + 90, 540, cx + 200, 650), 270, 90 + 360, fill=(236, 236, 228), width=18)
    d.arc((cx + 90, 540, cx + 200, 650), 300, 60 + 360, fill=(206, 206, 198), width=6)
    prof = catmull([(500, 140), (560, 132), (640, 104), (700, 76), (716, 70)], 8)
    shade(img, lambda m: m.poly(lathe(cx, prof, 0.2), fill=255), (246, 246, 238), cx - 140, cx + 140, amb=0.7, spec=0.3)
    d.line(ring_line(cx, 560, hw_at(prof, 560), 0.2), fill=(80, 120, 110), width=5)
    d.line(ring_line(cx, 574, hw_at(prof, 574), 0.2), fill=(80, 120, 110), width=2)
    d.ell((cx - 140, 472, cx + 140, 528), fill=(240, 240, 232))
    d.ell((cx - 130, 478, cx + 130, 522), fill=(150, 130, 50))
    d.ell((cx - 120, 482, cx + 110, 518), fill=(200, 176, 76))
    glow(img, cx - 30, 496, 90, (100, 90, 40), 0.5)
    # steam
    for k in range(3):
        x0 = cx - 60 + k * 60
        pts = [(x0 + 18 * math.sin(t * 0.045 + k), t) for t in range(460, 290, -8)]
        fill(img, lambda m: m.line(pts, fill=255, width=8), (255, 255, 255), 110, 6)
    # bowl of dried tea
    bx, by = 240, 720
    shadow(img, (bx - 160, by + 10, bx + 170, by + 90), 160, 12)
    bowl = [(bx + 150 * math.cos(a), by + 90 * math.sin(a)) for a in lin(0, math.pi, 30)]
    shade(img, lambda m: m.poly(bowl, fill=255), (120, 80, 50), bx - 150, bx + 150, amb=0.5, spec=0.2)
    d.ell((bx - 150, by - 36, bx + 150, by + 36), fill=(100, 64, 40))
    sphere(img, lambda m: m.chord((bx - 136, by - 90, bx + 136, by + 34), 180, 360, fill=255), (86, 104, 52), bx - 30, by - 60, 180, amb=0.5)
    sphere(img, lambda m: m.ell((bx - 136, by - 30, bx + 136, by + 30), fill=255), (80, 98, 50), bx - 30, by - 30, 200, amb=0.55)
    for _ in range(170):
        a = rnd.uniform(3.14, 6.28) if rnd.random() < 0.7 else rnd.uniform(0, 6.28)
        r = math.sqrt(rnd.uniform(0, 1))
        x = bx + 130 * r * math.cos(a)
        y = by - 10 + (70 if math.sin(a) < 0 else 26) * r * math.sin(a)
        c = rnd.choice([(54, 74, 34), (96, 116, 56), (70, 90, 40), (120, 130, 70), (44, 58, 30)])
        an = rnd.uniform(0, 180)
        d.poly(rot([(-7, -2), (6, -3), (7, 2), (-6, 3)], x, y, an), fill=c)
    # a loose sprig in front
    sp = cbez((820, 840), (900, 780), (1000, 800), (1120, 740), 24)
    d.line(sp, fill=(86, 120, 60), width=3)
    for i, a in [(6, -60), (14, -120), (20, -40), (24, -90)]:
        x, y = sp[i]
        palmate_leaf(d, x, y, a, 80, (70, 140, 62), 5, vein=(130, 180, 100), spread=160)
    return img


def scene_pomelo():
    img = bg_grad((238, 236, 214), (212, 210, 180))
    glow(img, 260, 140, 600, (255, 255, 244), 0.45)
    wood(img, 580, (124, 86, 56), seed=151)
    d = D(img)
    rnd = random.Random(152)

    def pomelo(cx, cy, r, col, seed):
        shadow(img, (cx - r * 0.9, cy + r * 0.72, cx + r * 1.2, cy + r * 1.05), 170, 16)
        m = mask_of(img, lambda mm: (mm.ell((cx - r, cy - r * 0.92, cx + r, cy + r * 0.95), fill=255),
                                     mm.ell((cx - r * 0.62, cy - r * 1.14, cx + r * 0.62, cy - r * 0.2), fill=255)))
        sphere(img, m, col, cx - r * 0.38, cy - r * 0.45, r * 1.7, amb=0.38, gamma=0.9, spec=0.35, spec_r=0.22)
        rr = random.Random(seed)
        pm = mask_of(img, lambda mm: [mm.circle(cx + rr.uniform(-r, r), cy + rr.uniform(-r, r), 1.4, fill=255) for _ in range(700)])
        fill(img, clip(pm, m), mul(col, 0.6), 90)
        d.poly(tube([(cx, cy - r * 1.1), (cx + 6, cy - r * 1.22)], 6, 5), fill=(96, 76, 44))
        return m

    pomelo(800, 420, 220, (190, 214, 84), 1)
    # leaves on the stem
    sx, sy = 806, 420 - 220 * 1.2
    for ang, L in [(200, 190), (320, 160)]:
        pts = leaf(sx, sy, ang, L, L * 0.42, p=0.9)
        sphere(img, lambda m: m.poly(pts, fill=255), (70, 140, 60), sx + L * 0.4 * math.cos(math.radians(ang)),
               sy + L * 0.4 * math.sin(math.radians(ang)) - 20, L * 0.8, amb=0.55, spec=0.3)
        d.line(rot([(0, 0), (L * 0.95, 0)], sx, sy, ang), fill=(150, 196, 110), width=2)
    # cut half in front
    cx, cy, rx, ry = 400, 650, 220, 118
    shadow(img, (cx - rx, cy + 80, cx + rx + 60, cy + 170), 170, 14)
    dome = [(cx + rx * math.cos(a), cy + 150 * math.sin(a)) for a in lin(0, math.pi, 40)]
    sphere(img, lambda m: m.poly(dome, fill=255), (186, 210, 80), cx - 80, cy + 30, 300, amb=0.4)
    d.ell((cx - rx, cy - ry, cx + rx, cy + ry), fill=(170, 196, 70))
    d.ell((cx - rx + 8, cy - ry + 5, cx + rx - 8, cy + ry - 5), fill=(246, 242, 222))
    n = 12
    for i in range(n):
        a0 = 2 * math.pi * i / n + 0.05
        a1 = 2 * math.pi * (i + 1) / n - 0.05
        pts = [(cx + rx * 0.16 * math.cos(a0), cy + ry * 0.16 * math.sin(a0))]
        for a in lin(a0, a1, 8):
            pts.append((cx + rx * 0.8 * math.cos(a), cy + ry * 0.8 * math.sin(a)))
        pts.append((cx + rx * 0.16 * math.cos(a1), cy + ry * 0.16 * math.sin(a1)))
        col = mix((250, 226, 160), (240, 180, 150), 0.25 * (i % 3) / 2)
        d.poly(pts, fill=col)
        am = (a0 + a1) / 2
        for k in range(4):
            t0 = rnd.uniform(0.3, 0.55)
            ao = am + rnd.uniform(-0.12, 0.12)
            d.line([(cx + rx * t0 * math.cos(ao), cy + ry * t0 * math.sin(ao)),
                    (cx + rx * (t0 + 0.2) * math.cos(ao), cy + ry * (t0 + 0.2) * math.sin(ao))], fill=(255, 244, 210), width=2)
    d.ell((cx - rx * 0.14, cy - ry * 0.14, cx + rx * 0.14, cy + ry * 0.14), fill=(250, 246, 230))
    # two leaves lying on the table
    for (x, y, a, L) in [(760, 800, -12, 200), (900, 772, 24, 170)]:
        pts = leaf(x, y, a, L, L * 0.42, p=0.9)
        fill(img, lambda m: m.poly([(px + 10, py + 12) for px, py in pts], fill=255), (30, 20, 10), 90, 6)
        sphere(img, lambda m: m.poly(pts, fill=255), (64, 132, 56), x + L * 0.3, y - 10, L * 0.9, amb=0.6, spec=0.3)
        d.line(rot([(0, 0), (L * 0.95, 0)], x, y, a), fill=(140, 190, 104), width=2)
        for t in (0.25, 0.45, 0.65):
            for sd in (-1, 1):
                d.line(rot([(L * t, 0), (L * (t + 0.12), sd * L * 0.12)], x, y, a), fill=(110, 170, 90), width=1.2)
    return img


def nest(img, cx, cy, w, h, seed):
    """A half-cup swiftlet nest: ivory, made of fine strands following the cup."""
    d = D(img)
    rnd = random.Random(seed)
    rim = [(cx + w / 2 * math.cos(a), cy + h * 0.26 * math.sin(a) + rnd.uniform(-2, 2)) for a in lin(math.pi, 2 * math.pi, 24)]
    cup = [(cx + w / 2 * math.cos(a) * (1 + rnd.uniform(-0.02, 0.02)), cy + h * math.sin(a)) for a in lin(0, math.pi, 30)]
    m = mask_of(img, lambda mm: mm.poly(cup + rim, fill=255))
    sphere(img, m, (250, 240, 212), cx - w * 0.25, cy - h * 0.2, w * 0.95, amb=0.84)
    inner = mask_of(img, lambda mm: mm.ell((cx - w / 2 + 8, cy - h * 0.2, cx + w / 2 - 8, cy + h * 0.22), fill=255))
    sphere(img, inner, (240, 226, 194), cx + w * 0.15, cy + h * 0.1, w * 0.7, amb=0.86)

    def strands(mm, count, lo, hi):
        for _ in range(count):
            f = rnd.uniform(lo, hi)
            a0 = rnd.uniform(0.05, math.pi - 0.5)
            a1 = a0 + rnd.uniform(0.25, 0.7)
            mm.line([(cx + w / 2 * f * math.cos(a), cy + h * f * math.sin(a) + rnd.uniform(-1, 1)) for a in lin(a0, a1, 8)],
                    fill=255, width=rnd.choice([1.5, 2, 2.5]))
    dark = mask_of(img, lambda mm: strands(mm, int(w * 0.7), 0.2, 1.0))
    fill(img, clip(dark, m), (214, 194, 152), 150)
    light = mask_of(img, lambda mm: strands(mm, int(w * 0.5), 0.2, 1.0))
    fill(img, clip(light, m), (255, 250, 236), 150)
    tops = mask_of(img, lambda mm: [mm.line([(x, y), (x + rnd.uniform(-24, 24), y + rnd.uniform(-3, 3))], fill=255, width=1)
                                    for _ in range(int(w * 0.5))
                                    for x, y in [(cx + rnd.uniform(-w / 2, w / 2), cy + rnd.uniform(-h * 0.18, h * 0.2))]])
    fill(img, clip(tops, inner), (218, 200, 160), 140)
    d.line(rim[::-1] + [rim[0]], fill=(252, 248, 236), width=3)
    d.line([(x, y + 2) for x, y in rim], fill=(226, 210, 176), width=1)
    d.arc((cx - w / 2, cy - h * 0.26, cx + w / 2, cy + h * 0.26), 5, 175, fill=(252, 246, 230), width=3)


def scene_birds_nest():
    img = bg_grad((244, 234, 216), (224, 206, 180))
    glow(img, 600, 200, 600, (255, 250, 240), 0.4)
    cloth(img, 600, (196, 168, 132), step=8)
    d = D(img)
    RED, GOLD = (168, 24, 30), (222, 178, 84)
    # lid leaning behind
    shadow(img, (260, 380, 960, 420), 120, 12)
    shade(img, lambda m: m.poly([(290, 110), (910, 110), (940, 400), (260, 400)], fill=255), RED, 260, 940, amb=0.6, spec=0.15)
    d.poly([(310, 130), (890, 130), (916, 382), (284, 382)], outline=GOLD, width=4)
    d.poly([(326, 146), (874, 146), (898, 366), (302, 366)], outline=GOLD, width=1.5)
    d.circle(600, 250, 80, outline=GOLD, width=4)
    d.circle(600, 250, 66, fill=(190, 40, 44))
    # swallow silhouette
    sw = [(0, -40), (8, -28), (10, -18), (70, 10), (64, 18), (12, 2), (8, 20), (24, 56), (6, 32), (0, 30), (-6, 32),
          (-24, 56), (-8, 20), (-12, 2), (-64, 18), (-70, 10), (-10, -18), (-8, -28)]
    d.poly(rot(sw, 600, 256, -25), fill=GOLD)
    for (x, y) in [(340, 170), (860, 170), (330, 340), (870, 340)]:
        d.poly([(x, y - 16), (x + 16, y), (x, y + 16), (x - 16, y)], fill=GOLD)
    # box body (opened): front face and interior
    shadow(img, (176, 690, 1030, 744), 190, 8)
    top_back = [(270, 400), (930, 400)]
    top_front = [(210, 560), (990, 560)]
    d.poly([top_back[0], top_back[1], top_front[1], top_front[0]], fill=(120, 16, 22))
    # satin lining floor
    floor = [(300, 430), (900, 430), (950, 560), (250, 560)]
    sphere(img, lambda m: m.poly(floor, fill=255), (246, 226, 170), 520, 460, 520, amb=0.7)
    d.line([(600, 430), (600, 560)], fill=(200, 170, 100), width=4)
    d.line([(400, 430), (370, 560)], fill=(200, 170, 100), width=4)
    d.line([(800, 430), (830, 560)], fill=(200, 170, 100), width=4)
    for (x, y, w_) in [(500, 478, 150), (702, 478, 150), (320, 480, 110), (880, 480, 110)]:
        fill(img, lambda m: m.ell((x - w_ / 2, y + 10, x + w_ / 2, y + 50), fill=255), (150, 110, 50), 100, 8)
    nest(img, 500, 476, 150, 62, 1)
    nest(img, 702, 476, 150, 62, 2)
    nest(img, 318, 484, 104, 46, 3)
    nest(img, 882, 484, 104, 46, 4)
    # front wall of the box
    shade(img, lambda m: m.poly([(210, 560), (990, 560), (990, 716), (210, 716)], fill=255), RED, 210, 990, amb=0.6, spec=0.2)
    d.line([(210, 560), (990, 560)], fill=GOLD, width=6)
    d.line([(210, 588), (990, 588)], fill=GOLD, width=2)
    d.line([(210, 690), (990, 690)], fill=GOLD, width=2)
    for i in range(13):
        x = 240 + i * 60
        d.poly([(x, 624), (x + 14, 638), (x, 652), (x - 14, 638)], fill=GOLD)
    # one nest in front on the cloth
    fill(img, lambda m: m.ell((960, 800, 1180, 852), fill=255), (80, 50, 30), 120, 8)
    nest(img, 1060, 770, 200, 78, 5)
    return img


def gong(img, cx, cy, r, seed):
    d = D(img)
    d.circle(cx + r * 0.06, cy + r * 0.05, r, fill=(96, 64, 32))
    fm = mask_of(img, lambda m: m.circle(cx, cy, r * 0.98, fill=255))
    sphere(img, fm, (226, 170, 90), cx - r * 0.4, cy - r * 0.45, r * 1.8, amb=0.42, spec=0.25, spec_r=0.35)
    for k, f in enumerate([0.9, 0.74, 0.58, 0.42, 0.3]):
        d.circle(cx, cy, r * f, outline=(150, 100, 48), width=2.2)
        d.arc((cx - r * f + 1.5, cy - r * f + 1.5, cx + r * f + 1.5, cy + r * f + 1.5), 200, 290, fill=(246, 214, 150), width=1.4)
    sphere(img, lambda m: m.circle(cx, cy, r * 0.2, fill=255), (236, 182, 100), cx - r * 0.07, cy - r * 0.08, r * 0.26,
           amb=0.35, spec=0.8, spec_r=0.35)
    d.circle(cx, cy, r * 0.2, outline=(120, 80, 38), width=2)


def scene_gongs():
    img = bg_grad((74, 52, 38), (34, 24, 20))
    glow(img, 620, 360, 620, (150, 110, 70), 0.5)
    wood(img, 720, (90, 60, 40), seed=161)
    img = vignette(img, 0.35)
    d = D(img)
    # frame
    for x in (110, 1060):
        shade(img, lambda m: m.rect((x, 100, x + 32, 770), fill=255), (110, 62, 36), x, x + 32, amb=0.45, spec=0.2)
        fill(img, lambda m: m.ell((x - 40, 760, x + 70, 790), fill=255), (10, 6, 4), 140, 8)
        d.rect((x - 14, 748, x + 46, 772), fill=(86, 48, 28), r=4)
    shade(img, lambda m: m.rect((80, 92, 1120, 130), fill=255, r=6), (120, 68, 40), 92, 130, orient="v", amb=0.45, spec=0.2)
    for x in (70, 1130):
        d.poly([(x - 20, 88), (x + 20, 92), (x + 20, 134), (x - 20, 140), (x - 34, 112)], fill=(104, 58, 32))
    gongs = [(320, 400, 168), (660, 376, 140), (930, 350, 106)]
    for cx, cy, r in gongs:
        for s in (-1, 1):
            a = math.radians(-90 + s * 28)
            hx, hy = cx + r * 0.93 * math.cos(a), cy + r * 0.93 * math.sin(a)
            d.line([(cx, 128), (hx, hy)], fill=(176, 34, 30), width=4)
        fill(img, lambda m: m.circle(cx + 24, cy + 22, r, fill=255), (0, 0, 0), 90, 18)
    for i, (cx, cy, r) in enumerate(gongs):
        gong(img, cx, cy, r, i)
        for s in (-1, 1):
            a = math.radians(-90 + s * 28)
            d.circle(cx + r * 0.93 * math.cos(a), cy + r * 0.93 * math.sin(a), 5, fill=(60, 36, 20))
    # mallet
    d.line([(170, 820), (420, 700)], fill=(140, 90, 50), width=10)
    sphere(img, lambda m: m.ell((130, 796, 200, 850), fill=255), (200, 50, 40), 150, 810, 50, amb=0.5)
    # bronze incense burner (lu dong)
    lx, ly = 660, 780
    shadow(img, (lx - 120, ly + 20, lx + 140, ly + 60), 170, 10)
    for s in (-1, 0, 1):
        d.poly([(lx + s * 70 - 10, ly + 10), (lx + s * 70 + 10, ly + 10), (lx + s * 80 + 6, ly + 44), (lx + s * 80 - 8, ly + 44)], fill=(140, 98, 44))
    body = [(lx + 100 * math.cos(a), ly - 20 + 60 * math.sin(a)) for a in lin(0, math.pi, 30)]
    sphere(img, lambda m: m.poly(body, fill=255), (226, 170, 90), lx - 40, ly - 10, 160, amb=0.4, spec=0.3)
    d.ell((lx - 104, ly - 34, lx + 104, ly - 8), fill=(176, 124, 56))
    sphere(img, lambda m: m.chord((lx - 84, ly - 100, lx + 84, ly - 6), 180, 360, fill=255), (226, 170, 90), lx - 30, ly - 80, 120, amb=0.4, spec=0.3)
    sphere(img, lambda m: m.circle(lx, ly - 104, 14, fill=255), (236, 182, 100), lx - 5, ly - 110, 20, amb=0.4, spec=0.6)
    for s in (-1, 1):
        d.arc((lx + s * 112 - 22, ly - 44, lx + s * 112 + 22, ly - 4), 0, 360, fill=(170, 118, 52), width=5)
    return img


def scene_basket_boats():
    img = bg_grad((150, 198, 232), (226, 236, 234))
    d = D(img)
    rnd = random.Random(171)
    hz = 350
    # distant nipa palm line
    for x in range(-20, W + 40, 26):
        h = rnd.uniform(50, 110)
        for k in range(3):
            a = rnd.uniform(-60, 60)
            tipx = x + a
            frond(d, (x, hz + 4), (x + a * 0.3, hz - h * 0.9), (tipx, hz - h + abs(a) * 0.5), (74, 110, 84), n=10,
                  leaf_len=16, width=2, droop=0.5, rnd=rnd, lw=2)
    d.rect((0, hz - 6, W, hz + 10), fill=(64, 98, 74))
    grad_fill(img, lambda m: m.rect((0, hz + 8, W, H), fill=255), (108, 156, 146), (52, 104, 100), hz + 8, H)
    for _ in range(120):
        y = rnd.uniform(hz + 14, H)
        k = (y - hz) / (H - hz)
        x = rnd.uniform(-50, W)
        L = rnd.uniform(20, 90) * (0.5 + k)
        d.line([(x, y), (x + L, y)], fill=mix((110, 160, 150), (196, 226, 220), rnd.uniform(0.2, 0.6)), width=1 + k)
    water = (70, 124, 118)
    basket_boat(img, 1010, 420, 52, 1, shirt=(200, 60, 50), paddle_side=-1, water=water)
    basket_boat(img, 760, 500, 92, 2, shirt=(240, 240, 236), paddle_side=1, water=water)
    basket_boat(img, 390, 640, 168, 3, shirt=(60, 90, 150), paddle_side=1, water=water)
    # foreground nipa fronds framing the left edge
    frond(d, (-20, 880), (40, 600), (260, 520), (60, 116, 54), n=36, leaf_len=80, width=3, droop=0.4, rnd=rnd, lw=5)
    frond(d, (-40, 800), (60, 560), (160, 400), (76, 130, 62), n=36, leaf_len=70, width=3, droop=0.4, rnd=rnd, lw=5)
    frond(d, (1240, 880), (1180, 640), (1000, 600), (66, 122, 58), n=30, leaf_len=70, width=3, droop=0.4, rnd=rnd, lw=5)
    return img


def nipa_cluster(img, bx, by, scale, seed, n=8, lean=0.0):
    """A clump of nipa (water coconut) fronds rising stiffly from the water."""
    rnd = random.Random(seed)
    d = D(img)
    fill(img, lambda m: m.ell((bx - 150 * scale, by - 6, bx + 150 * scale, by + 40 * scale), fill=255), (40, 76, 50), 120, 10 * scale)
    angs = sorted(rnd.uniform(-62, 62) + lean for _ in range(n))
    angs.sort(key=lambda a: -abs(a))          # outer fronds first, upright ones in front
    for a in angs:
        L = rnd.uniform(240, 360) * scale * (1 - abs(a) / 200)
        ra = math.radians(a - 90)
        tip = (bx + math.cos(ra) * L, by + math.sin(ra) * L + abs(a) * 0.9 * scale)
        ctrl = (bx + math.cos(ra) * L * 0.55, by + math.sin(ra) * L * 0.6 - 10 * scale)
        col = rnd.choice([(56, 112, 52), (72, 128, 58), (88, 142, 66), (64, 120, 54), (96, 138, 62)])
        if rnd.random() < 0.06:
            col = (150, 128, 72)
        pts = qbez((bx + rnd.uniform(-8, 8) * scale, by), ctrl, tip, 26)
        d.line(pts, fill=mul(col, 0.75), width=4 * scale)
        for i in range(4, 26):
            t = i / 26
            x, y = pts[i]
            tx, ty = pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]
            ta = math.atan2(ty, tx)
            ll = 46 * scale * (0.5 + 0.8 * math.sin(math.pi * min(1.0, t * 1.15)) ** 0.8) * (1.05 - 0.6 * t)
            for side in (-1, 1):
                aa = ta + side * math.radians(34)
                ex, ey = x + math.cos(aa) * ll, y + math.sin(aa) * ll + ll * 0.18
                d.line([(x, y), (ex, ey)], fill=mul(col, rnd.uniform(0.9, 1.1)), width=2.6 * scale)


def feather(d, base, ctrl, tip, maxw, color):
    """Solid feather-shaped silhouette of a palm frond (used for distant fronds)."""
    pts = qbez(base, ctrl, tip, 44)
    n = len(pts)
    left, right = [], []
    for i, (x, y) in enumerate(pts):
        j0, j1 = max(0, i - 1), min(n - 1, i + 1)
        dx, dy = pts[j1][0] - pts[j0][0], pts[j1][1] - pts[j0][1]
        ln = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / ln, dx / ln
        t = i / (n - 1)
        r = maxw * math.sin(math.pi * min(1.0, 0.08 + t * 0.95)) ** 0.6 * (1 - 0.35 * t)
        if i % 2:
            r *= 0.35
        left.append((x + nx * r, y + ny * r + r * 0.5))
        right.append((x - nx * r, y - ny * r + r * 0.5))
    d.poly(left + right[::-1], fill=color)
    d.line(pts, fill=mul(color, 0.8), width=2)


def scene_nipa():
    img = bg_grad((150, 198, 232), (230, 238, 234))
    d = D(img)
    rnd = random.Random(181)
    hz = 440
    grad_fill(img, lambda m: m.rect((0, hz, W, H), fill=255), (190, 220, 222), (96, 146, 134), hz, H)
    # far palm line at the end of the channel
    for x in range(300, 920, 16):
        h = rnd.uniform(30, 60)
        for k in range(2):
            a = rnd.uniform(-40, 40)
            feather(d, (x, hz + 2), (x + a * 0.3, hz - h * 0.8), (x + a, hz - h + abs(a) * 0.4), 5, (110, 146, 116))
    # dense banks, far to near; each clump fans out from the water line
    banks = [((560, hz + 6), (0, 760), 1), ((660, hz + 6), (1200, 760), -1)]
    clumps = []
    for (fx, fy), (nx_, ny_), side in banks:
        for i in range(16):
            t = i / 15
            x = fx + (nx_ - fx) * t + rnd.uniform(-20, 20)
            y = fy + (ny_ - fy) * t
            clumps.append((y, x, side, rnd.random()))
    # reflections of the banks
    for (fx, fy), (nx_, ny_), side in banks:
        fill(img, lambda m: m.poly([(fx, fy), (nx_, ny_), (nx_ + side * 40, ny_ + 140), (fx - side * 80, fy + 40)], fill=255),
             (52, 96, 70), 150, 20)
    greens = [(58, 104, 58), (70, 118, 64), (84, 130, 70), (64, 112, 60), (76, 124, 66), (90, 136, 72), (62, 108, 60),
              (80, 126, 64), (68, 116, 62), (120, 124, 74)]
    for y, x, side, r in sorted(clumps):
        sc = 0.25 + 1.25 * (y - hz) / (760 - hz)
        haze = 0.45 * (1 - (y - hz) / (760 - hz))
        for k in range(12):
            a = rnd.uniform(-70, 55) * -side + 0.0
            L = rnd.uniform(250, 380) * sc * (1 - abs(a) / 220)
            ra = math.radians(a - 90)
            tip = (x + math.cos(ra) * L, y + math.sin(ra) * L + abs(a) * 0.8 * sc)
            ctrl = (x + math.cos(ra) * L * 0.55, y + math.sin(ra) * L * 0.6 - 8 * sc)
            col = mix(rnd.choice(greens), (150, 186, 180), haze)
            feather(d, (x, y), ctrl, tip, 17 * sc, col)
    # soften the background (depth of field)
    img = img.filter(ImageFilter.GaussianBlur(1.6 * K))
    d = D(img)
    for _ in range(60):
        y = rnd.uniform(hz + 10, H)
        k = (y - hz) / (H - hz)
        u = (y - hz) / 320
        lo, hi = 600 - 600 * u + 50, 640 + 560 * u - 50
        L = rnd.uniform(20, 60) * (0.5 + k)
        if hi - L > lo:
            x = rnd.uniform(lo, hi - L)
            d.line([(x, y), (x + L, y)], fill=(222, 238, 236), width=1 + k)
    basket_boat(img, 606, 520, 40, 7, shirt=(210, 70, 50), paddle_side=1, water=(150, 190, 186))
    # detailed foreground clumps
    nipa_cluster(img, 60, 880, 1.3, 8, 9, 28)
    nipa_cluster(img, 1150, 880, 1.3, 9, 9, -28)
    return img


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------

JOBS = [
    ("nuoc-mam-cua-khe", "1.jpg", scene_fish_sauce_bottle, "Fish-sauce bottle with a red cap and fish label, dipping dish with chilli, anchovies on a wooden table"),
    ("nuoc-mam-cua-khe", "2.jpg", scene_fish_sauce_barrels, "Wooden fermenting barrels by the sea, anchovies drying on a round bamboo tray"),
    ("cao-sam-ngoc-linh", "1.jpg", scene_ginseng, "Ngoc Linh ginseng root with palmate leaves and red berries, small jar of extract"),
    ("que-tra-my", "1.jpg", scene_cinnamon, "Stack of rolled cinnamon-bark quills, bowl of cinnamon powder, bark pieces on burlap"),
    ("banh-trang-phu-chiem", "1.jpg", scene_rice_paper, "Stack of rice-paper discs with mat pattern, discs standing behind, sesame crackers"),
    ("mi-quang-phu-chiem", "1.jpg", scene_noodles, "Tied bundles of yellow dried Mi Quang noodles on a bamboo tray, chillies and lime"),
    ("den-long-hoi-an", "1.jpg", scene_lanterns_day, "Row of coloured silk lanterns hanging from a beam against a yellow Hoi An wall"),
    ("den-long-hoi-an", "2.jpg", scene_lanterns_night, "Strings of glowing lanterns at night over old-town roofs, reflected in the river"),
    ("gom-thanh-ha", "1.jpg", scene_pottery, "Three terracotta vases with incised bands, a bowl and a clay bird whistle"),
    ("go-kim-bong", "1.jpg", scene_wood_statue, "Carved wooden seated statue on a lotus base, chisel and wood shavings"),
    ("tho-cam-co-tu", "1.jpg", scene_brocade, "Co Tu brocade: black cloth with red stripes, lozenges and white bead motifs"),
    ("tho-cam-co-tu", "2.jpg", scene_weaving, "Simplified Co Tu woman weaving on a back-strap loom in a wooden house"),
    ("lua-ma-chau", "1.jpg", scene_silk, "Rolls of crimson and gold silk with draped fabric, basket of silk cocoons"),
    ("mat-ong-phuoc-son", "1.jpg", scene_honey, "Jar of amber honey with a bee label, honeycomb piece and a honey dipper"),
    ("tra-giao-co-lam", "1.jpg", scene_tea, "Cup of herbal tea with steam, bowl of dried leaves, fresh gynostemma sprigs"),
    ("buoi-dai-binh", "1.jpg", scene_pomelo, "Whole green pomelo with leaves, a cut half showing segments, two leaves on the table"),
    ("yen-sao-cu-lao-cham", "1.jpg", scene_birds_nest, "Red gift box with gold trim holding bird's nests, swallow emblem on the lid"),
    ("dong-phuoc-kieu", "1.jpg", scene_gongs, "Three bronze gongs hanging from a wooden frame, mallet and bronze incense burner"),
    ("rung-dua-cam-thanh", "1.jpg", scene_basket_boats, "Round basket boats with paddlers in conical hats on a river lined with nipa palms"),
    ("rung-dua-cam-thanh", "2.jpg", scene_nipa, "Water channel winding through dense nipa palms, a small basket boat in the distance"),
]


def load_font(size):
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    raise SystemExit("no suitable font found (install fonts-noto-core or fonts-dejavu-core)")


def finish(big):
    img = big.convert("RGB").resize((W, H), Image.LANCZOS)
    band_h = 30
    band = Image.new("L", (W, band_h), 120)
    img.paste((0, 0, 0), (0, H - band_h, W, H), band)
    d = ImageDraw.Draw(img)
    font = load_font(16)
    tw = d.textlength(CAPTION, font=font)
    d.text((W - 16 - tw, H - band_h / 2), CAPTION, font=font, fill=(246, 246, 246), anchor="lm")
    return img


def save(img, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=80, optimize=True, progressive=True)
    size = path.stat().st_size
    if size > MAX_BYTES:
        print(f"WARNING: {path} is {size} bytes (> {MAX_BYTES})", file=sys.stderr)
    return size


def main(argv):
    only = set(argv[1:])
    for pid, name, fn, desc in JOBS:
        if only and pid not in only:
            continue
        out = OUT_DIR / pid / name
        size = save(finish(fn()), out)
        print(f"{out.relative_to(ROOT)}\t{size}\t{desc}")


if __name__ == "__main__":
    main(sys.argv)
