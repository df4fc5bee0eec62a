import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photoKeys } from '../../server/evidence/files.js';
import { appServer } from '../../server/http/shapes.js';
import { expectProblem, useApp } from '../helpers/api.js';
import { photosInS3 } from '../helpers/s3.js';

// Photos of a screening (DOMAIN.md "Evidence and verification"): the body is the image itself,
// kept in the photo store by its SHA-256 with a display copy beside it; whatever is refused stores
// nothing — no row, no object. The test images are made here with sharp. The suite runs on the
// local folder and again on S3 (test/api/s3/evidence-photos.test.ts): everything it looks at in
// the store it reads through the store.

const photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'film2131-photos-'));
const app = useApp({ as: ['admin', 'bureau', 'partner'], now: '2026-11-21T12:00:00', env: { PHOTO_DIR: photoDir } });
afterAll(() => fs.rmSync(photoDir, { recursive: true, force: true }));

/** Every file under a folder. */
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)])) : [];

/** Every object in the photo store, and a local folder's temporary files too. */
async function files(): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of app.ctx.photos.list()) keys.push(o.key);
  return app.ctx.photos.kind === 'local' ? [...keys, ...filesUnder(path.join(photoDir, 'tmp'))] : keys;
}

/** An object's bytes from the photo store. */
async function stored(key: string): Promise<Buffer> {
  const o = await app.ctx.photos.get(key);
  expect(o, key).not.toBeNull();
  const chunks: Buffer[] = [];
  for await (const chunk of o!.body) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  expect(bytes.length, key).toBe(o!.size);
  return bytes;
}

/** A picture of its own: smooth random shapes, so that two seeds give different perceptual hashes. */
function picture(seed: number, width = 640, height = 480) {
  const rows = [0, 1, 2, 3].map((i) => `<rect x="${((seed * 97 + i * 151) % 500) + 10}" y="${((seed * 53 + i * 89) % 380) + 10}" width="${80 + ((seed + i) % 5) * 30}" height="${60 + ((seed * 7 + i) % 4) * 25}" fill="rgb(${(seed * 40 + i * 60) % 256},${(seed * 90 + i * 30) % 256},${(seed * 20 + i * 110) % 256})"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="rgb(${(seed * 31) % 200},${(seed * 17) % 200},90)"/>${rows.join('')}</svg>`;
  return sharp(Buffer.from(svg)).resize(width, height);
}

const exif = (o: { time?: string; lat?: string; latRef?: string } = {}) => ({
  IFD0: { Make: 'Test phone' },
  IFD2: { DateTimeOriginal: o.time ?? '2026:11:20 20:15:00' },
  IFD3: { GPSLatitudeRef: o.latRef ?? 'N', GPSLatitude: o.lat ?? '24/1 6/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '102/1 45/1 0/1' },
});

let seed = 0;
const jpeg = async (o: Parameters<typeof exif>[0] = {}) => picture(++seed).withExif(exif(o)).jpeg({ quality: 85 }).toBuffer();
const png = async () => picture(++seed).png().toBuffer();
const webp = async () => picture(++seed).webp().toBuffer();

/** A PNG whose header says 100,000 × 100,000 pixels, in a few hundred bytes. */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(100_001))), chunk('IEND', Buffer.alloc(0))]);
}

let screeningId: number;
let teamId: number;
let villageId: number;
beforeAll(async () => {
  villageId = (await app.make.village({ lat: 24.1, lng: 102.75 })).id;
  teamId = (await app.make.team({ partner_id: app.as.partner.partnerId })).id;
  screeningId = (await app.make.screening({ village_id: villageId, team_id: teamId, starts_at: '2026-11-20T19:30+08:00', status: 'completed', audience: 50 })).id;
});

let evening = 0;
/** Another completed screening of the team, on an evening of its own. */
const another = async () => (await app.make.screening({ village_id: villageId, team_id: teamId, starts_at: new Date(Date.parse('2026-10-01T11:30:00Z') + ++evening * 86_400_000), status: 'completed', audience: 50 })).id;

const upload = (id: number, body: Buffer | string, type = 'image/jpeg', who: 'admin' | 'bureau' | 'partner' = 'partner') => app.as[who].post(`/api/screenings/${id}/photos`).set('Content-Type', type).send(body);
const rows = async () => Number((await app.db('screening_photos').count({ n: '*' }).first())?.n);

