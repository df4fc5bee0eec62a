import { costShareKeys, type CostShares } from '../../domain/periods.js';
import type { Amounts, Group, HeldScreening, MoneyUsed, Settlement } from './compute.js';

// What an issued statement keeps (statements.content, frozen as issued) and what it changed from
// the one it supersedes (statements.differences): yuan numbers with two decimals, as the API
// answers them (DOMAIN.md "HTTP contract": fen inside, yuan at the edges).

const yuan = (fen: number) => fen / 100;
const yuanShares = (s: CostShares): CostShares => Object.fromEntries(costShareKeys.map((k) => [k, yuan(s[k])])) as CostShares;

export interface AmountsYuan {
  count: number;
  films: number;
  gross: number;
  shares: CostShares;
  filmFees: number;
  net: number;
}

const amountsYuan = (a: Amounts): AmountsYuan => ({ count: a.count, films: a.films, gross: yuan(a.grossFen), shares: yuanShares(a.sharesFen), filmFees: yuan(a.filmFeesFen), net: yuan(a.netFen) });

/** A screening as a statement lists it: the held screening without its evidence state, named by `screeningId`. */
export type ScreeningLine = Omit<HeldScreening, 'id' | 'verification' | 'reviewDecision' | 'reviewReason'> & { screeningId: number };

export interface StatementContent {
  countyId: number;
  countyCode: string;
  countyName: string;
  round: string;
  months: string[];
  /** The settings used, as they were at the issue; `from` names whose each one was (null: the deployment's default). */
  settings: { subsidyPerScreening: number; costShares: CostShares; filmFeePerFilm: number; from: Record<'subsidyPerScreening' | 'costShares' | 'filmFeePerFilm', string | null> };
  groups: (AmountsYuan & { contractId: number | null; partnerId: number; partnerName: string })[];
  totals: AmountsYuan;
  paid: (ScreeningLine & { amount: number; filmFees: number })[];
  /** Backed screenings of a unit-month already paid: listed, not paid. */
  extra: ScreeningLine[];
  /** Neither backed nor decided (unverified, flagged): not paid. */
  pending: (ScreeningLine & { verification: string })[];
  rejected: (ScreeningLine & { reason: string })[];
}

const line = (r: HeldScreening): ScreeningLine => ({
  screeningId: r.id,
  month: r.month,
  startsAt: r.startsAt,
  villageId: r.villageId,
  villageName: r.villageName,
  unitId: r.unitId,
  unitName: r.unitName,
  townshipName: r.townshipName,
  teamName: r.teamName,
  partnerId: r.partnerId,
  partnerName: r.partnerName,
  contractId: r.contractId,
  films: r.films,
});

export function contentOf(
  head: Pick<StatementContent, 'countyId' | 'countyCode' | 'countyName' | 'round' | 'months'>,
  s: Settlement,
  m: MoneyUsed,
  from: StatementContent['settings']['from'],
): StatementContent {
  return {
    ...head,
    settings: { subsidyPerScreening: yuan(m.subsidyPerScreeningFen), costShares: m.costShares, filmFeePerFilm: yuan(m.filmFeePerFilmFen), from },
    groups: s.groups.map((g: Group) => ({ contractId: g.contractId, partnerId: g.partnerId, partnerName: g.partnerName, ...amountsYuan(g) })),
    totals: amountsYuan(s.totals),
    paid: s.paid.map((r) => ({ ...line(r), amount: yuan(m.subsidyPerScreeningFen), filmFees: yuan(r.films.length * m.filmFeePerFilmFen) })),
    extra: s.extra.map(line),
    pending: s.pending.map((r) => ({ ...line(r), verification: r.verification ?? 'unverified' })),
    rejected: s.rejected.map((r) => ({ ...line(r), reason: r.reviewReason ?? '' })),
  };
}

export interface Differences {
  supersedesId: number;
  /** Screenings paid now and not before, and the other way round. */
  added: ScreeningLine[];
  removed: ScreeningLine[];
  /** The contract groups whose amounts changed (before or after null: the group was not there). */
  groups: { contractId: number | null; partnerId: number; partnerName: string; before: AmountsYuan | null; after: AmountsYuan | null }[];
  /** The totals, when they changed (null: unchanged). */
  totals: { before: AmountsYuan; after: AmountsYuan } | null;
  /** Whether the settings used changed. */
  settingsChanged: boolean;
}

const pickAmounts = ({ count, films, gross, shares, filmFees, net }: AmountsYuan): AmountsYuan => ({ count, films, gross, shares, filmFees, net });
/** JSON with its keys sorted: jsonb keeps an object's keys in its own order. */
const canonical = (v: unknown): string =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/**
 * What differencesOf needs of the statement superseded: its groups, totals and settings, the ids
 * of its paid screenings, and the paid lines the new content no longer has (the database picks
 * them out of the stored JSON: a big county's old content is not parsed again whole).
 */
export type Before = Pick<StatementContent, 'groups' | 'totals' | 'settings'> & { paidIds: number[]; removed: StatementContent['paid'] };

/** What the new content changed from the old one. */
export function differencesOf(supersedesId: number, before: Before, after: StatementContent): Differences {
  const was = new Set(before.paidIds);
  const key = (g: { partnerId: number; contractId: number | null }) => `${g.partnerId}|${g.contractId ?? ''}`;
  const groups = new Map<string, Differences['groups'][number]>();
  for (const g of before.groups) groups.set(key(g), { contractId: g.contractId, partnerId: g.partnerId, partnerName: g.partnerName, before: pickAmounts(g), after: null });
  for (const g of after.groups) {
    const d = groups.get(key(g)) ?? { contractId: g.contractId, partnerId: g.partnerId, partnerName: g.partnerName, before: null, after: null };
    groups.set(key(g), { ...d, partnerName: g.partnerName, after: pickAmounts(g) });
  }
  return {
    supersedesId,
    added: after.paid.filter((p) => !was.has(p.screeningId)).map(stripMoney),
    removed: before.removed.map(stripMoney),
    groups: [...groups.values()].filter((g) => !same(g.before, g.after)),
    totals: same(before.totals, after.totals) ? null : { before: before.totals, after: after.totals },
    settingsChanged: !same({ ...before.settings, from: null }, { ...after.settings, from: null }),
  };
}

function stripMoney(p: StatementContent['paid'][number]): ScreeningLine {
  const { amount: _a, filmFees: _f, ...rest } = p;
  return rest;
}
