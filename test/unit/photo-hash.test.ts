import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { demoPhoto } from '../../server/demo/photos.js';
import { hammingDistance, perceptualHash } from '../../server/evidence/image.js';

// duplicate_photo's hash on the pictures it is for: dark night scenes of a lit screen and a crowd,
// with sensor noise, as the demo draws them. A copy that went through a chat app (smaller, JPEG
// again) stays within PHOTO_HASH_MAX_DISTANCE's default of 2 bits; another such scene is far.

const forwarded = [
  (b: Buffer) => sharp(b).jpeg({ quality: 60 }).toBuffer(),
  (b: Buffer) => sharp(b).resize(800).jpeg({ quality: 75 }).toBuffer(),
  (b: Buffer) => sharp(b).resize(480).jpeg({ quality: 50 }).toBuffer(),
  (b: Buffer) => sharp(b).resize(1280, 1280, { fit: 'inside' }).webp({ quality: 80 }).toBuffer(),
];

describe('the perceptual hash of night photos', async () => {
  const photos = await Promise.all([1, 2, 3, 4, 5, 6].map((seed) => demoPhoto(seed)));
  const hashes = await Promise.all(photos.map(perceptualHash));

  it('is 16 hex digits', () => {
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{16}$/);
  });

  it('when a photo is resized and recompressed, its hash moves at most 2 bits', async () => {
    for (const [i, photo] of photos.entries()) {
      for (const send of forwarded) expect(hammingDistance(hashes[i]!, await perceptualHash(await send(photo)))).toBeLessThanOrEqual(2);
    }
  });

  it('when two different night scenes are hashed, they differ in at least 10 bits', () => {
    for (let i = 0; i < hashes.length; i++) for (let j = i + 1; j < hashes.length; j++) expect(hammingDistance(hashes[i]!, hashes[j]!)).toBeGreaterThanOrEqual(10);
  });

  it('when a picture has no features (a lens cap), every such picture matches it', async () => {
    const black = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#000' } }).jpeg().toBuffer();
    expect(hammingDistance(await perceptualHash(await black(640, 480)), await perceptualHash(await black(1024, 768)))).toBe(0);
  });
});