describe('a photo that is kept', () => {
  it('is kept in the store this run asks for (TEST_PHOTO_STORE)', () => {
    expect(app.ctx.photos.kind).toBe(photosInS3() ? 's3' : 'local');
  });

  it('when a JPEG with EXIF comes, it answers 201 with its hash, size and EXIF time, and keeps the bytes as they came', async () => {
    const bytes = await jpeg();
    const res = await upload(screeningId, bytes);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), width: 640, height: 480, takenAt: '2026-11-20T20:15:00.000+08:00', mediaType: 'image/jpeg', bytes: bytes.length });
    expect(res.body.lat).toBeCloseTo(24.1, 6);
    expect(res.body.lng).toBeCloseTo(102.75, 6);
    expect(res.headers.location).toBe(`/api/photos/${res.body.id}`);
    const sha = res.body.sha256 as string;
    expect((await stored(photoKeys.original(sha, 'jpg'))).equals(bytes)).toBe(true);
    const display = await stored(photoKeys.display(sha));
    const meta = await sharp(display).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 640, height: 480 });
    expect(meta.exif).toBeUndefined();
    expect(filesUnder(path.join(photoDir, 'tmp'))).toEqual([]);
  });

  it('when a PNG or a WebP comes, 201 without a time (they carry no EXIF here)', async () => {
    for (const [bytes, type] of [[await png(), 'image/png'], [await webp(), 'image/webp']] as const) {
      const res = await upload(screeningId, bytes, type);
      expect(res.status, type).toBe(201);
      expect(res.body).toMatchObject({ mediaType: type, width: 640, height: 480, takenAt: null, lat: null });
    }
  });

  it('when a large picture comes, the display copy is at most 1280 px a side', async () => {
    const res = await upload(await another(), await picture(++seed, 3000, 2000).jpeg().toBuffer());
    expect(res.body).toMatchObject({ width: 3000, height: 2000 });
    const sha = res.body.sha256 as string;
    expect(await sharp(await stored(photoKeys.display(sha))).metadata()).toMatchObject({ width: 1280, height: 853 });
  });

  it('when the same bytes come again for the same screening, 200 with the photo already kept, and nothing twice', async () => {
    const [id, bytes] = [await another(), await jpeg()];
    const first = await upload(id, bytes);
    const before = await rows();
    const again = await upload(id, bytes);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await rows()).toBe(before);
  });

  it("when the photo's EXIF time is the morning after, the screening gets fix_time naming the photo", async () => {
    const id = await another();
    const when = (await app.db('screenings').where({ id }).first('starts_at')).starts_at as Date;
    const next = new Date(when.getTime() + 14 * 3_600_000 + 8 * 3_600_000);
    const time = `${next.getUTCFullYear()}:${String(next.getUTCMonth() + 1).padStart(2, '0')}:${String(next.getUTCDate()).padStart(2, '0')} ${String(next.getUTCHours()).padStart(2, '0')}:${String(next.getUTCMinutes()).padStart(2, '0')}:00`;
    expect((await upload(id, await jpeg({ time }))).status).toBe(201);
    const flags = (await app.as.bureau.get(`/api/screenings/${id}`)).body.verification.flags;
    expect(flags).toContainEqual(expect.objectContaining({ code: 'fix_time', params: expect.objectContaining({ what: 'photo', hours: 14 }) }));
  });
});

describe('the same picture on two screenings', () => {
  it('when a photo comes back resized and recompressed for another screening, both get a critical duplicate_photo', async () => {
    const original = await picture(++seed, 1600, 1200).jpeg({ quality: 90 }).toBuffer();
    const copy = await sharp(original).resize(800, 600).jpeg({ quality: 60 }).toBuffer();
    const [a, b] = [await another(), await another()];
    const first = await upload(a, original);
    const second = await upload(b, copy);
    expect(second.status).toBe(201);
    const flagOf = async (id: number) => (await app.as.bureau.get(`/api/screenings/${id}`)).body.verification;
    expect(await flagOf(b)).toMatchObject({ state: 'flagged', flags: expect.arrayContaining([expect.objectContaining({ code: 'duplicate_photo', severity: 'critical', params: expect.objectContaining({ photoId: second.body.id, otherPhotoId: first.body.id, otherScreeningId: a }) })]) });
    expect((await flagOf(a)).flags).toContainEqual(expect.objectContaining({ code: 'duplicate_photo', params: expect.objectContaining({ otherScreeningId: b }) }));
  });

  it('when two different pictures come, no duplicate', async () => {
    const [a, b] = [await another(), await another()];
    await upload(a, await jpeg());
    await upload(b, await jpeg());
    for (const id of [a, b]) expect((await app.as.bureau.get(`/api/screenings/${id}`)).body.verification.flags.map((f: { code: string }) => f.code)).not.toContain('duplicate_photo');
  });
});

