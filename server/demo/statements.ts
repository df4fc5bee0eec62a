import { roundMonths, roundOf } from '../../domain/periods.js';
import type { User } from '../auth/user.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { issueStatement } from '../statements/service.js';

// The demo's money (DOMAIN.md "Periods and settlement"): the province pays ¥200 a screening,
// shared 5:2:2:1 by the central, provincial, prefectural and county budgets, settled by quarter;
// the county deducts ¥1 a film for the copies. Then, once the demo's past months are signed off
// (server/demo/periods.ts, called before this), a statement is issued for every round of the
// county whose months are all locked, by the demo's admin.

export async function seedDemoStatements(trx: Db, config: Config, countyId: number): Promise<number[]> {
  const county = await trx('areas').where({ id: countyId }).first('code');
  const province = await trx('areas').where({ code: String(county.code).slice(0, 2) }).first('id');
  if (province) {
    await trx('area_settings')
      .insert({ area_id: province.id, subsidy_per_screening_fen: 20000, share_central: 0.5, share_province: 0.2, share_prefecture: 0.2, share_county: 0.1, payment_round: 'quarter' })
      .onConflict('area_id')
      .merge(['subsidy_per_screening_fen', 'share_central', 'share_province', 'share_prefecture', 'share_county', 'payment_round']);
  }
  await trx('area_settings').insert({ area_id: countyId, film_fee_per_film_fen: 100 }).onConflict('area_id').merge(['film_fee_per_film_fen']);

  const admin = await trx('users').where({ role: 'admin' }).orderBy('id').first('id', 'username');
  if (!admin) return [];
  const user: User = { id: admin.id, username: admin.username, role: 'admin', partnerId: null, teamId: null, areaId: null, counties: null };
  const locked = new Set((await trx('periods').where({ county_id: countyId, state: 'locked' }).select('month')).map((p: { month: string }) => p.month));
  const rounds = [...new Set([...locked].map((m) => roundOf(m, 'quarter')))].sort();
  const issued: number[] = [];
  for (const round of rounds) {
    if (!roundMonths(round)!.every((m) => locked.has(m))) continue;
    issued.push((await issueStatement({ db: trx, user, zone: config.timezone }, countyId, round, Math.round(config.subsidyPerScreeningYuan * 100))).id);
  }
  return issued;
}
