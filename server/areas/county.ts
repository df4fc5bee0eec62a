import { z } from 'zod';
import { audited, recordAudit } from '../audit/log.js';
import type { Caller } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { badRequest, conflict } from '../http/problem.js';
import { requiredText } from '../http/validate.js';
import { divisionNames } from './divisions.js';
import { toArea, type AreaRow } from './queries.js';

// The deployment's county: a county bureau runs film2131 for its one county, and names it on the
// first day (the setup page) — its name and its 6-digit code. Its province and prefecture are
// made too when missing, named from the national codes (./divisions.ts) or by the client, so the
// area tree stays whole (every county under its prefecture and province, as the schema holds it).
// Townships without a county then lie in it (the trigger of migrations/202612062100, for every
// township written later; attachTownships for those already there). Reports name it in their
// titles through deploymentCounty().

export interface DeploymentCounty {
  id: number;
  code: string;
  name: string;
}

/** The deployment's county: the one county when the registry has exactly one; null with none or several. */
export async function deploymentCounty(db: Db): Promise<DeploymentCounty | null> {
  const counties = await db('areas').where({ level: 'county' }).orderBy('id').limit(2).select('id', 'code', 'name');
  if (counties.length !== 1) return null;
  const [c] = counties as DeploymentCounty[];
  return { id: c!.id, code: c!.code, name: c!.name };
}

const name = requiredText(100);

export const NamedCounty = z.strictObject({
  code: z.string().trim().regex(/^\d{6}$/, 'must be 6 digits'),
  name,
  /** Needed only when the code's prefecture or province is neither in the registry nor in the national codes. */
  prefectureName: name.optional(),
  provinceName: name.optional(),
});
export type NamedCounty = z.output<typeof NamedCounty>;

/** Townships in no county whose code is none or the county's own: they lie in it. Answers how many. */
async function attachTownships(db: Db, county: DeploymentCounty): Promise<number> {
  const placed = await db('townships')
    .whereNull('county_id')
    .where((w) => w.whereNull('code').orWhere('code', 'like', `${county.code}%`))
    .update({ county_id: county.id, updated_at: db.fn.now() }, ['id']);
  return placed.length;
}

/** The province and prefecture above the code, made where missing (400 naming the field whose name is unknown). */
async function placeAbove(db: Db, userId: number, n: NamedCounty): Promise<void> {
  const above = [
    { code: n.code.slice(0, 2), given: n.provinceName, path: 'provinceName' },
    { code: n.code.slice(0, 4), given: n.prefectureName, path: 'prefectureName' },
  ];
  const have = new Set<string>((await db('areas').whereIn('code', above.map((a) => a.code)).pluck('code')) as string[]);
  const missing = above.filter((a) => !have.has(a.code)).map((a) => ({ ...a, name: a.given ?? divisionNames.get(a.code) }));
  const unnamed = missing.filter((a) => !a.name);
  if (unnamed.length) {
    throw badRequest(
      `The code's ${unnamed.map((a) => a.code).join(' and ')} are not national division codes this server knows: give their names.`,
      unnamed.map((a) => ({ path: a.path, message: 'required: this code is not a known national division code' })),
    );
  }
  // Province first: the schema places each area under the one its code begins with.
  for (const a of missing) {
    const [row] = (await db('areas').insert({ code: a.code, name: a.name }).returning(['id', 'code', 'name', 'level', 'parent_id'])) as AreaRow[];
    await recordAudit(db, { entity: 'area', entityId: row!.id, action: 'create', userId, after: toArea(row!) });
  }
}

/**
 * Names the deployment's county (admin): creates it (201) with its province and prefecture where
 * missing and places the townships in no county in it; the same code again renames it (200). A
 * deployment that already has another county, or several, refuses (409 naming `code`): one county
 * is named once, the national hierarchy comes by the divisions import.
 */
export async function nameDeploymentCounty(c: Caller, n: NamedCounty): Promise<{ created: boolean; county: ReturnType<typeof toArea>; townshipsPlaced: number }> {
  const counties = (await c.db('areas').where({ level: 'county' }).orderBy('id').limit(2).select('id', 'code', 'name')) as DeploymentCounty[];
  const same = counties.length === 1 && counties[0]!.code === n.code ? counties[0]! : undefined;
  if (counties.length && !same) {
    throw conflict(`The deployment already has ${counties.length === 1 ? `the county ${counties[0]!.code}` : 'several counties'}: one county is named once.`, [
      { path: 'code', message: 'the deployment already has another county' },
    ]);
  }
  const log = audited('area', async (db, id) => toArea((await db('areas').where({ id }).first()) as AreaRow));
  let townshipsPlaced = 0;
  if (same) {
    const county = await log.update(c.db, c.user.id, same.id, async (trx) => {
      await trx('areas').where({ id: same.id }).update({ name: n.name, updated_at: trx.fn.now() });
      townshipsPlaced = await attachTownships(trx, { ...same, name: n.name });
    });
    return { created: false, county, townshipsPlaced };
  }
  const county = await log.create(c.db, c.user.id, async (trx) => {
    await placeAbove(trx, c.user.id, n);
    const [{ id }] = await trx('areas').insert({ code: n.code, name: n.name }).returning('id');
    townshipsPlaced = await attachTownships(trx, { id, code: n.code, name: n.name });
    return id as number;
  });
  return { created: true, county, townshipsPlaced };
}
