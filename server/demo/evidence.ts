import type { DateTime } from 'luxon';
import type { Db } from '../db/index.js';
import type { Thresholds } from '../evidence/checks.js';
import { verify } from '../evidence/verify.js';
import { seeded } from './tonghai.js';

const HOUR = 3_600_000;

/**
 * Evidence behind the demo's completed screenings, so that the review queue and the verified
 * coverage have something to show: most were reported the same evening with a fix near the
 * village; a few were reported days late, a few have a fix kilometres away, some none at all.
 * Then every completed screening is verified (no photos: the demo keeps no files).
 */
export async function seedDemoEvidence(trx: Db, t: Thresholds, now: DateTime): Promise<void> {
  const random = seeded(2132);
  const done: { id: number; starts_at: Date; lat: number; lng: number }[] = await trx('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .where('s.status', 'completed')
    .orderBy('s.id')
    .select('s.id', 's.starts_at', 'v.lat', 'v.lng');
  const fixes: Record<string, unknown>[] = [];
  const late: number[] = [];
  for (const s of done) {
    const start = s.starts_at.getTime();
    const roll = random();
    const lateAt = start + (50 + random() * 30) * HOUR;
    if (roll < 0.04 && lateAt < now.toMillis()) late.push(s.id);
    if (roll > 0.9) continue; // no fix
    const far = roll > 0.87 ? 0.06 : 0;
    fixes.push({
      screening_id: s.id,
      kind: 'report',
      lat: s.lat + far + (random() - 0.5) * 0.004,
      lng: s.lng + (random() - 0.5) * 0.004,
      accuracy: Math.round(10 + random() * 50),
      taken_at: new Date(start + (1 + random() * 1.5) * HOUR),
    });
  }
  // Reported the same evening, unless late.
  await trx.raw(`update screenings set reported_at = starts_at + interval '3 hours' where status = 'completed'`);
  if (late.length) await trx('screenings').whereIn('id', late).update({ reported_at: trx.raw(`starts_at + interval '60 hours'`) });
  for (let i = 0; i < fixes.length; i += 500) await trx('screening_fixes').insert(fixes.slice(i, i + 500));
  const ids = done.map((s) => s.id);
  for (let i = 0; i < ids.length; i += 500) await verify(trx, ids.slice(i, i + 500), t);
}
