import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TileType } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { expectProblem } from '../helpers/api.js';
import { pngTile, writePmtiles, type ArchiveTile } from '../helpers/pmtiles.js';

// Base maps (issue 23): a PMTiles archive made here, served by the app at the URL its page config
// lists; the presets and their configuration errors. The database plays no part, but the suite
// runs on both engines like every other.

let dir: string;
let archive: string;
let tiles: ArchiveTile[];
let app: TestApp;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'film2131-tiles-'));
  archive = path.join(dir, 'county.pmtiles');
  // z0 and z1 whole, z2 only the two squares over Yunnan's quarter (x 3, y 1 and 2): the rest of z2 is missing.
  const at = [[0, 0, 0], [1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1], [2, 3, 1], [2, 3, 2]] as const;
  tiles = await Promise.all(at.map(async ([z, x, y], i) => ({ z, x, y, bytes: await pngTile(40 * i, 255 - 30 * i, 128) })));
  await writePmtiles(archive, tiles, { bounds: [90, 0, 180, 66] });
  app = await testApp({ TILE_PRESET: 'archive', TILE_ARCHIVE: archive });
});

afterAll(async () => {
  await app?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const fill = (template: string, z: number, x: number, y: number) => template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));

describe('a local tile archive (TILE_PRESET=archive)', () => {
  it("when the page config lists the archive's layer, every tile it names is the archive's bytes, without sign-in", async () => {
    const config = (await app.http.get('/app-config.json').expect(200)).body;
    expect(config.baseMap.preset).toBe('archive');
    expect(config.baseMap.layers).toHaveLength(1);
    const [layer] = config.baseMap.layers;
    expect(layer).toMatchObject({ url: '/tiles/{z}/{x}/{y}.png', minZoom: 0, maxNativeZoom: 2, bounds: [[0, 90], [66, 180]] });
    expect(config.baseMap.offline).toEqual({ maxBytes: 20 * 1024 * 1024, minZoom: 10, maxZoom: 15 });
    for (const t of tiles) {
      const res = await app.http.get(fill(layer.url, t.z, t.x, t.y)).buffer(true).parse((r, cb) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => cb(null, Buffer.concat(parts)));
      });
      expect(res.status, `${t.z}/${t.x}/${t.y}`).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(res.body as Buffer, t.bytes), `${t.z}/${t.x}/${t.y} bytes`).toBe(0);
      expect(res.headers['cache-control']).toBe('public, max-age=604800');
      expect(res.headers.etag).toMatch(new RegExp(`-${t.z}-${t.x}-${t.y}"$`));
    }
  });

  it('when the browser has the tile, If-None-Match answers 304; another tile has another ETag', async () => {
    const first = await app.http.get('/tiles/1/1/0.png').expect(200);
    await app.http.get('/tiles/1/1/0.png').set('If-None-Match', first.headers.etag!).expect(304);
    const other = await app.http.get('/tiles/1/0/0.png').expect(200);
    expect(other.headers.etag).not.toBe(first.headers.etag);
  });

  it('when a tile is not in the archive (a missing square, a zoom beyond it), it is a 404 kept an hour', async () => {
    for (const url of ['/tiles/2/0/0.png', '/tiles/2/3/3.png', '/tiles/3/6/3.png', '/tiles/18/200000/100000.png']) {
      const res = await app.http.get(url);
      expectProblem(res, 404);
      expect(res.headers['cache-control'], url).toBe('public, max-age=3600');
    }
  });

  it('when z, x, y or the extension is garbage, it is a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/tiles/a/0/0.png', 'z'],
      ['/tiles/-1/0/0.png', 'z'],
      ['/tiles/27/0/0.png', 'z'],
      ['/tiles/1.5/0/0.png', 'z'],
      ['/tiles/1/2/0.png', 'x'],
      ['/tiles/1/0x1/0.png', 'x'],
      ['/tiles/1/0/2.png', 'y'],
      ['/tiles/2/0/99999999999.png', 'y'],
      ['/tiles/1/0/0.jpg', 'ext'],
    ];
    for (const [url, field] of cases) expectProblem(await app.http.get(url), 400, [field]);
  });

  it('when the server has no archive, every tile is a 404 and the page config lists OpenStreetMap', async () => {
    const osm = app.withEnv({ TILE_PRESET: 'osm', TILE_ARCHIVE: '' });
    expectProblem(await osm.get('/tiles/0/0/0.png'), 404);
    const config = (await osm.get('/app-config.json').expect(200)).body;
    expect(config.baseMap.layers).toEqual([{ url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '&copy; OpenStreetMap contributors', minZoom: 0, maxNativeZoom: 19 }]);
  });
});

