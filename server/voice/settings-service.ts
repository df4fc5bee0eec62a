import { recordAudit } from '../audit/log.js';
import type { Caller } from '../auth/user.js';
import { registerConstraint } from '../db/errors.js';
import type { Db } from '../db/index.js';
import { PHONE_MESSAGE, type SettingsPut } from './bureau-schemas.js';
import { visibleArea } from './bureau-scope.js';
import { effectiveSupervisionPhone, ownSupervisionPhone, type EffectiveSetting } from './settings.js';

// GET and PUT /api/areas/:id/settings (DOMAIN.md "Villagers' voice"), as the targets do it
// (server/programmes/target-service.ts): who may see an area is the one scope policy
// (server/areas/scope.ts whereAreaVisible: a bureau user inside its area, a partner the areas
// holding its counties, the others all), outside it 404; who may write is the route's guard
// (admin, bureau): for them the visible areas are the writable ones.

// The table's own bound, should a phone ever pass the schema without meeting it.
registerConstraint('area_settings_phone', 'supervisionPhone', PHONE_MESSAGE);

export interface SettingsAnswer {
  areaId: number;
  /** The effective phone: the area's own, else the nearest area's above it; areaId/areaName say whose (null: none set). */
  supervisionPhone: EffectiveSetting;
}

const answer = async (db: Db, areaId: number): Promise<SettingsAnswer> => ({ areaId, supervisionPhone: await effectiveSupervisionPhone(db, areaId) });

export async function readSettings(c: Caller, areaId: number): Promise<SettingsAnswer> {
  await visibleArea(c.db, c.user, areaId);
  return answer(c.db, areaId);
}

/** Sets the area's own supervision phone (null clears it: the area inherits again); audit-logged as the area's change. */
export async function writeSettings(c: Caller, areaId: number, body: SettingsPut): Promise<SettingsAnswer> {
  return c.db.transaction(async (trx) => {
    await visibleArea(trx, c.user, areaId);
    // One writer of an area's settings at a time: the before and after the log keeps are what happened.
    await trx.raw('select pg_advisory_xact_lock(2134, ?)', [areaId]);
    const before = await ownSupervisionPhone(trx, areaId);
    const after = body.supervisionPhone;
    if (after === null) await trx('area_settings').where({ area_id: areaId }).delete();
    else {
      await trx('area_settings')
        .insert({ area_id: areaId, supervision_phone: after })
        .onConflict('area_id')
        .merge({ supervision_phone: after, updated_at: trx.fn.now() });
    }
    await recordAudit(trx, {
      entity: 'area',
      entityId: areaId,
      action: 'update',
      userId: c.user.id,
      before: { id: areaId, settings: { supervisionPhone: before } },
      after: { id: areaId, settings: { supervisionPhone: after } },
    });
    return answer(trx, areaId);
  });
}
