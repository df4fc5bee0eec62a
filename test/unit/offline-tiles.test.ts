import { describe, expect, it } from 'vitest';
import { offlineTiles, tileOf, tileUrl } from '../../web/src/field/offline-tiles.js';
import type { BaseMap } from '../../web/src/shared/api.js';

// Which tiles the phone keeps around its villages (web/src/field/offline-tiles.ts).

const base = (over: Partial<BaseMap> = {}): BaseMap => ({
  preset: 'osm',
  layers: [{ url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '', minZoom: 0, maxNativeZoom: 19 }],
  offline: { maxBytes: 20 * 1024 * 1024, minZoom: 10, maxZoom: 15 },
  ...over,
});
const tonghai = { lat: 24.11, lng: 102.75 };
const far = { lat: 24.3, lng: 102.6 };
const zOf = (u: string) => Number(/\/(\d+)\/\d+\/\d+\.png$/.exec(u)![1]);

describe('the tiles the phone keeps', () => {
  it('when it has villages, it lists the zooms asked, every village at a low zoom before any at a high one', () => {
    const urls = offlineTiles(base(), [tonghai, far]);
    const zooms = urls.map(zOf);
    expect(Math.min(...zooms)).toBe(10);
    expect(Math.max(...zooms)).toBe(15);
    expect(zooms).toEqual([...zooms].sort((a, b) => a - b));
    // The tile of each village at the deepest zoom is among them.
    for (const p of [tonghai, far]) {
      const t = tileOf(p.lat, p.lng, 15);
      expect(urls).toContain(`https://tile.openstreetmap.org/15/${t.x}/${t.y}.png`);
    }
    expect(new Set(urls).size).toBe(urls.length);
    // About 1.5 km around each village at z15 (a tile ≈ 1.1 km): a handful of tiles each, not hundreds.
    expect(urls.filter((u) => zOf(u) === 15).length).toBeLessThan(40);
  });

  it('when a layer has subdomains, a tile is spelled with the letter Leaflet gives it (|x + y| mod the letters)', () => {
    expect(tileUrl({ url: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}', attribution: '', subdomains: '01234567', minZoom: 1, maxNativeZoom: 18 }, 12, 3245, 1771)).toBe(
      'https://t0.tianditu.gov.cn/vec_w/wmts?TILEMATRIX=12&TILEROW=1771&TILECOL=3245',
    );
    expect(tileUrl({ url: 'https://{s}.x.org/{z}/{x}/{y}{r}.png', attribution: '', minZoom: 0, maxNativeZoom: 18 }, 1, 1, 0)).toBe('https://b.x.org/1/1/0.png');
  });

  it('when the base has a label layer, both are kept; past a layer\'s own zooms or outside its bounds, none of it', () => {
    const two = offlineTiles(base({ layers: [base().layers[0]!, { url: '/labels/{z}/{x}/{y}.png', attribution: '', minZoom: 0, maxNativeZoom: 12, overlay: true }] }), [tonghai]);
    expect(two.filter((u) => u.startsWith('/labels/')).map(zOf).every((z) => z <= 12)).toBe(true);
    expect(two.some((u) => u.startsWith('/labels/'))).toBe(true);
    const elsewhere = base({ layers: [{ url: '/tiles/{z}/{x}/{y}.png', attribution: '', minZoom: 0, maxNativeZoom: 14, bounds: [[30, 110], [31, 111]] }] });
    expect(offlineTiles(elsewhere, [tonghai])).toEqual([]);
  });

  it('when there is no village, no layer or no room (OFFLINE_TILES_MB=0), it keeps nothing', () => {
    expect(offlineTiles(base(), [])).toEqual([]);
    expect(offlineTiles(base({ layers: [] }), [tonghai])).toEqual([]);
    expect(offlineTiles(base({ offline: { maxBytes: 0, minZoom: 10, maxZoom: 15 } }), [tonghai])).toEqual([]);
  });
});
