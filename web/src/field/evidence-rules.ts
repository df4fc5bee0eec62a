// The field page's evidence rules that need no page: what a position fix says, which photos a
// screening takes, and the order the outbox sends evidence in (the report first, then the fix,
// then the photos). Pure, so test/unit/field-evidence.test.ts reads them without a browser.

import type { SendState } from './outbox.js';

export type FixKind = 'report' | 'arrival';

/** What POST /api/screenings/:id/fix takes (DOMAIN.md "Evidence and verification"). */
export interface FixBody {
  lat: number;
  lng: number;
  accuracy: number;
  takenAt: string;
  kind: FixKind;
}

/** Why there is no fix: the phone said no, had none to give, took too long, or cannot at all. */
export type NoFix = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export interface PositionLike {
  coords: { latitude: number; longitude: number; accuracy: number };
  timestamp: number;
}

/**
 * A position as the server takes it: degrees to 6 places (~0.1 m), accuracy in whole metres and
 * at least 1 (the server refuses 0, which an emulated or cached position may claim).
 */
export function toFix(p: PositionLike, kind: FixKind): FixBody {
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    lat: round(p.coords.latitude),
    lng: round(p.coords.longitude),
    accuracy: Math.min(100_000, Math.max(1, Math.round(p.coords.accuracy || 0))),
    takenAt: new Date(p.timestamp || Date.now()).toISOString(),
    kind,
  };
}

/** GeolocationPositionError's codes: 1 permission denied, 2 position unavailable, 3 timeout. */
export const noFixOf = (code: number): NoFix => (code === 1 ? 'denied' : code === 3 ? 'timeout' : 'unavailable');

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
/** 1–3 photos a screening (the issue), each at most the server's default PHOTO_MAX_MB. */
export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** The type to send a picked file as: its own, else read from its name (some phones give none). */
export function photoType(file: { type: string; name: string }): PhotoType | null {
  const type = file.type.toLowerCase() === 'image/jpg' ? 'image/jpeg' : file.type.toLowerCase();
  if ((PHOTO_TYPES as readonly string[]).includes(type)) return type as PhotoType;
  if (type) return null;
  const ext = file.name.toLowerCase().split('.').pop();
  return ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : ext === 'png' ? 'image/png' : ext === 'webp' ? 'image/webp' : null;
}

export type PhotoProblem = 'type' | 'size' | 'count';

/** Which of the picked files the screening takes, and what is wrong with the rest. */
export function pickPhotos<F extends { type: string; name: string; size: number }>(files: readonly F[], already: number) {
  const taken: { file: F; type: PhotoType }[] = [];
  const refused: { file: F; problem: PhotoProblem }[] = [];
  for (const file of files) {
    const type = photoType(file);
    if (!type) refused.push({ file, problem: 'type' });
    else if (file.size > MAX_PHOTO_BYTES) refused.push({ file, problem: 'size' });
    else if (already + taken.length >= MAX_PHOTOS) refused.push({ file, problem: 'count' });
    else taken.push({ file, type });
  }
  return { taken, refused };
}

/** The outbox's states (./outbox.ts), 'none' among them: a fix the phone could not take. */
export type EvidenceState = SendState;

export interface Queued {
  key: string;
  screeningId: number;
  kind: 'fix' | 'photo';
  state: EvidenceState;
  seq: number;
}

/**
 * What may go now, in order: nothing of a screening whose report still waits on the phone (the
 * server takes no evidence for a report it has not seen), its fixes before its photos (a photo
 * waits while a fix is waiting or still being taken), otherwise in the order they were made.
 */
export function sendOrder<T extends Queued>(items: readonly T[], reportWaiting: (screeningId: number) => boolean, locating: ReadonlySet<number>): T[] {
  const fixPending = new Set(items.filter((i) => i.kind === 'fix' && (i.state === 'waiting' || i.state === 'sending')).map((i) => i.screeningId));
  return items
    .filter((i) => i.state === 'waiting' && !reportWaiting(i.screeningId))
    .filter((i) => i.kind === 'fix' || (!fixPending.has(i.screeningId) && !locating.has(i.screeningId)))
    .sort((a, b) => (a.kind === b.kind ? a.seq - b.seq : a.kind === 'fix' ? -1 : 1));
}

/**
 * The hours around a screening's start in which a position fix backs it: the server's fix_time
 * check (server/evidence/checks.ts, FIX_TIME_BEFORE_HOURS and FIX_TIME_AFTER_HOURS, both edges
 * inside) flags any fix taken outside them. /app-config.json gives the server's; these are its defaults.
 */
export interface FixWindow {
  beforeHours: number;
  afterHours: number;
}
export const DEFAULT_FIX_WINDOW: FixWindow = { beforeHours: 1, afterHours: 6 };

/**
 * Whether a fix taken now can still back the screening, and if not, how long ago it started (in
 * hours): a fix taken later would only raise fix_time, so the page offers none and says why.
 */
export function fixHelps(startsAt: string, now: number, w: FixWindow = DEFAULT_FIX_WINDOW): { helps: true } | { helps: false; hours: number } {
  const hours = (now - Date.parse(startsAt)) / 3_600_000;
  if (hours >= -w.beforeHours && hours <= w.afterHours) return { helps: true };
  return { helps: false, hours: Math.round(hours * 10) / 10 };
}
