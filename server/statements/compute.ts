import { costShareKeys, splitFen, type CostShares } from '../../domain/periods.js';
import { isBacked, type ReviewDecision, type VerificationState } from '../../domain/status.js';

// DOMAIN.md "Periods and settlement", the arithmetic of a statement, pure: given the completed
// screenings of a county's round (in locked months) and the money settings, which are paid and
// what each partner contract is owed. Per unit (the administrative village a screening counts for:
// domain/units.ts) and month, the first backed screening by start (domain/status.ts isBacked, as
// the subsidy report decides it: accepted by the bureau, or verified and not decided) is paid;
// the unit-month's further backed ones are listed, not paid; the undecided unbacked ones are
// pending and the rejected ones apart — neither paid. Money in fen here; yuan at the edge.

export interface HeldScreening {
  id: number;
  month: string;
  startsAt: string;
  villageId: number;
  villageName: string;
  unitId: number;
  unitName: string;
  townshipName: string;
  teamName: string;
  partnerId: number;
  partnerName: string;
  /** The partner's contract covering the county that month (null: none). */
  contractId: number | null;
  verification: VerificationState | null;
  reviewDecision: ReviewDecision | null;
  reviewReason: string | null;
  films: string[];
}

export interface MoneyUsed {
  subsidyPerScreeningFen: number;
  costShares: CostShares;
  filmFeePerFilmFen: number;
}

/** Amounts in fen: the count paid, gross, each level's share, film fees, net. */
export interface Amounts {
  count: number;
  films: number;
  grossFen: number;
  sharesFen: CostShares;
  filmFeesFen: number;
  netFen: number;
}

export interface Group extends Amounts {
  contractId: number | null;
  partnerId: number;
  partnerName: string;
}


export interface Settlement {
  groups: Group[];
  totals: Amounts;
  paid: HeldScreening[];
  extra: HeldScreening[];
  pending: HeldScreening[];
  rejected: HeldScreening[];
}

const zeroShares = (): CostShares => ({ central: 0, province: 0, prefecture: 0, county: 0 });

/** The amounts of `count` paid screenings showing `films` films in all. */
export function amountsOf(count: number, films: number, m: MoneyUsed): Amounts {
  const grossFen = count * m.subsidyPerScreeningFen;
  const parts = splitFen(grossFen, costShareKeys.map((k) => m.costShares[k]));
  const sharesFen = Object.fromEntries(costShareKeys.map((k, i) => [k, parts[i]!])) as CostShares;
  const filmFeesFen = films * m.filmFeePerFilmFen;
  return { count, films, grossFen, sharesFen, filmFeesFen, netFen: grossFen - filmFeesFen };
}

/** Sums of the groups' amounts (each level's share the sum of the groups': they add up to the gross exactly). */
export function sumAmounts(groups: readonly Amounts[]): Amounts {
  const t: Amounts = { count: 0, films: 0, grossFen: 0, sharesFen: zeroShares(), filmFeesFen: 0, netFen: 0 };
  for (const g of groups) {
    t.count += g.count;
    t.films += g.films;
    t.grossFen += g.grossFen;
    t.filmFeesFen += g.filmFeesFen;
    t.netFen += g.netFen;
    for (const k of costShareKeys) t.sharesFen[k] += g.sharesFen[k];
  }
  return t;
}

/** Settles the screenings (ordered by start, then id). */
export function settle(rows: readonly HeldScreening[], m: MoneyUsed): Settlement {
  const paidUnits = new Set<string>();
  const out: Settlement = { groups: [], totals: sumAmounts([]), paid: [], extra: [], pending: [], rejected: [] };
  const byGroup = new Map<string, { contractId: number | null; partnerId: number; partnerName: string; count: number; films: number }>();
  for (const r of rows) {
    const backed = isBacked({ status: 'completed', verification: r.verification ?? 'unverified', reviewDecision: r.reviewDecision });
    const unitMonth = `${r.unitId}|${r.month}`;
    if (r.reviewDecision === 'rejected') out.rejected.push(r);
    else if (!backed) out.pending.push(r);
    else if (paidUnits.has(unitMonth)) out.extra.push(r);
    else {
      paidUnits.add(unitMonth);
      out.paid.push(r);
      const key = `${r.partnerId}|${r.contractId ?? ''}`;
      const g = byGroup.get(key) ?? { contractId: r.contractId, partnerId: r.partnerId, partnerName: r.partnerName, count: 0, films: 0 };
      byGroup.set(key, g);
      g.count++;
      g.films += r.films.length;
    }
  }
  out.groups = [...byGroup.values()]
    .sort((a, b) => a.partnerName.localeCompare(b.partnerName, 'zh-CN') || a.partnerId - b.partnerId || (a.contractId ?? 0) - (b.contractId ?? 0))
    .map((g) => ({ contractId: g.contractId, partnerId: g.partnerId, partnerName: g.partnerName, ...amountsOf(g.count, g.films, m) }));
  out.totals = sumAmounts(out.groups);
  return out;
}
