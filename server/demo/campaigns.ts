import type { DateTime } from 'luxon';
import { shiftMonth } from '../../domain/months.js';
import { unitOfVillage } from '../../domain/units.js';
import type { Db } from '../db/index.js';
import { currentMonth, monthRange } from '../months.js';
import { seeded } from './tonghai.js';

/** What the demo campaign's films are about: the first science films whose themes or title say so, else any science films. */
const THEMES = /诈骗|安全|防范|法/;
const FILMS = 3;
/** The share of the county's units a campaign film has reached. */
const REACHED = 0.55;

/**
 * The demo's one campaign (主题放映): a few science films — found by category and theme, not by
 * title, since the catalogue may change — for every unit of the county over last month and this
 * one. Some completed screenings of the span get one of its films added to their programme (one
 * screening a unit, and only in units no campaign film reached yet: no film repeats in a unit),
 * so the map's campaign mode shows units reached and not.
 */
export async function seedDemoCampaign(trx: Db, zone: string, now: DateTime): Promise<number | null> {
  const to = currentMonth(zone, now);
  const from = shiftMonth(to, -1);
  const span = { start: monthRange(from, zone).start, end: monthRange(to, zone).end };
  const science: { id: number; title: string; themes: string[] | null }[] = await trx('films')
    .where({ category: 'science' })
    .whereNull('retired_at')
    .where((w) => w.whereNull('available_from').orWhere('available_from', '<=', span.start.toISODate()))
    .where((w) => w.whereNull('available_to').orWhere('available_to', '>=', span.end.toISODate()))
    .orderBy('id')
    .select('id', 'title', 'themes');
  const about = (f: (typeof science)[number]) => THEMES.test(`${f.title} ${(f.themes ?? []).join(' ')}`);
  const films = [...science.filter(about), ...science.filter((f) => !about(f))].slice(0, FILMS).map((f) => f.id);
  const county = await trx('areas').where({ level: 'county' }).orderBy('id').first('id');
  if (!films.length || !county) return null;
  const [{ id }] = await trx('campaigns').insert({ name: '冬季防诈骗宣传', area_id: county.id, film_ids: films, from_month: from, to_month: to }).returning('id');

  const screenings: { id: number; village_id: number; programme: number[]; kind: 'administrative' | 'natural'; parent_id: number | null }[] = await trx('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .where('s.status', 'completed')
    .where('s.starts_at', '>=', span.start.toJSDate())
    .where('s.starts_at', '<', span.end.toJSDate())
    .orderBy('s.id')
    .select('s.id', 's.village_id', 's.programme', 'v.kind', 'v.parent_id');
  const unitOf = (s: (typeof screenings)[number]) => unitOfVillage({ id: s.village_id, kind: s.kind, parentId: s.parent_id }, 'administrative');
  const reached = new Set(screenings.filter((s) => s.programme.some((f) => films.includes(f))).map(unitOf));
  const random = seeded(20260601);
  const done = new Set<number | null>();
  for (const s of screenings) {
    const unit = unitOf(s);
    if (reached.has(unit) || done.has(unit) || s.programme.length >= 6) continue;
    done.add(unit);
    if (random() > REACHED) continue;
    const film = films[Math.floor(random() * films.length)]!;
    await trx('screenings').where({ id: s.id }).update({ programme: [...s.programme, film] });
  }
  return id as number;
}
