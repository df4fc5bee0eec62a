import {
  DEFAULT_ANNUAL_PLAN_PER_UNIT,
  DEFAULT_COST_SHARES,
  DEFAULT_PAYMENT_ROUND,
  type CostShares,
  type PaymentRound,
} from '../../domain/periods.js';
import type { Db } from '../db/index.js';

// DOMAIN.md "Periods and settlement", the money settings of an area (area_settings): the rate per
// screening, the four budget levels' cost shares, the film fee per film, the annual plan per unit
// and the payment round — each inherited downward on its own, as the supervision phone is
// (server/voice/settings.ts): an area without its own takes the nearest area's above it (the
// longest code that begins its own), else the deployment's default (the rate:
// SUBSIDY_PER_SCREENING_YUAN; the others: domain/periods.ts). Money is in fen here.

export interface Inherited<T> {
  value: T;
  /** The area whose setting this is (null: the deployment's default). */
  areaId: number | null;
  areaName: string | null;
}

export interface MoneySettings {
  subsidyPerScreeningFen: Inherited<number>;
  costShares: Inherited<CostShares>;
  filmFeePerFilmFen: Inherited<number>;
  annualPlanPerUnit: Inherited<number>;
  paymentRound: Inherited<PaymentRound>;
}

/** Each money setting's columns in area_settings: a setting is set where its first column is not null. */
const columns = {
  subsidyPerScreeningFen: ['subsidy_per_screening_fen'],
  costShares: ['share_central', 'share_province', 'share_prefecture', 'share_county'],
  filmFeePerFilmFen: ['film_fee_per_film_fen'],
  annualPlanPerUnit: ['annual_plan_per_unit'],
  paymentRound: ['payment_round'],
} as const;
type Key = keyof typeof columns;

interface Row {
  area_id: number;
  area_code: string;
  area_name: string;
  [column: string]: unknown;
}

const valueOf = (key: Key, r: Row): unknown =>
  key === 'costShares'
    ? { central: Number(r.share_central), province: Number(r.share_province), prefecture: Number(r.share_prefecture), county: Number(r.share_county) }
    : r[columns[key][0]];

/**
 * The effective money settings of some areas (counties, usually), by area id: one query for all
 * of them — their own rows and their ancestors', read by code. `defaultRateFen`: the deployment's
 * rate (SUBSIDY_PER_SCREENING_YUAN in fen).
 */
export async function moneySettingsOf(db: Db, areaIds: readonly number[], defaultRateFen: number): Promise<Map<number, MoneySettings>> {
  const defaults: { [K in Key]: MoneySettings[K]['value'] } = {
    subsidyPerScreeningFen: defaultRateFen,
    costShares: DEFAULT_COST_SHARES,
    filmFeePerFilmFen: 0,
    annualPlanPerUnit: DEFAULT_ANNUAL_PLAN_PER_UNIT,
    paymentRound: DEFAULT_PAYMENT_ROUND,
  };
  const out = new Map<number, MoneySettings>();
  if (!areaIds.length) return out;
  const rows: (Row & { target: number })[] = (
    await db.raw(
      `select x.id as target, a.id as area_id, a.code as area_code, a.name as area_name, st.*
         from area_settings st
         join areas a on a.id = st.area_id
         join areas x on x.code like a.code || '%'
        where x.id = any(?::int[])
        order by x.id, length(a.code) desc`,
      [[...areaIds]],
    )
  ).rows;
  const chains = new Map<number, Row[]>();
  for (const r of rows) chains.set(r.target, [...(chains.get(r.target) ?? []), r]);
  for (const id of areaIds) {
    const chain = chains.get(id) ?? [];
    const pick = <K extends Key>(key: K): MoneySettings[K] => {
      const r = chain.find((c) => c[columns[key][0]] !== null && c[columns[key][0]] !== undefined);
      return (r ? { value: valueOf(key, r), areaId: r.area_id, areaName: r.area_name } : { value: defaults[key], areaId: null, areaName: null }) as MoneySettings[K];
    };
    out.set(id, {
      subsidyPerScreeningFen: pick('subsidyPerScreeningFen'),
      costShares: pick('costShares'),
      filmFeePerFilmFen: pick('filmFeePerFilmFen'),
      annualPlanPerUnit: pick('annualPlanPerUnit'),
      paymentRound: pick('paymentRound'),
    });
  }
  return out;
}

/** One area's effective money settings. */
export async function moneySettings(db: Db, areaId: number, defaultRateFen: number): Promise<MoneySettings> {
  return (await moneySettingsOf(db, [areaId], defaultRateFen)).get(areaId)!;
}
