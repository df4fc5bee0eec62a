import type { Db } from '../db/index.js';

// DOMAIN.md "Villagers' voice": an area's settings (area_settings, today the supervision phone
// 监督电话), inherited downward like the targets — a county without its own takes its prefecture's,
// then its province's. An area's chain is the areas whose code begins its own (server/areas/scope.ts):
// the nearest setting is the one with the longest code. A village reads its county's; a village of
// a township in no county has none.

export interface EffectiveSetting {
  /** The phone as set, or null: none set up the chain. */
  value: string | null;
  /** The area whose setting this is (null: none set). */
  areaId: number | null;
  areaName: string | null;
}

const none: EffectiveSetting = { value: null, areaId: null, areaName: null };

/** The nearest supervision phone set at or above the area of `codeSql` (an expression naming an area code). */
const nearestPhone = (codeSql: string) => `
  select st.supervision_phone, st.area_id, a.name as area_name
    from area_settings st join areas a on a.id = st.area_id
   where st.supervision_phone is not null and ${codeSql} like a.code || '%'
   order by length(a.code) desc
   limit 1`;

interface Row {
  supervision_phone: string | null;
  area_id: number | null;
  area_name: string | null;
}
const setting = (r: Row | undefined): EffectiveSetting => (r?.supervision_phone ? { value: r.supervision_phone, areaId: r.area_id, areaName: r.area_name } : none);

/** The area's effective supervision phone: its own, else the nearest ancestor's. */
export async function effectiveSupervisionPhone(db: Db, areaId: number): Promise<EffectiveSetting> {
  const rows: Row[] = (await db.raw(`select s.* from areas x cross join lateral (${nearestPhone('x.code')}) s where x.id = ?`, [areaId])).rows;
  return setting(rows[0]);
}

/** The area's own supervision phone (null: it inherits), as the audit log keeps it. */
export async function ownSupervisionPhone(db: Db, areaId: number): Promise<string | null> {
  const r: { supervision_phone: string | null } | undefined = await db('area_settings').where({ area_id: areaId }).first('supervision_phone');
  return r?.supervision_phone ?? null;
}

/** The supervision phone each village's county inherits, by village id (every id asked answers, `value` null where none). */
export async function supervisionPhonesOf(db: Db, villageIds: readonly number[]): Promise<Map<number, EffectiveSetting>> {
  const out = new Map<number, EffectiveSetting>(villageIds.map((id) => [id, none]));
  if (!villageIds.length) return out;
  const rows: (Row & { village_id: number })[] = (
    await db.raw(
      `select v.id as village_id, s.*
         from villages v
         join townships t on t.id = v.township_id
         join areas c on c.id = t.county_id
         cross join lateral (${nearestPhone('c.code')}) s
        where v.id = any(?::int[])`,
      [[...villageIds]],
    )
  ).rows;
  for (const r of rows) out.set(r.village_id, setting(r));
  return out;
}
