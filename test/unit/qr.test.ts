import { describe, expect, it } from 'vitest';
import { QUIET, qrMatrix, qrPath } from '../../web/src/shared/qr.js';

// The QR codes of the villagers' links, drawn as one SVG path of dark runs.

/** The modules a path fills, read back from its rectangles. */
function filled(path: string) {
  const cells = new Set<string>();
  for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let i = 0; i < w; i++) cells.add(`${y - QUIET},${x - QUIET + i}`);
  }
  return cells;
}

describe('a QR code as an SVG path', () => {
  it('fills exactly the dark modules, one rectangle a run, inside the quiet zone', () => {
    const dark = [
      [1, 1, 0, 1],
      [0, 0, 0, 0],
      [1, 1, 1, 1],
      [0, 1, 0, 0],
    ];
    const path = qrPath(4, (r, c) => dark[r]![c] === 1);
    expect(path).toBe('M4 4h2v1h-2zM7 4h1v1h-1zM4 6h4v1h-4zM5 7h1v1h-1z');
  });

  it('draws a villagers’ link with its three finder patterns, every dark module and no light one', () => {
    const url = 'http://192.168.1.20:3000/c/0123456789abcdef0123456789abcdef';
    const { size, isDark } = qrMatrix(url);
    expect(size).toBeGreaterThanOrEqual(29); // version 3 or more for a link this long
    const cells = filled(qrPath(size, isDark));
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) expect(cells.has(`${r},${c}`), `${r},${c}`).toBe(isDark(r, c));
    // A finder pattern: a dark 7×7 ring with a dark 3×3 centre, at three corners.
    for (const [r0, c0] of [[0, 0], [0, size - 7], [size - 7, 0]] as const) {
      for (let i = 0; i < 7; i++) {
        expect(isDark(r0, c0 + i) && isDark(r0 + 6, c0 + i) && isDark(r0 + i, c0) && isDark(r0 + i, c0 + 6)).toBe(true);
      }
      expect(isDark(r0 + 1, c0 + 1)).toBe(false);
      expect(isDark(r0 + 3, c0 + 3)).toBe(true);
    }
  });

  it('gives another link another code', () => {
    const a = qrMatrix('http://h/c/0123456789abcdef0123456789abcdef');
    const b = qrMatrix('http://h/c/0123456789abcdef0123456789abcdee');
    expect(qrPath(a.size, a.isDark)).not.toBe(qrPath(b.size, b.isDark));
  });
});
