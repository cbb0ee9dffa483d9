/**
 * Draws the add-in's icons (assets/icon-16.png ... icon-128.png) from geometry, so they can be regenerated
 * byte for byte: an NHS Blue rounded square with a white tick. No image library: a small PNG encoder on
 * node:zlib. Run with `npm run build && node dist/scripts/generate-icons.js`; a test checks the committed PNGs
 * still hold exactly these pixels.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { packageRoot } from '../src-engine/node/package-root.js';

/** 16, 32 and 80 are the ribbon's mandatory sizes; 32 is IconUrl, 64 HighResolutionIconUrl; 128 for listings. */
export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

const NHS_BLUE = [0x00, 0x5e, 0xb8] as const; // NHS identity guidelines: NHS Blue, Pantone 300
const WHITE = [0xff, 0xff, 0xff] as const;

// ---- PNG encoder (8-bit RGBA, no interlace, filter 0 on every row) ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** Encodes straight (not premultiplied) RGBA pixels, row by row from the top, as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`encodePng: expected ${width * height * 4} bytes, got ${rgba.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, filter method 0, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter type None
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

// ---- drawing (unit square coordinates, y down) ----

/** Signed distance to a square of side 1 centred at (0.5, 0.5) with corners of radius r: negative inside. */
function roundedSquareDistance(x: number, y: number, r: number): number {
  const qx = Math.abs(x - 0.5) - (0.5 - r);
  const qy = Math.abs(y - 0.5) - (0.5 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** The tick: two strokes with round caps, a short one down to the right and a long one up to the right. */
const TICK = [[0.25, 0.53], [0.43, 0.7], [0.76, 0.33]] as const;

/** RGBA pixels of the icon at `size` px, anti-aliased by 8 × 8 supersampling. */
export function renderIcon(size: number): Uint8Array {
  const samples = 8;
  const corner = 0.19;
  // Small icons get a slightly bolder tick so it survives at 16 px.
  const halfWidth = size <= 16 ? 0.09 : size <= 32 ? 0.08 : 0.072;
  const [a, b, c] = TICK;
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inBox = 0;
      let onTick = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (roundedSquareDistance(x, y, corner) > 0) continue;
          inBox++;
          const d = Math.min(segmentDistance(x, y, a[0], a[1], b[0], b[1]), segmentDistance(x, y, b[0], b[1], c[0], c[1]));
          if (d <= halfWidth) onTick++;
        }
      }
      const i = (py * size + px) * 4;
      const white = inBox === 0 ? 0 : onTick / inBox;
      for (let ch = 0; ch < 3; ch++) out[i + ch] = Math.round(NHS_BLUE[ch]! * (1 - white) + WHITE[ch]! * white);
      out[i + 3] = Math.round((255 * inBox) / (samples * samples));
    }
  }
  return out;
}

export const iconFileName = (size: number): string => `icon-${size}.png`;

function main(): void {
  const dir = join(packageRoot(), 'assets');
  mkdirSync(dir, { recursive: true });
  for (const size of ICON_SIZES) {
    writeFileSync(join(dir, iconFileName(size)), encodePng(size, size, renderIcon(size)));
    console.log(`wrote assets/${iconFileName(size)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