describe('photos a screening keeps', () => {
  it('when a screening has its 3 photos, a 4th is a 409 naming body, nothing stored; the same bytes again are still a 200', async () => {
    const id = await another();
    const three = await Promise.all([1, 2, 3].map(() => jpeg()));
    for (const photo of three) expect((await upload(id, photo)).status).toBe(201);
    const before = (await files()).length;
    const res = await upload(id, await jpeg());
    expectProblem(res, 409, ['body']);
    expect(res.body.detail).toMatch(/3 photos/);
    expect(await app.db('screening_photos').where({ screening_id: id }).count({ n: '*' })).toEqual([{ n: 3 }]);
    expect((await files()).length).toBe(before);
    expect((await upload(id, three[0]!)).status).toBe(200);
  });

  it('when four photos come at once, three are kept and one is refused', async () => {
    const id = await another();
    const photos = await Promise.all([1, 2, 3, 4].map(() => jpeg()));
    const statuses = (await Promise.all(photos.map((p) => upload(id, p)))).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409]);
    expect(await app.db('screening_photos').where({ screening_id: id }).count({ n: '*' })).toEqual([{ n: 3 }]);
  });
});

describe('what is refused stores nothing: no row, no file', () => {
  const truncated = async () => {
    const whole = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer();
    return whole.subarray(0, Math.floor(whole.length / 2));
  };
  const cases: [string, number, string[], RegExp, string, () => Promise<Buffer | string>][] = [
    ['a text file sent as image/jpeg', 400, ['body'], /first bytes are not those of a JPEG/, 'image/jpeg', async () => 'this is not a picture at all'],
    ['a PNG sent as image/jpeg', 400, ['body'], /bytes are a PNG image; send it as image\/png/, 'image/jpeg', png],
    ['a truncated JPEG', 400, ['body'], /truncated or corrupt/, 'image/jpeg', truncated],
    ['a PNG declaring 100,000 × 100,000 pixels', 400, ['body'], /100000×100000 pixels, more than 50 megapixels/, 'image/png', async () => pngBomb()],
    ['a JPEG whose EXIF date is the 45th of the 13th month', 400, ['exif.DateTimeOriginal'], /not a real date/, 'image/jpeg', () => jpeg({ time: '2026:13:45 99:00:00' })],
    ['a JPEG whose EXIF latitude is 200°', 400, ['exif.GPSLatitude'], /at most 90/, 'image/jpeg', () => jpeg({ lat: '200/1 0/1 0/1' })],
    ['a JPEG whose EXIF latitude is to the X', 400, ['exif.GPSLatitudeRef'], /N or S/, 'image/jpeg', () => jpeg({ latRef: 'X' })],
    ['a GIF', 415, ['Content-Type'], /image\/jpeg, image\/png, image\/webp/, 'image/gif', async () => Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
    ['a form upload', 415, ['Content-Type'], /must be image/, 'multipart/form-data; boundary=x', jpeg],
  ];

  it.each(cases)('%s: %i naming %j', async (_what, status, paths, says, type, make) => {
    const [before, kept] = [await rows(), (await files()).length];
    const res = await upload(screeningId, await make(), type);
    expectProblem(res, status, paths);
    expect(res.body.errors[0].message).toMatch(says);
    expect(await rows()).toBe(before);
    expect((await files()).length).toBe(kept);
  });

  it('when the body is over 10 MB, 413 before it is read', async () => {
    const [before, kept] = [await rows(), (await files()).length];
    const res = await upload(screeningId, Buffer.alloc(10 * 1024 * 1024 + 1, 0xff));
    expectProblem(res, 413, ['body']);
    expect(await rows()).toBe(before);
    expect((await files()).length).toBe(kept);
  });

  it('when a chunked body grows past the limit, 413 as it comes', async () => {
    const server = appServer(app.express).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: (server.address() as AddressInfo).port, method: 'POST', path: `/api/screenings/${screeningId}/photos`, headers: { ...app.as.partner.auth, 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        const chunk = Buffer.alloc(1024 * 1024, 0xd8);
        chunk[0] = 0xff;
        for (let i = 0; i < 11; i++) req.write(chunk);
        req.end();
      });
      expect(status).toBe(413);
    } finally {
      server.close();
    }
  });

  it('when the screening is cancelled, 409; unknown, 404; the bureau, 403; nobody signed in, 401', async () => {
    const cancelled = await app.make.screening({ village_id: villageId, team_id: teamId, starts_at: '2026-09-01T19:30+08:00', status: 'cancelled', cancel_reason: 'rain' });
    const bytes = await jpeg();
    const before = await rows();
    expectProblem(await upload(cancelled.id, bytes), 409);
    expectProblem(await upload(99999999, bytes), 404);
    expectProblem(await upload(screeningId, bytes, 'image/jpeg', 'bureau'), 403);
    expectProblem(await app.http.post(`/api/screenings/${screeningId}/photos`).set('Content-Type', 'image/jpeg').send(bytes), 401);
    expectProblem(await (await app.newUser('partner')).post(`/api/screenings/${screeningId}/photos`).set('Content-Type', 'image/jpeg').send(bytes), 404);
    expect(await rows()).toBe(before);
  });

  it('when the row cannot be written after the files were, the files go again (and the answer is the server\'s fault, 500)', async () => {
    await app.db.raw(`create function refuse_photo() returns trigger language plpgsql as $$ begin raise exception 'the disk is full'; end $$`);
    await app.db.raw('create trigger refuse_photo before insert on screening_photos for each row execute function refuse_photo()');
    try {
      const [before, kept] = [await rows(), (await files()).length];
      const res = await upload(screeningId, await jpeg());
      expect(res.status).toBe(500);
      expect(await rows()).toBe(before);
      expect((await files()).length).toBe(kept);
    } finally {
      await app.db.raw('drop trigger refuse_photo on screening_photos');
      await app.db.raw('drop function refuse_photo()');
    }
  });
});

