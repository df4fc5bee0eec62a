// DOMAIN.md "Periods and settlement": the words of a county-month's sign-off, the money an area's
// settings name, and the arithmetic of a statement — read by the server and the pages alike.
// Money is counted in fen (integers) inside; yuan with two decimals only at the edges.

/** open → submitted → (approved →)* locked; returned goes back to the partner; reopen back to open. */
export const periodStates = ['open', 'submitted', 'returned', 'approved', 'locked'] as const;
export type PeriodState = (typeof periodStates)[number];

export const periodActions = ['submit', 'approve', 'return', 'reopen'] as const;
export type PeriodAction = (typeof periodActions)[number];

/** The levels that approve, lowest first; APPROVAL_LEVELS names a prefix of this list. */
export const approvalLevels = ['county', 'prefecture', 'province'] as const;
export type ApprovalLevel = (typeof approvalLevels)[number];

export const periodStateNamesZh: Record<PeriodState, string> = { open: '未报送', submitted: '已报送', returned: '已退回', approved: '审核中', locked: '已锁定' };
export const periodStateNamesEn: Record<PeriodState, string> = { open: 'Open', submitted: 'Submitted', returned: 'Returned', approved: 'Approved (in part)', locked: 'Locked' };
export const periodActionNamesZh: Record<PeriodAction, string> = { submit: '报送', approve: '审核通过', return: '退回', reopen: '重新打开' };
export const periodActionNamesEn: Record<PeriodAction, string> = { submit: 'Submit', approve: 'Approve', return: 'Return', reopen: 'Reopen' };
export const levelNamesZh: Record<ApprovalLevel, string> = { county: '县级', prefecture: '市级', province: '省级' };
export const levelNamesEn: Record<ApprovalLevel, string> = { county: 'County', prefecture: 'Prefecture', province: 'Province' };

/** A return's or a reopening's reason, in characters. */
export const PERIOD_REASON_MAX = 500;

/** One step of a county-month's sign-off, as GET /api/periods answers it. */
export interface PeriodStep {
  action: PeriodAction;
  /** The level that approved, returned or reopened (null: a submission). */
  level: ApprovalLevel | null;
  /** The partner that submitted (null: the county bureau, or not a submission). */
  partnerId: number | null;
  userId: number | null;
  userName: string | null;
  at: string;
  reason: string | null;
}

/** One county-month, as GET /api/periods answers it. */
export interface Period {
  countyId: number;
  countyName: string;
  countyCode: string;
  month: string;
  state: PeriodState;
  /** The level whose approval the month waits for (null unless submitted or approved in part). */
  awaiting: ApprovalLevel | null;
  approvedLevels: ApprovalLevel[];
  /** Whether the month has ended in the county's zone (a submission waits for it). */
  ended: boolean;
  /** Screenings of the month still scheduled: what stops a submission. */
  unreported: number;
  /** The partners whose teams screened in the county that month (or, when none did, those holding a contract for it), and whether each has submitted. */
  partners: { id: number; name: string; screened: boolean; submitted: boolean }[];
  /** The steps the caller may take now (what the page offers). */
  actions: PeriodAction[];
  steps: PeriodStep[];
}

// --- Money ------------------------------------------------------------------------------------

export const costShareKeys = ['central', 'province', 'prefecture', 'county'] as const;
export type CostShareKey = (typeof costShareKeys)[number];
export type CostShares = Record<CostShareKey, number>;

export const paymentRounds = ['month', 'quarter', 'half'] as const;
export type PaymentRound = (typeof paymentRounds)[number];

/** The deployment's defaults, where no area up the chain sets a value (the rate: SUBSIDY_PER_SCREENING_YUAN). */
export const DEFAULT_ANNUAL_PLAN_PER_UNIT = 12;
export const DEFAULT_PAYMENT_ROUND: PaymentRound = 'quarter';
export const DEFAULT_COST_SHARES: CostShares = { central: 0.5, province: 0.2, prefecture: 0.2, county: 0.1 };

/** Yuan (as entered, at most two decimals) to fen; NaN when it has more decimals than fen can hold. */
export function toFen(yuan: number): number {
  const fen = Math.round(yuan * 100);
  return Math.abs(fen - yuan * 100) < 1e-6 ? fen : NaN;
}

/** Fen to yuan with two decimals, as text ("350.00"). */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/**
 * Splits `totalFen` by weights so the parts add up to it exactly (the largest remainder method):
 * each part is floored, and the fen left over go one each to the parts with the largest remainders,
 * ties to the earlier part. 35000 fen by 5:2:2:1 → 17500, 7000, 7000, 3500; 100 by three thirds → 34, 33, 33.
 */
export function splitFen(totalFen: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!weights.length || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (totalFen * w) / sum);
  const parts = exact.map((x) => Math.floor(x + 1e-9));
  let left = totalFen - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x + 1e-9) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!.i]! += 1;
  return parts;
}

// --- Rounds -----------------------------------------------------------------------------------

/** A payment round's name: 2026-Q1, 2026-H1 or 2026-03. */
export const ROUND = /^(\d{4})-(?:Q([1-4])|H([12])|(0[1-9]|1[0-2]))$/;

/** The months (YYYY-MM) of a round, first to last; null when the name is not a round. */
export function roundMonths(round: string): string[] | null {
  const m = ROUND.exec(round);
  if (!m) return null;
  const year = m[1]!;
  const [first, count] = m[2] ? [(Number(m[2]) - 1) * 3 + 1, 3] : m[3] ? [(Number(m[3]) - 1) * 6 + 1, 6] : [Number(m[4]), 1];
  return Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/** The round of a payment kind a month falls in (2026-05 by quarter: 2026-Q2). */
export function roundOf(month: string, kind: PaymentRound): string {
  const [year, mm] = [month.slice(0, 4), Number(month.slice(5, 7))];
  if (kind === 'month') return month;
  return kind === 'quarter' ? `${year}-Q${Math.ceil(mm / 3)}` : `${year}-H${mm <= 6 ? 1 : 2}`;
}