describe('the base-map presets', () => {
  it('when TILE_PRESET=tianditu-vector, the layers are Tianditu vec and its labels cva, Web Mercator (_w), with the key; the policy lets the phone fetch them', async () => {
    const res = await app.withEnv({ TILE_PRESET: 'tianditu-vector', TILE_ARCHIVE: '', TIANDITU_KEY: 'abcdef0123456789abcdef0123456789' }).get('/app-config.json').expect(200);
    const [base, labels] = res.body.baseMap.layers;
    expect(res.body.baseMap.layers).toHaveLength(2);
    expect(base.url).toBe(
      'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=abcdef0123456789abcdef0123456789',
    );
    expect(base).toMatchObject({ subdomains: '01234567', maxNativeZoom: 18 });
    expect(base.attribution).toContain('天地图');
    expect(labels.url).toContain('/cva_w/wmts?');
    expect(labels.url).toContain('LAYER=cva&');
    expect(labels.overlay).toBe(true);
    expect(res.headers['content-security-policy']).toMatch(/connect-src 'self' https:\/\/\*\.tianditu\.gov\.cn/);
  });

  it('when TILE_PRESET=tianditu-imagery, the layers are img and cia', async () => {
    const res = await app.withEnv({ TILE_PRESET: 'tianditu-imagery', TILE_ARCHIVE: '', TIANDITU_KEY: 'abcdef0123456789abcdef0123456789' }).get('/app-config.json').expect(200);
    expect(res.body.baseMap.layers.map((l: { url: string }) => /LAYER=(\w+)&/.exec(l.url)![1])).toEqual(['img', 'cia']);
    expect(res.body.baseMap.layers[0].url).toContain('/img_w/wmts?');
  });

  it('when only TILE_URL is set (as before presets), it is the custom server, with TILE_ATTRIBUTION', () => {
    const c = loadConfig({ TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png', TILE_ATTRIBUTION: 'Example' });
    expect(c.tiles.preset).toBe('custom');
    expect(c.tiles.layers).toEqual([{ url: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png', attribution: 'Example', minZoom: 0, maxNativeZoom: 18 }]);
    expect(c.tiles.origins).toEqual(['https://*.tiles.example.org']);
    expect(loadConfig({ TILE_URL: '//tiles.example.org:8080/{z}/{x}/{y}.png' }).tiles.origins).toEqual(['tiles.example.org:8080']);
    expect(loadConfig({}).tiles.preset).toBe('osm');
  });
});

describe('base-map configuration errors name the variable', () => {
  const refused = (env: Record<string, string>, message: RegExp) => expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);

  it('when a Tianditu preset has no key, or a key that is not one, TIANDITU_KEY is named', () => {
    refused({ TILE_PRESET: 'tianditu-vector' }, /TIANDITU_KEY: required by TILE_PRESET=tianditu-vector/);
    refused({ TILE_PRESET: 'tianditu-imagery' }, /TIANDITU_KEY: required/);
    refused({ TILE_PRESET: 'tianditu-imagery', TIANDITU_KEY: 'a key&x=1' }, /TIANDITU_KEY: must be/);
  });

  it('when the archive preset has no file, an unreadable one, or not a PMTiles v3 raster archive, TILE_ARCHIVE is named', async () => {
    refused({ TILE_PRESET: 'archive' }, /TILE_ARCHIVE: required by TILE_PRESET=archive/);
    refused({ TILE_PRESET: 'archive', TILE_ARCHIVE: path.join(dir, 'absent.pmtiles') }, /TILE_ARCHIVE: .*absent\.pmtiles cannot be served: ENOENT/);
    refused({ TILE_PRESET: 'archive', TILE_ARCHIVE: dir }, /TILE_ARCHIVE: .*cannot be served: not a file/);
    const text = path.join(dir, 'not.pmtiles');
    await fs.writeFile(text, 'z,x,y\n'.repeat(40));
    refused({ TILE_PRESET: 'archive', TILE_ARCHIVE: text }, /TILE_ARCHIVE: .*not a PMTiles archive/);
    const vector = path.join(dir, 'vector.pmtiles');
    await writePmtiles(vector, [{ z: 0, x: 0, y: 0, bytes: Buffer.from([0x1a, 0x00]) }], { tileType: TileType.Mvt });
    refused({ TILE_PRESET: 'archive', TILE_ARCHIVE: vector }, /TILE_ARCHIVE: .*vector tiles.*make a raster archive/);
    const v2 = path.join(dir, 'v2.pmtiles');
    await writePmtiles(v2, tiles.slice(0, 1), { version: 2 });
    refused({ TILE_PRESET: 'archive', TILE_ARCHIVE: v2 }, /TILE_ARCHIVE: .*PMTiles version 2/);
  });

  it('when the variables contradict each other or are malformed, the one at fault is named', () => {
    refused({ TILE_PRESET: 'osm', TILE_URL: 'https://x.example/{z}/{x}/{y}.png' }, /TILE_URL: set with TILE_PRESET=osm/);
    refused({ TILE_PRESET: 'custom' }, /TILE_URL: required by TILE_PRESET=custom/);
    refused({ TILE_ARCHIVE: archive }, /TILE_ARCHIVE: set with TILE_PRESET=osm/);
    refused({ TILE_PRESET: 'google' }, /TILE_PRESET/);
    refused({ OFFLINE_TILES_ZOOMS: '15-10' }, /OFFLINE_TILES_ZOOMS: must be MIN-MAX/);
    refused({ OFFLINE_TILES_ZOOMS: 'all' }, /OFFLINE_TILES_ZOOMS/);
    refused({ OFFLINE_TILES_MB: '-1' }, /OFFLINE_TILES_MB/);
  });
});
