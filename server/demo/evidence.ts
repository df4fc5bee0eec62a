import type { DateTime } from 'luxon';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { currentMonth, monthRange, whereInMonth } from '../months.js';
import { changeScreening, type ScreeningContext } from '../screenings/change.js';
import { seeded } from './tonghai.js';
import { FAR_DEGREES, LATE_HOURS, addCasePhotos, confirmationsFor, pickCases, reshape, sender, type Cases, type Completed } from './telling.js';

const HOUR = 3_600_000;

export type DemoEvidenceConfig = Pick<Config, 'timezone' | 'now' | 'evidence' | 'photos'>;

/**
 * Evidence behind the demo's completed screenings, so that the review queue and the verified
 * coverage have something to show: most were reported the same evening with a fix near the
 * village; a few were reported days late, a few have a fix kilometres away, some none at all, and
 * some villagers confirmed a few. The telling cases (./telling.ts) get theirs, photos included,
 * and their own start or audience. All of it is one change of the completed screenings
 * (server/screenings/change.ts), which verifies them; then this month and last month are made to
 * show each state (verified, flagged, unverified) when they have three completed screenings to
 * show it with.
 */
export async function seedDemoEvidence(trx: Db, config: DemoEvidenceConfig): Promise<Cases> {
  const now = config.now();
  const rows: (Completed & { lat: number; lng: number })[] = (
    await trx('screenings as s')
      .join('villages as v', 'v.id', 's.village_id')
      .where('s.status', 'completed')
      .orderBy('s.id')
      .select('s.id', 's.starts_at', 's.team_id', 's.confirmation_token', 'v.kind', 'v.population', 'v.lat', 'v.lng')
  ).map((r) => ({ id: r.id, startsAt: r.starts_at, teamId: r.team_id, villageKind: r.kind, population: r.population, token: r.confirmation_token, lat: r.lat, lng: r.lng }));
  const cases = pickCases(rows, config.timezone, now);
  const telling = new Set(Object.values(cases).flat());
  // Inside the seed's transaction: the changes' own transactions are savepoints of it.
  const c: ScreeningContext = { db: trx, user: await sender(trx), zone: config.timezone, now, evidence: config.evidence };
  await changeScreening(c, {
    write: async (inner) => {
      await reshape(inner, cases, rows, config.timezone);
      await addEvidence(inner, config, cases, rows);
      return rows.map((s) => s.id);
    },
  });
  for (const back of [0, 1]) await showEveryState(c, now.minus({ months: back }), telling);
  return cases;
}

/** The fixes, report times and villagers' confirmations of the completed screenings `rows`, the telling cases' photos among them. */
async function addEvidence(trx: Db, config: DemoEvidenceConfig, cases: Cases, rows: (Completed & { lat: number; lng: number })[]): Promise<void> {
  const now = config.now();
  const random = seeded(2132);
  const telling = new Set(Object.values(cases).flat());
  const fixes: Record<string, unknown>[] = [];
  const late: number[] = [...cases.late];
  const confirmations: Record<string, unknown>[] = [];
  for (const s of rows) {
    const start = s.startsAt.getTime();
    const roll = random();
    const fix = { screening_id: s.id, kind: 'report', lat: s.lat + (random() - 0.5) * 0.004, lng: s.lng + (random() - 0.5) * 0.004, accuracy: Math.round(10 + random() * 50), taken_at: new Date(start + (1 + random() * 1.5) * HOUR) };
    const confirmedBy = random() < 0.2 ? 1 + Math.floor(random() * 3) : 0;
    if (telling.has(s.id)) {
      fixes.push(cases.far.includes(s.id) ? { ...fix, lat: s.lat + FAR_DEGREES } : fix);
      continue;
    }
    if (confirmedBy) confirmations.push(...confirmationsFor(s, confirmedBy, random));
    if (roll < 0.04 && start + LATE_HOURS * HOUR < now.toMillis()) late.push(s.id);
    if (roll > 0.9) continue; // no fix
    fixes.push(roll > 0.87 ? { ...fix, lat: fix.lat + 0.06 } : fix);
  }
  for (const id of cases.rich) confirmations.push(...confirmationsFor(rows.find((s) => s.id === id)!, 14, random));
  // Reported the same evening, unless late.
  await trx.raw(`update screenings set reported_at = starts_at + interval '3 hours' where status = 'completed'`);
  await trx('screenings').whereIn('id', late).update({ reported_at: trx.raw(`starts_at + ? * interval '1 hour'`, [LATE_HOURS]) });
  for (let i = 0; i < fixes.length; i += 500) await trx('screening_fixes').insert(fixes.slice(i, i + 500));
  for (let i = 0; i < confirmations.length; i += 500) await trx('confirmations').insert(confirmations.slice(i, i + 500));
  await addCasePhotos(trx, config, cases, rows);
}

/**
 * A month with at least three completed screenings shows each state: one without a fix if none
 * lacks it, one whose fix is 6 km away if none is flagged, one given a fix if none is verified —
 * each time the month's latest screening that can give it, the telling cases left alone.
 */
async function showEveryState(c: ScreeningContext, at: DateTime, telling: Set<number>): Promise<void> {
  const month = async () =>
    (
      await whereInMonth(c.db('screenings as s').join('villages as v', 'v.id', 's.village_id').where('s.status', 'completed'), 's.starts_at', monthRange(currentMonth(c.zone, at), c.zone))
        .orderBy([{ column: 's.starts_at', order: 'desc' }, { column: 's.id', order: 'desc' }])
        .select('s.id', 's.starts_at', 's.verification', 'v.lat', 'v.lng')
    ).filter((s: { id: number }) => !telling.has(s.id)) as { id: number; starts_at: Date; verification: string; lat: number; lng: number }[];
  let screenings = await month();
  if (screenings.length < 3) return;
  const lacking = (state: string) => !screenings.some((s) => s.verification === state);
  const change = async (from: string, write: (trx: Db, s: (typeof screenings)[number]) => Promise<unknown>) => {
    const s = screenings.find((x) => x.verification === from && screenings.filter((y) => y.verification === from).length > 1);
    if (!s) return;
    await changeScreening(c, {
      write: async (trx) => {
        await write(trx, s);
        return [s.id];
      },
    });
    screenings = await month();
  };
  if (lacking('unverified')) await change('verified', (trx, s) => trx('screening_fixes').where({ screening_id: s.id }).delete());
  if (lacking('flagged')) await change('verified', (trx, s) => trx('screening_fixes').where({ screening_id: s.id }).update({ lat: s.lat + 0.06 }));
  if (lacking('verified')) {
    await change('unverified', (trx, s) =>
      trx('screening_fixes').insert({ screening_id: s.id, kind: 'report', lat: s.lat, lng: s.lng, accuracy: 20, taken_at: new Date(s.starts_at.getTime() + 2 * HOUR) }),
    );
  }
}
