// The reports' JSON as the page uses it, and the addresses of their CSV and XLSX downloads.
import type { UnitStatus as Status } from '../../../domain/status.js';
import type { Counts } from '../shared/api.js';
import { get } from '../shared/http.js';

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
  /** due: the month has begun in the county zone; a month still to come is not yet due. */
  months: { month: string; units: number; covered: number; coverage: number; due: boolean }[];
  /** The mean coverage of the months that are due (null before the year begins). */
  averageCoverage: number | null;
  villages: { id: number; name: string; townshipName: string; statuses: (Status | null)[] }[];
  fullYear: number[];
}

export interface SubsidyReport {
  month: string;
  perScreeningYuan: number;
  teams: { teamId: number; teamName: string; partnerName: string; counted: number; amountYuan: number }[];
  totalYuan: number;
  extra: { screeningId: number; villageName: string; teamName: string; startsAt: string; reason: string }[];
  /** Completed screenings of units with nothing backed yet: paid once verified or accepted. */
  pending: { screeningId: number; villageName: string; teamName: string; startsAt: string; state: 'verified' | 'flagged' | 'unverified' }[];
  pendingYuan: number;
  /** Rejected by the bureau: they count for nothing. */
  rejected: { screeningId: number; villageName: string; teamName: string; startsAt: string; reason: string }[];
  rejectedYuan: number;
}

/** The report's address: JSON by default, or a download with `format`. */
export function reportUrl(view: View, period: string, format?: 'csv' | 'xlsx'): string {
  const q = new URLSearchParams(view === 'year' ? { year: period } : { month: period });
  if (format) q.set('format', format);
  return `/api/reports/${view}?${q}`;
}

export const reportsApi = {
  month: (month: string) => get<MonthReport>(reportUrl('month', month)),
  year: (year: string) => get<YearReport>(reportUrl('year', year)),
  subsidy: (month: string) => get<SubsidyReport>(reportUrl('subsidy', month)),
};
