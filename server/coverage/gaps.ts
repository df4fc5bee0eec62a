import type { z } from 'zod';
import { scopeOfRequest } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { AppContext } from '../context.js';
import type { Table } from '../http/csv.js';
import { zhCN, type MessageKey } from '../../web/src/i18n/zh-CN.js';
import { en } from '../../web/src/i18n/en.js';
import { formatTime, monthOrCurrent } from '../months.js';
import { monthWords, reportPlace, sheetTitle } from '../reports/title.js';
import { unitRowsOf } from './counts.js';
import type { GapsQuery } from './schemas.js';
import { villagesOfUnit } from './units.js';

// The month's gap villages as the clerk downloads them (from the map and the month report): each
// unit with nothing in the month, its code and township, and when it was last shown a film — the
// one decision of what the user may count (../areas/scope.ts scopeOfRequest) as every coverage answer.

export interface GapRow {
  id: number;
  name: string;
  code: string | null;
  townshipName: string;
  /** The start of its last completed screening before the month that the bureau did not reject (ISO 8601 with the county's offset); null: none. */
  lastScreening: string | null;
}

/** The gap units of the month inside the request's scope, by township, code, name; and what names the download. */
export async function gapVillages(ctx: AppContext, user: User, q: z.output<typeof GapsQuery>) {
  const { timezone: zone } = ctx.config;
  const now = ctx.config.now();
  const range = monthOrCurrent(q.month, zone, now);
  const m = await ctx.coverage.month(range, q.level, now);
  const scope = scopeOfRequest(user, q.areaId, m.units);
  const rows = unitRowsOf(m, { ...scope.where, townshipId: q.townshipId }, 'gap');
  const u = m.units;
  // A screening in a natural village is its administrative unit's (the units say whose).
  const villages = rows.flatMap((r) => Array.from(villagesOfUnit(u, u.unitOf.get(r.id)!)));
  const last = new Map<number, Date>();
  if (villages.length) {
    const found: { village_id: number; last: Date }[] = await ctx.db('screenings')
      .whereRaw('village_id = any(?::int[])', [villages])
      .where('status', 'completed')
      .whereRaw(`review_decision is distinct from 'rejected'`)
      .where('starts_at', '<', range.start.toJSDate())
      .groupBy('village_id')
      .select('village_id', ctx.db.raw('max(starts_at) as last'));
    for (const f of found) {
      const unit = u.id[u.unitOf.get(f.village_id)!]!;
      const at = new Date(f.last);
      if (!(last.get(unit)! >= at)) last.set(unit, at);
    }
  }
  const items: GapRow[] = rows.map((r) => ({ id: r.id, name: r.name, code: r.code, townshipName: r.townshipName, lastScreening: formatTime(last.get(r.id), zone) }));
  const place = reportPlace(scope, u.areas);
  const name = `${place ? `${place}-` : ''}gaps-${scope.area ? `${scope.area.code}-` : ''}${range.month}-${q.level}`;
  const title = sheetTitle(place, zhCN['gapsFile.title'].replace('{month}', monthWords(range.month)));
  return { name, title, body: { month: range.month, timezone: zone, level: q.level, place, items, total: items.length } };
}

const both = (key: MessageKey) => `${zhCN[key]} ${en[key].toLowerCase()}`;

/** The download: one table, headed in both languages as the other coverage CSVs; the last screening a time column (../http/csv.ts). */
export const gapTables = (r: { items: GapRow[] }): Table[] => [
  {
    title: zhCN['gapsFile.sheet'],
    header: [both('gapsFile.col.name'), both('gapsFile.col.code'), both('gapsFile.col.township'), both('gapsFile.col.last')],
    rows: r.items.map((g) => [g.name, g.code, g.townshipName, g.lastScreening]),
    code: [1],
    time: [3],
  },
];
