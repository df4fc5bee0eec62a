import { describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, noFixOf, photoType, pickPhotos, sendOrder, toFix, type Queued } from '../../web/src/field/evidence-rules.js';

// The field page's evidence rules: a position as the server takes it, which photos a screening
// takes, and the order the outbox sends in (report, then fix, then photos).

const position = (accuracy: number, timestamp = Date.UTC(2026, 10, 20, 13, 0)) => ({ coords: { latitude: 24.1234567891, longitude: 102.7512345678, accuracy }, timestamp });

describe('a position fix', () => {
  it('keeps six decimals of degrees, whole metres and the time it was taken', () => {
    expect(toFix(position(17.6), 'report')).toEqual({ lat: 24.123457, lng: 102.751235, accuracy: 18, takenAt: '2026-11-20T13:00:00.000Z', kind: 'report' });
  });

  it('claims at least 1 metre (the server refuses 0) and at most 100 km', () => {
    expect(toFix(position(0), 'arrival').accuracy).toBe(1);
    expect(toFix(position(0.4), 'arrival').accuracy).toBe(1);
    expect(toFix(position(250_000), 'arrival').accuracy).toBe(100_000);
  });

  it('names why there is none from the browser’s error code', () => {
    expect([1, 2, 3, 99].map(noFixOf)).toEqual(['denied', 'unavailable', 'timeout', 'unavailable']);
  });
});

describe('the photos a screening takes', () => {
  const file = (name: string, type: string, size = 1000) => ({ name, type, size });

  it('sends JPEG, PNG and WebP as their type, image/jpg as JPEG, and reads a typeless file’s name', () => {
    expect(photoType(file('a.jpg', 'image/jpeg'))).toBe('image/jpeg');
    expect(photoType(file('a.jpg', 'image/jpg'))).toBe('image/jpeg');
    expect(photoType(file('a.png', 'image/png'))).toBe('image/png');
    expect(photoType(file('a.webp', 'image/webp'))).toBe('image/webp');
    expect(photoType(file('IMG_1.JPEG', ''))).toBe('image/jpeg');
    expect(photoType(file('a.heic', 'image/heic'))).toBeNull();
    expect(photoType(file('a.gif', ''))).toBeNull();
  });

  it('takes up to three a screening, counting those it has, and refuses what is too large or not a photo', () => {
    const picked = [file('1.jpg', 'image/jpeg'), file('2.gif', 'image/gif'), file('3.jpg', 'image/jpeg', MAX_PHOTO_BYTES + 1), file('4.png', 'image/png'), file('5.png', 'image/png')];
    const { taken, refused } = pickPhotos(picked, 1);
    expect(taken.map((t) => t.file.name)).toEqual(['1.jpg', '4.png']);
    expect(refused.map((r) => [r.file.name, r.problem])).toEqual([['2.gif', 'type'], ['3.jpg', 'size'], ['5.png', 'count']]);
    expect(pickPhotos([file('a.jpg', 'image/jpeg', MAX_PHOTO_BYTES)], 0).taken).toHaveLength(1);
    expect(pickPhotos([file('a.jpg', 'image/jpeg')], 3).refused[0]!.problem).toBe('count');
  });
});

describe('the order evidence is sent in', () => {
  const item = (seq: number, screeningId: number, kind: 'fix' | 'photo', state: Queued['state'] = 'waiting'): Queued => ({ key: `k${seq}`, screeningId, kind, state, seq });
  const keys = (list: Queued[]) => list.map((i) => i.key);
  const none = () => false;

  it('sends nothing of a screening whose report still waits on the phone', () => {
    const items = [item(1, 7, 'fix'), item(2, 7, 'photo'), item(3, 8, 'fix')];
    expect(keys(sendOrder(items, (id) => id === 7, new Set()))).toEqual(['k3']);
  });

  it('sends a screening’s fix before its photos: a photo waits while the fix waits, is sent, or is still being taken', () => {
    const items = [item(1, 7, 'photo'), item(2, 7, 'fix')];
    expect(keys(sendOrder(items, none, new Set()))).toEqual(['k2']);
    expect(keys(sendOrder([item(1, 7, 'photo'), item(2, 7, 'fix', 'sending')], none, new Set()))).toEqual([]);
    expect(keys(sendOrder([item(1, 7, 'photo')], none, new Set([7])))).toEqual([]);
    expect(keys(sendOrder([item(1, 7, 'photo'), item(2, 7, 'fix', 'sent')], none, new Set()))).toEqual(['k1']);
  });

  it('lets photos go when there is no fix to wait for (refused or failed), and sends each once', () => {
    const items = [item(1, 7, 'fix', 'none'), item(2, 7, 'photo'), item(3, 7, 'photo', 'sent'), item(4, 9, 'fix', 'failed'), item(5, 9, 'photo')];
    expect(keys(sendOrder(items, none, new Set()))).toEqual(['k2', 'k5']);
  });

  it('sends the fixes first, then the photos, each in the order they were made', () => {
    const items = [item(1, 5, 'photo'), item(2, 6, 'fix'), item(3, 7, 'photo'), item(4, 8, 'fix')];
    expect(keys(sendOrder(items, none, new Set()))).toEqual(['k2', 'k4', 'k1', 'k3']);
  });
});