describe('when the photo store fails, the photo is both or neither', () => {
  it('when the display copy cannot be put after the original was, the original goes again: no row, no object, a 500', async () => {
    const store = app.ctx.photos;
    const put = store.put;
    store.put = async (key, bytes, type) => {
      if (key.startsWith('display/')) throw new Error('the store is full');
      return put.call(store, key, bytes, type);
    };
    try {
      const [before, kept] = [await rows(), await files()];
      const res = await upload(await another(), await jpeg());
      expect(res.status).toBe(500);
      expect(await rows()).toBe(before);
      expect(await files()).toEqual(kept);
    } finally {
      store.put = put;
    }
  });

  it.runIf(photosInS3())('when the object storage does not answer, 503 with Retry-After, and no row', async () => {
    const [id, before] = [await another(), await rows()];
    const res = await app
      .withEnv({ S3_ENDPOINT: 'http://127.0.0.1:1' })
      .post(`/api/screenings/${id}/photos`)
      .set(app.as.partner.auth)
      .set('Content-Type', 'image/jpeg')
      .send(await jpeg());
    expectProblem(res, 503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.body.detail).toMatch(/photo store did not answer/);
    expect(await rows()).toBe(before);
  });
});

describe('reading photos', () => {
  it('lists a screening\'s photos; serves the display copy to everyone who sees the screening and the original to the bureau and the admin only', async () => {
    const id = await another();
    const bytes = await jpeg();
    const photo = (await upload(id, bytes)).body;
    const list = await app.as.bureau.get(`/api/screenings/${id}/photos`);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: photo.id, sha256: photo.sha256, url: `/api/photos/${photo.id}` }] });

    const display = await app.as.partner.get(`/api/photos/${photo.id}`).buffer(true);
    expect(display.status).toBe(200);
    expect(display.headers['content-type']).toBe('image/webp');
    expect((await sharp(display.body as Buffer).metadata()).format).toBe('webp');

    const original = await app.as.bureau.get(`/api/photos/${photo.id}?original=1`).buffer(true);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect((original.body as Buffer).equals(bytes)).toBe(true);
    expectProblem(await app.as.partner.get(`/api/photos/${photo.id}?original=1`), 403);

    const stranger = await app.newUser('partner');
    expectProblem(await stranger.get(`/api/photos/${photo.id}`), 404);
    expectProblem(await stranger.get(`/api/screenings/${id}/photos`), 404);
    expectProblem(await app.as.bureau.get('/api/photos/99999999'), 404);
  });

  it('when a photo\'s object is missing from the store, 404 saying so, not a 500, and nothing for a cache to keep', async () => {
    const photo = (await upload(await another(), await png(), 'image/png')).body;
    await app.ctx.photos.remove(photoKeys.display(photo.sha256));
    const res = await app.as.bureau.get(`/api/photos/${photo.id}`);
    expectProblem(res, 404);
    expect(res.headers.etag).not.toBe(`"${photo.sha256}-display"`);
    expect(res.headers['cache-control'] ?? '').not.toMatch(/max-age/);
  });

  it('when the browser has the photo already (If-None-Match: its ETag), 304 without reading the store', async () => {
    const photo = (await upload(await another(), await jpeg())).body;
    const first = await app.as.bureau.get(`/api/photos/${photo.id}`);
    expect(first.headers).toMatchObject({ etag: `"${photo.sha256}-display"`, 'cache-control': 'private, max-age=86400' });
    const store = app.ctx.photos;
    const get = store.get;
    let reads = 0;
    store.get = (key) => {
      reads++;
      return get.call(store, key);
    };
    try {
      const again = await app.as.bureau.get(`/api/photos/${photo.id}`).set('If-None-Match', first.headers.etag!);
      expect(again.status).toBe(304);
      expect(reads).toBe(0);
      expect((await app.as.bureau.get(`/api/photos/${photo.id}?original=1`).set('If-None-Match', first.headers.etag!)).status).toBe(200);
      expect(reads).toBe(1);
    } finally {
      store.get = get;
    }
  });
});
