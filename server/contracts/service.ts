import { audited } from '../audit/log.js';
import { whereCountyInScope } from '../areas/scope.js';
import type { Caller, User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { fetchPage } from '../db/page.js';
import { badRequest, conflict, notFound, type FieldError } from '../http/problem.js';
import type { ContractPatch, ContractQuery, NewContract } from './schemas.js';

interface ContractRow {
  id: number;
  partner_id: number;
  county_id: number;
  from_month: string;
  to_month: string | null;
}

const toContract = (r: ContractRow) => ({ id: r.id, partnerId: r.partner_id, countyId: r.county_id, from: r.from_month, to: r.to_month });
export type Contract = ReturnType<typeof toContract>;

/** A partner sees its own contracts; a bureau user with an area those of its counties; the others all. */
function visibleContracts(db: Db, user: User) {
  const query = db('contracts').select('id', 'partner_id', 'county_id', 'from_month', 'to_month');
  if (user.role === 'partner') return query.where('partner_id', user.partnerId);
  return whereCountyInScope(query, user, 'county_id');
}

async function findContract(db: Db, user: User, id: number): Promise<Contract> {
  const row = await visibleContracts(db, user).where({ id }).first();
  if (!row) throw notFound('Contract', id);
  return toContract(row);
}

/**
 * What a write must hold beyond the schema: the county inside the writer's area, and no second
 * contract of the same partner for the same county in an overlapping period (409).
 */
async function checkContract(trx: Db, user: User, c: { partnerId: number; countyId: number; from: string; to: string | null }, selfId?: number) {
  const errors: FieldError[] = [];
  if (user.counties !== null && !user.counties.includes(c.countyId)) errors.push({ path: 'countyId', message: 'no such county in your area' });
  if (errors.length) throw badRequest(`Invalid body: ${errors.map((e) => e.path).join(', ')}.`, errors);
  // The partner's contracts for this county, locked: two overlapping writes cannot both pass.
  await trx.raw('select pg_advisory_xact_lock(2132, ?)', [c.countyId]);
  const overlap = await trx('contracts')
    .where({ partner_id: c.partnerId, county_id: c.countyId })
    .modify((q) => {
      if (selfId) q.whereNot('id', selfId);
    })
    .where((w) => w.whereNull('to_month').orWhere('to_month', '>=', c.from))
    .modify((q) => {
      if (c.to) q.where('from_month', '<=', c.to);
    })
    .first('id', 'from_month', 'to_month');
  if (overlap) {
    throw conflict(`This partner already holds contract ${overlap.id} for this county from ${overlap.from_month} to ${overlap.to_month ?? 'open'}.`, [
      { path: 'from', message: 'overlaps another contract of this partner for this county' },
    ]);
  }
}

const writes = (c: Caller) => audited('contract', (db, id) => findContract(db, c.user, id));

/** Contracts: which partner works which county, from which month to which (DOMAIN.md "Areas and scopes"). */
export const contracts = {
  list: (c: Caller, q: ContractQuery) => {
    const query = visibleContracts(c.db, c.user).orderBy(['county_id', 'from_month', 'id']);
    if (q.partnerId) query.where('partner_id', q.partnerId);
    if (q.countyId) query.where('county_id', q.countyId);
    return fetchPage(query, q, toContract);
  },
  find: (c: Caller, id: number) => findContract(c.db, c.user, id),
  create: (c: Caller, k: NewContract) =>
    writes(c).create(c.db, c.user.id, async (trx) => {
      await checkContract(trx, c.user, k);
      const [{ id }] = await trx('contracts').insert({ partner_id: k.partnerId, county_id: k.countyId, from_month: k.from, to_month: k.to }).returning('id');
      return id as number;
    }),
  update: (c: Caller, id: number, k: ContractPatch) =>
    writes(c).update(c.db, c.user.id, id, async (trx, before) => {
      const next = { partnerId: before.partnerId, countyId: before.countyId, from: k.from ?? before.from, to: k.to !== undefined ? k.to : before.to };
      if (next.to && next.to < next.from) throw badRequest('Invalid body: to.', [{ path: 'to', message: 'must be the from month or later' }]);
      await checkContract(trx, c.user, next, id);
      await trx('contracts').where({ id }).update({ from_month: next.from, to_month: next.to, updated_at: trx.fn.now() });
    }),
  remove: (c: Caller, id: number) => writes(c).remove(c.db, c.user.id, id, (trx) => trx('contracts').where({ id }).delete()),
};
