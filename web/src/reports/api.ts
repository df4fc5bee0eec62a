// The reports' JSON as the page uses it, and the addresses of their CSV and XLSX downloads.
import { toSignIn, type Counts, type Status } from '../map/api.js';

// The coverage shapes are the map's: one declaration for both pages.
export type { Counts, Status };
export type View = 'month' | 'year' | 'subsidy';

export interface MonthReport {
  month: string;
  timezone: string;
  county: Counts;
  townships: (Counts & { id: number; name: string })[];
  screenings: { held: number; cancelled: number; audience: number; scienceShare: number };
  teams: { id: number; name: string; partnerName: string; held: number; audience: number }[];
}

export interface YearReport {
  year: number;
  months: { month: string; units: number; covered: number; coverage: number }[];
  villages: { id: number; name: string; townshipName: string; statuses: (Status | null)[] }[];
  fullYear: number[];
}

export interface SubsidyReport {
  month: string;
  perScreeningYuan: number;
  teams: { teamId: number; teamName: string; partnerName: string; counted: number; amountYuan: number }[];
  totalYuan: number;
  extra: { screeningId: number; villageName: string; teamName: string; startsAt: string; reason: string }[];
}

export class ReportError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (res.status === 401) toSignIn();
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { detail?: string } | null;
    throw new ReportError(res.status, body?.detail ?? `HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

/** The report's address: JSON by default, or a download with `format`. */
export function reportUrl(view: View, period: string, format?: 'csv' | 'xlsx'): string {
  const q = new URLSearchParams(view === 'year' ? { year: period } : { month: period });
  if (format) q.set('format', format);
  return `/api/reports/${view}?${q}`;
}

export const reportsApi = {
  month: (month: string) => getJson<MonthReport>(reportUrl('month', month)),
  year: (year: string) => getJson<YearReport>(reportUrl('year', year)),
  subsidy: (month: string) => getJson<SubsidyReport>(reportUrl('subsidy', month)),
};
