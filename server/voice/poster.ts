import { z } from 'zod';
import { compareNames } from '../../domain/collate.js';
import type { FilmCategory } from '../../domain/programme.js';
import { villagePageUrl } from '../../domain/voice.js';
import { villageVisible } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { notFound } from '../http/problem.js';
import { id } from '../http/validate.js';
import { formatTime, monthRange, monthSchema, whereInMonth, type MonthRange } from '../months.js';
import { programmeFilms, type ProgrammeFilmRow } from '../programmes/films.js';
import { supervisionPhonesOf } from './settings.js';

// What the printed 公示 (DOMAIN.md "Villagers' voice") of one unit, or of every unit of a township,
// carries for a month: the unit's screenings that are not cancelled, with each team's name and
// phone and the programme, the county's supervision phone and the village page's address (its QR
// code). The units are those of the default level (administrative, domain/units.ts): a natural
// village's screenings are printed on its parent's notice, naming the natural village. A natural
// village asked for by id gets a notice of its own screenings only.
//
// Who: the admin; a bureau user inside its area; a partner in its contract counties (user.counties,
// server/areas/scope.ts). The notice is public — it is pasted on the village's wall — so a partner
// printing it sees every team's screenings of the unit, not only its own: another partner's team
// working the same village is something the villagers are told anyway. A unit outside the scope is
// a 404 like one that does not exist.

export const PosterQuery = z
  .object({ month: monthSchema.optional(), villageId: id.optional(), townshipId: id.optional() })
  .superRefine((q, ctx) => {
    if ((q.villageId === undefined) === (q.townshipId === undefined)) {
      ctx.addIssue({ code: 'custom', path: [q.villageId === undefined ? 'villageId' : 'townshipId'], message: 'send exactly one of villageId and townshipId' });
    }
  });
export type PosterRequest = z.output<typeof PosterQuery>;

export interface PosterContext {
  db: Db;
  user: User;
  zone: string;
  /** The server's origin as the request reached it (the QR code's URL). */
  origin: string;
}

interface UnitRow {
  id: number;
  name: string;
  kind: string;
  public_token: string;
  township_name: string;
  county_id: number | null;
}

const unitColumns = ['v.id', 'v.name', 'v.kind', 'v.public_token', 'tw.name as township_name', 'tw.county_id'];

/** The units a request names: the one village, or the township's administrative villages that are units of the month, in name order. */
async function unitsAsked(c: PosterContext, q: PosterRequest, month: MonthRange): Promise<UnitRow[]> {
  const base = () => c.db('villages as v').join('townships as tw', 'tw.id', 'v.township_id');
  if (q.villageId !== undefined) {
    const row: UnitRow | undefined = await base().where('v.id', q.villageId).first(unitColumns);
    if (!row || !(await villageVisible(c.db, c.user, row.id))) throw notFound('Village', q.villageId);
    return [row];
  }
  const township: { id: number; county_id: number | null } | undefined = await c.db('townships').where({ id: q.townshipId }).first('id', 'county_id');
  const visible = township && (c.user.counties === null || (township.county_id !== null && c.user.counties.includes(township.county_id)));
  if (!visible) throw notFound('Township', q.townshipId);
  const rows: UnitRow[] = await base()
    .where('v.township_id', township.id)
    .where('v.kind', 'administrative')
    // domain/units.ts isUnitInMonth: retired at or before the month's first instant, no longer a unit.
    .where((w) => w.whereNull('v.retired_at').orWhere('v.retired_at', '>', month.start.toJSDate()))
    .select(unitColumns);
  return rows.sort((a, b) => compareNames(a.name, b.name) || a.id - b.id);
}

interface ScreeningRow {
  id: number;
  unit_id: number;
  village_id: number;
  village_name: string;
  starts_at: Date;
  team_name: string;
  team_phone: string | null;
  programme_films: ProgrammeFilmRow[];
}

/** The month's screenings, not cancelled, of these units: an administrative village's own and its natural villages'. */
async function screeningsOf(db: Db, units: UnitRow[], month: MonthRange): Promise<ScreeningRow[]> {
  if (!units.length) return [];
  const ids = units.map((u) => u.id);
  const query = db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .join('teams as t', 't.id', 's.team_id')
    .whereNot('s.status', 'cancelled')
    // The unit a screening counts for at the default level (domain/units.ts unitOfVillage); a natural village asked for is its own.
    .where((w) => w.whereIn('v.id', ids).orWhereIn('v.parent_id', units.filter((u) => u.kind === 'administrative').map((u) => u.id)))
    .select(
      's.id',
      db.raw('case when v.id = any(?::int[]) then v.id else v.parent_id end as unit_id', [ids]),
      'v.id as village_id',
      'v.name as village_name',
      's.starts_at',
      't.name as team_name',
      't.phone as team_phone',
      programmeFilms(db, 's.programme'),
    )
    .orderBy(['s.starts_at', 's.id']);
  return whereInMonth(query, 's.starts_at', month);
}

/** GET /api/posters: the 公示 of a unit or of a township's units for a month. */
export async function posters(c: PosterContext, q: PosterRequest, monthText: string) {
  const month = monthRange(monthText, c.zone);
  const units = await unitsAsked(c, q, month);
  const rows = await screeningsOf(c.db, units, month);
  const phones = await supervisionPhonesOf(c.db, units.map((u) => u.id));
  const countyId = units[0]?.county_id ?? (q.townshipId !== undefined ? ((await c.db('townships').where({ id: q.townshipId }).first('county_id'))?.county_id ?? null) : null);
  const county: { name: string } | undefined = countyId === null ? undefined : await c.db('areas').where({ id: countyId }).first('name');
  return {
    month: month.month,
    county: county?.name ?? null,
    units: units.map((u) => ({
      villageId: u.id,
      name: u.name,
      township: u.township_name,
      url: villagePageUrl(c.origin, u.public_token),
      supervisionPhone: phones.get(u.id)?.value ?? null,
      screenings: rows
        .filter((r) => Number(r.unit_id) === u.id)
        .map((r) => ({
          id: r.id,
          startsAt: formatTime(r.starts_at, c.zone),
          villageId: r.village_id,
          villageName: r.village_name,
          team: { name: r.team_name, phone: r.team_phone },
          programme: r.programme_films.map((f) => ({ title: f.title, category: f.category as FilmCategory, minutes: f.minutes })),
        })),
    })),
  };
}
