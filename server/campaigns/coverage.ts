import { coverageRatio, NOT_A_UNIT, statusLetter } from '../../domain/status.js';
import type { Level } from '../../domain/units.js';
import type { GroupLevel } from '../areas/schemas.js';
import { askedArea, scopeOfRequest, type AreaNode } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { areaRef, checkGroupBy, childLevelOf, groupsOf, unitTestOf, whereTest } from '../coverage/grouping.js';
import type { Coverage } from '../coverage/service.js';
import { unitsVersion } from '../coverage/specs.js';
import type { Units } from '../coverage/units.js';
import { notFound } from '../http/problem.js';
import { monthRange } from '../months.js';
import { villagesShown } from './queries.js';
import type { Campaign } from './service.js';

// A campaign's coverage (DOMAIN.md "Campaigns"): over its span — from the first instant of its
// first month to the first instant of the month after its last, in the county zone — a unit is
// covered when one of its completed, not rejected screenings there has a campaign film in its
// programme. The units are those of the coverage engine's unit list (server/coverage/units.ts:
// a natural village's screenings count for its parent at the administrative level), those of the
// span (not retired at its first instant: domain/units.ts isUnitInMonth at that instant), inside
// the campaign's area and the reader's scope; they are grouped as /api/coverage groups them
// (server/coverage/grouping.ts).

/** The instants of the campaign's span in the county zone: [start, end). */
export const spanOf = (c: Pick<Campaign, 'from' | 'to'>, zone: string) => ({ start: monthRange(c.from, zone).start, end: monthRange(c.to, zone).end });

/**
 * The area an answer is about: the asked one (404 outside the reader's scope, or where it and the
 * campaign's area do not overlap), else the narrower of the campaign's area and the reader's own.
 * An asked area holding the campaign's area counts the campaign's units in it, by its children.
 */
export function answerArea(u: Units, user: User, campaignArea: AreaNode | null, areaId?: number): AreaNode | null {
  if (areaId !== undefined) {
    const asked = askedArea(u.areas, user, areaId)!;
    if (campaignArea && !asked.code.startsWith(campaignArea.code) && !campaignArea.code.startsWith(asked.code)) throw notFound('Area', areaId);
    return asked;
  }
  const root = askedArea(u.areas, user, undefined);
  if (!campaignArea || !root) return campaignArea ?? root;
  return root.code.startsWith(campaignArea.code) ? root : campaignArea;
}

/** Per position of the unit list, whether it counts for the campaign, and whether it is covered. */
async function campaignUnits(db: Db, u: Units, user: User, campaign: Campaign, area: AreaNode | null, zone: string) {
  const span = spanOf(campaign, zone);
  const inArea = unitTestOf(u, span.start.toMillis(), { areaId: area?.id, counties: user.counties });
  const inCampaign = campaign.areaId === null ? undefined : whereTest(u, { areaId: campaign.areaId });
  const isUnit = inCampaign ? (p: number) => inArea(p) && inCampaign(p) : inArea;
  const covered = new Uint8Array(u.id.length);
  for (const village of await villagesShown(db, campaign.filmIds, span)) {
    const p = u.unitOf.get(village);
    if (p !== undefined) covered[p] = 1;
  }
  return { isUnit, covered };
}

type Counts = { units: number; covered: number; gap: number; coverage: number };
const counted = (units: number, covered: number): Counts => ({ units, covered, gap: units - covered, coverage: coverageRatio(covered, units) });

/** {campaign, area, groupBy, totals, groups}: the campaign's units, covered and not, per group of a level below the area. */
export async function campaignCoverage(db: Db, coverage: Coverage, zone: string, user: User, campaign: Campaign, q: { areaId?: number; groupBy?: GroupLevel; level: Level }) {
  const u = await coverage.units(q.level);
  const campaignArea = campaign.areaId === null ? null : (u.areas.get(campaign.areaId) ?? null);
  const area = answerArea(u, user, campaignArea, q.areaId);
  const groupBy = q.groupBy ?? childLevelOf(u, area);
  checkGroupBy(area, groupBy);
  const { groups, groupOf } = groupsOf(u, user, area, groupBy);
  const { isUnit, covered } = await campaignUnits(db, u, user, campaign, area, zone);
  const units: number[] = [];
  const shown: number[] = [];
  for (let p = 0; p < u.id.length; p++) {
    if (!isUnit(p)) continue;
    const g = groupOf(p);
    if (g < 0) continue;
    units[g] = (units[g] ?? 0) + 1;
    shown[g] = (shown[g] ?? 0) + covered[p]!;
  }
  const rows = groups.map((g, i) => ({ id: g.id, code: g.code, name: g.name, level: g.level, ...counted(units[i] ?? 0, shown[i] ?? 0) }));
  const sum = (xs: number[]) => xs.reduce((n, x) => n + (x ?? 0), 0);
  return {
    campaign: { id: campaign.id, name: campaign.name, from: campaign.from, to: campaign.to, areaId: campaign.areaId },
    level: q.level,
    area: area && areaRef(area),
    groupBy,
    totals: counted(sum(units), sum(shown)),
    groups: rows,
  };
}

/**
 * One letter a unit in the order /api/coverage/units lists them for the same area and level:
 * covered (c) or not (g) for the campaign, NOT_A_UNIT where the village is no unit of the
 * campaign (outside its area, retired before its span). `version` is /units' own, for the map's kept unit list.
 */
export async function campaignLetters(db: Db, coverage: Coverage, zone: string, user: User, campaign: Campaign, q: { areaId?: number; level: Level }) {
  const u = await coverage.units(q.level);
  const listed = whereTest(u, scopeOfRequest(user, q.areaId, u).where);
  const campaignArea = campaign.areaId === null ? null : (u.areas.get(campaign.areaId) ?? null);
  const { isUnit, covered } = await campaignUnits(db, u, user, campaign, campaignArea, zone);
  let statuses = '';
  for (const p of listed ? u.byId.filter(listed) : u.byId) statuses += isUnit(p) ? (covered[p] ? statusLetter.covered : statusLetter.gap) : NOT_A_UNIT;
  return { campaignId: campaign.id, level: q.level, version: unitsVersion(q.level, u.registry), statuses };
}
