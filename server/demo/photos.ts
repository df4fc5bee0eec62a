import type { DateTime } from 'luxon';
import sharp from 'sharp';
import { seeded } from './tonghai.js';

// Made-up phone photos of an open-air screening for the demo: a night sky over a dark village, a
// lit screen on two poles showing a frame of a film, the projector's beam, the heads of the audience
// against the screen's light, a few lamps, and sensor noise. Each seed draws another scene (screen
// placement, frame, crowd), so two demo photos differ by their perceptual hash as two real ones
// would, and only a photo deliberately sent twice matches.

const W = 640;
const H = 480;

const hsl = (h: number, s: number, l: number) => `hsl(${Math.round(h)},${Math.round(s)}%,${Math.round(l)}%)`;

function scene(random: () => number): string {
  const horizon = H * (0.58 + random() * 0.08);
  const sw = W * (0.3 + random() * 0.2);
  const sh = sw * (0.5 + random() * 0.1);
  const sx = W * 0.06 + random() * (W * 0.88 - sw);
  const sy = H * 0.08 + random() * (horizon - sh - H * 0.12);
  const hue = random() * 360;
  // The film's frame: a sky, hills and a sun (or a face-sized blob) in the film's colours.
  const hills = Array.from({ length: 6 }, (_, i) => `${sx + (sw * i) / 5},${sy + sh * (0.45 + random() * 0.3)}`).join(' ');
  const sun = { x: sx + sw * (0.15 + random() * 0.7), y: sy + sh * (0.15 + random() * 0.3), r: sh * (0.08 + random() * 0.15) };
  // The skyline: roofs and trees in black against the sky.
  const skyline = [`0,${horizon}`];
  for (let x = 0; x <= W; x += 16 + random() * 40) skyline.push(`${x.toFixed(0)},${(horizon - random() * H * 0.1).toFixed(0)}`);
  skyline.push(`${W},${horizon}`);
  const heads: string[] = [];
  const rows = 3 + Math.floor(random() * 3);
  for (let r = 0; r < rows; r++) {
    const y = H * 0.78 + (r * H * 0.22) / rows;
    const size = 10 + r * 6;
    for (let x = -size + random() * size * 2; x < W + size; x += size * (1.6 + random() * 1.6)) {
      heads.push(`<ellipse cx="${x.toFixed(0)}" cy="${(y + (random() - 0.5) * 8).toFixed(0)}" rx="${size * 0.8}" ry="${size}" fill="#040404" stroke="#2c2c34" stroke-width="1.5"/>`);
      heads.push(`<rect x="${(x - size * 1.4).toFixed(0)}" y="${(y + size * 0.8).toFixed(0)}" width="${size * 2.8}" height="${H}" rx="${size}" fill="#060606"/>`);
    }
  }
  const lamps = Array.from({ length: 2 + Math.floor(random() * 5) }, () => {
    const x = random() * W;
    const y = horizon - H * (0.02 + random() * 0.12);
    return `<circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="${(2 + random() * 3).toFixed(1)}" fill="#ffe9a8"/><circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="14" fill="#ffe9a8" opacity="0.12"/>`;
  });
  const projector = { x: W * (0.35 + random() * 0.3), y: H * 0.9 };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#05070f"/><stop offset="1" stop-color="${hsl(225, 30, 10 + random() * 6)}"/></linearGradient>
    <linearGradient id="frame" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(hue, 55, 78)}"/><stop offset="1" stop-color="${hsl(hue + 40, 45, 60)}"/></linearGradient>
    <filter id="glow"><feGaussianBlur stdDeviation="18"/></filter>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#sky)"/>
  <rect x="0" y="${horizon}" width="${W}" height="${H - horizon}" fill="#0e0c0a"/>
  <polygon points="${skyline.join(' ')}" fill="#020304"/>
  ${lamps.join('')}
  <polygon points="${projector.x},${projector.y} ${sx},${sy} ${sx + sw},${sy} ${sx + sw},${sy + sh} ${sx},${sy + sh}" fill="#e8f0ff" opacity="0.05"/>
  <rect x="${sx - 20}" y="${sy - 20}" width="${sw + 40}" height="${sh + 40}" fill="${hsl(hue, 40, 70)}" opacity="0.5" filter="url(#glow)"/>
  <rect x="${sx - 4}" y="${sy}" width="4" height="${horizon - sy + 10}" fill="#1b1b1b"/>
  <rect x="${sx + sw}" y="${sy}" width="4" height="${horizon - sy + 10}" fill="#1b1b1b"/>
  <rect x="${sx}" y="${sy}" width="${sw}" height="${sh}" fill="url(#frame)"/>
  <circle cx="${sun.x}" cy="${sun.y}" r="${sun.r}" fill="${hsl(hue + 180, 70, 85)}"/>
  <polygon points="${sx},${sy + sh} ${hills} ${sx + sw},${sy + sh}" fill="${hsl(hue + 120, 40, 35)}"/>
  ${heads.join('')}
</svg>`;
}

/**
 * A demo photo of a screening as a phone's JPEG (640×480), the same bytes for the same seed. With
 * `takenAt`, EXIF carries it (county time and its offset) and the phone's make and model.
 */
export async function demoPhoto(seed: number, takenAt?: DateTime): Promise<Buffer> {
  const random = seeded(seed);
  const { data, info } = await sharp(Buffer.from(scene(random))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // Sensor noise, stronger in the dark as a phone's night shot has it: a triangular spread from a
  // xorshift of the seed (a call to random() a pixel would double the time the photo takes).
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const n = ((x & 0xff) + ((x >>> 8) & 0xff) - 255) / 255;
    const v = data[i]!;
    data[i] = Math.max(0, Math.min(255, Math.round(v + n * (v < 60 ? 18 : 8))));
  }
  const image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 82 });
  if (!takenAt) return image.toBuffer();
  return image
    .withExif({
      IFD0: { Make: 'Xiaomi', Model: 'Redmi Note 12' },
      IFD2: { DateTimeOriginal: takenAt.toFormat('yyyy:MM:dd HH:mm:ss'), OffsetTimeOriginal: takenAt.toFormat('ZZ') },
    })
    .toBuffer();
}

