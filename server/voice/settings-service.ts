import { type CostShares, type PaymentRound } from '../../domain/periods.js';
import { recordAudit } from '../audit/log.js';
import type { Caller } from '../auth/user.js';
import { registerConstraint } from '../db/errors.js';
import type { Db } from '../db/index.js';
import { moneySettings, type Inherited } from '../money/settings.js';
import { PHONE_MESSAGE, SHARES_MESSAGE, YUAN_MESSAGE, type SettingsPut } from './bureau-schemas.js';
import { visibleArea } from './bureau-scope.js';
import { effectiveSupervisionPhone, type EffectiveSetting } from './settings.js';

// GET and PUT /api/areas/:id/settings (DOMAIN.md "Villagers' voice"; the money settings: "Periods
// and settlement"), as the targets do it (server/programmes/target-service.ts): who may see an area
// is the one scope policy (server/areas/scope.ts whereAreaVisible: a bureau user inside its area,
// a partner the areas holding its counties, the others all), outside it 404; who may write is the
// route's guard (admin, bureau): for them the visible areas are the writable ones. The money
// settings are read by server/money/settings.ts (the one reader), answered here in yuan.

// The table's own bounds, should a value ever pass the schema without meeting them.
registerConstraint('area_settings_phone', 'supervisionPhone', PHONE_MESSAGE);
// issue 22 statements
registerConstraint('area_settings_subsidy', 'subsidyPerScreening', YUAN_MESSAGE);
registerConstraint('area_settings_film_fee', 'filmFeePerFilm', YUAN_MESSAGE);
registerConstraint('area_settings_shares', 'costShares', SHARES_MESSAGE);
registerConstraint('area_settings_annual_plan', 'annualPlanPerUnit', 'must be a whole number from 1 to 366');
registerConstraint('area_settings_round', 'paymentRound', 'must be month, quarter or half');

export interface SettingsAnswer {
  areaId: number;
  /** The effective phone: the area's own, else the nearest area's above it; areaId/areaName say whose (null: none set). */
  supervisionPhone: EffectiveSetting;
  /** Yuan per paid screening. */
  subsidyPerScreening: Inherited<number>;
  costShares: Inherited<CostShares>;
  /** Yuan per film of a paid screening's programme. */
  filmFeePerFilm: Inherited<number>;
  annualPlanPerUnit: Inherited<number>;
  paymentRound: Inherited<PaymentRound>;
}

const yuan = (s: Inherited<number>): Inherited<number> => ({ ...s, value: s.value / 100 });

async function answer(db: Db, areaId: number, defaultRateFen: number): Promise<SettingsAnswer> {
  const m = await moneySettings(db, areaId, defaultRateFen);
  return {
    areaId,
    supervisionPhone: await effectiveSupervisionPhone(db, areaId),
    subsidyPerScreening: yuan(m.subsidyPerScreeningFen),
    costShares: m.costShares,
    filmFeePerFilm: yuan(m.filmFeePerFilmFen),
    annualPlanPerUnit: m.annualPlanPerUnit,
    paymentRound: m.paymentRound,
  };
}

export async function readSettings(c: Caller, areaId: number, defaultRateFen: number): Promise<SettingsAnswer> {
  await visibleArea(c.db, c.user, areaId);
  return answer(c.db, areaId, defaultRateFen);
}

type Own = Required<{ [K in keyof SettingsPut]: Exclude<SettingsPut[K], undefined> }>;

interface OwnRow {
  supervision_phone: string | null;
  subsidy_per_screening_fen: number | null;
  share_central: string | number | null;
  share_province: string | number | null;
  share_prefecture: string | number | null;
  share_county: string | number | null;
  film_fee_per_film_fen: number | null;
  annual_plan_per_unit: number | null;
  payment_round: PaymentRound | null;
}

/** The area's own settings (null: it inherits), as the audit log keeps them. */
async function ownSettings(db: Db, areaId: number): Promise<Own> {
  const r: OwnRow | undefined = await db('area_settings').where({ area_id: areaId }).first();
  const fen = (v: number | null | undefined) => (v === null || v === undefined ? null : v / 100);
  return {
    supervisionPhone: r?.supervision_phone ?? null,
    subsidyPerScreening: fen(r?.subsidy_per_screening_fen),
    costShares:
      r && r.share_central !== null
        ? { central: Number(r.share_central), province: Number(r.share_province), prefecture: Number(r.share_prefecture), county: Number(r.share_county) }
        : null,
    filmFeePerFilm: fen(r?.film_fee_per_film_fen),
    annualPlanPerUnit: r?.annual_plan_per_unit ?? null,
    paymentRound: r?.payment_round ?? null,
  };
}

/** The columns of area_settings a PUT writes: only those of the settings it names. */
function columnsOf(body: SettingsPut): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fen = (y: number | null) => (y === null ? null : Math.round(y * 100));
  if (body.supervisionPhone !== undefined) out.supervision_phone = body.supervisionPhone;
  if (body.subsidyPerScreening !== undefined) out.subsidy_per_screening_fen = fen(body.subsidyPerScreening);
  if (body.filmFeePerFilm !== undefined) out.film_fee_per_film_fen = fen(body.filmFeePerFilm);
  if (body.annualPlanPerUnit !== undefined) out.annual_plan_per_unit = body.annualPlanPerUnit;
  if (body.paymentRound !== undefined) out.payment_round = body.paymentRound;
  if (body.costShares !== undefined) {
    const s = body.costShares;
    Object.assign(out, { share_central: s?.central ?? null, share_province: s?.province ?? null, share_prefecture: s?.prefecture ?? null, share_county: s?.county ?? null });
  }
  return out;
}

/**
 * Sets the settings the body names as the area's own (null clears one: the area inherits it
 * again); the row stays while any of its settings is set. Audit-logged as the area's change.
 */
export async function writeSettings(c: Caller, areaId: number, body: SettingsPut, defaultRateFen: number): Promise<SettingsAnswer> {
  return c.db.transaction(async (trx) => {
    await visibleArea(trx, c.user, areaId);
    // One writer of an area's settings at a time: the before and after the log keeps are what happened.
    await trx.raw('select pg_advisory_xact_lock(2134, ?)', [areaId]);
    const before = await ownSettings(trx, areaId);
    const columns = columnsOf(body);
    await trx('area_settings')
      .insert({ area_id: areaId, ...columns })
      .onConflict('area_id')
      .merge({ ...columns, updated_at: trx.fn.now() });
    const after = await ownSettings(trx, areaId);
    if (Object.values(after).every((v) => v === null)) await trx('area_settings').where({ area_id: areaId }).delete();
    // The log names what the request set (the phone alone keeps the log's earlier shape).
    const named = (o: Own) => Object.fromEntries(Object.keys(body).map((k) => [k, o[k as keyof Own]]));
    await recordAudit(trx, {
      entity: 'area',
      entityId: areaId,
      action: 'update',
      userId: c.user.id,
      before: { id: areaId, settings: named(before) },
      after: { id: areaId, settings: named(after) },
    });
    return answer(trx, areaId, defaultRateFen);
  });
}
