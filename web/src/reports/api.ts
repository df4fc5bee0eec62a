// The reports' JSON as the page uses it, and the addresses of their CSV and XLSX downloads.
import type { UnitStatus as Status } from '../../../domain/status.js';
import type { Counts, ProgrammeFilm } from '../shared/api.js';
import { get, request } from '../shared/http.js';

export type { Counts, Status };
export type View = 'month' | 'year' | 'subsidy' | 'programme' | 'villagers' | 'progress'; // issue 22 progress: 'progress'

/** The area a report is of (null: the whole deployment, or the reader's own area). */
export type ReportArea = { id: number; code: string; name: string; level: 'province' | 'prefecture' | 'county' } | null;

export interface MonthReport {
  month: string;
  timezone: string;
  area?: ReportArea;
  /** The county the report is of (or the area asked): its titles name it; null: several counties and no area. */
  place?: string | null;
  county: Counts;
  /** Above a county: one row per child area (a province's prefectures, a prefecture's counties). */
  areas?: (Counts & { id: number; name: string; level: string })[];
  townships: (Counts & { id: number; name: string })[];
  screenings: { held: number; cancelled: number; audience: number; scienceShare: number };
  teams: { id: number; name: string; partnerName: string; held: number; audience: number }[];
}

export interface YearReport {
  year: number;
  place?: string | null;
  /** due: the month has begun in the county zone; a month still to come is not yet due. */
  months: { month: string; units: number; covered: number; coverage: number; due: boolean }[];
  /** The mean coverage of the months that are due (null before the year begins). */
  averageCoverage: number | null;
  villages: { id: number; name: string; townshipName: string; statuses: (Status | null)[] }[];
  fullYear: number[];
}

export interface SubsidyReport {
  month: string;
  area?: ReportArea;
  place?: string | null;
  perScreeningYuan: number;
  teams: { teamId: number; teamName: string; partnerName: string; counted: number; amountYuan: number }[];
  totalYuan: number;
  extra: { screeningId: number; villageName: string; teamName: string; startsAt: string; films?: ProgrammeFilm[]; reason: string }[];
  /** Completed screenings of units with nothing backed yet: paid once verified or accepted. */
  pending: { screeningId: number; villageName: string; teamName: string; startsAt: string; films?: ProgrammeFilm[]; state: 'verified' | 'flagged' | 'unverified' }[];
  pendingYuan: number;
  /** Rejected by the bureau: they count for nothing. */
  rejected: { screeningId: number; villageName: string; teamName: string; startsAt: string; films?: ProgrammeFilm[]; reason: string }[];
  rejectedYuan: number;
  /** The paid screenings per county and partner, with the contract that pays them (null: none covers that county and month). */
  contracts?: {
    contractId: number | null;
    partnerId: number;
    partnerName: string;
    countyId: number | null;
    countyCode: string | null;
    countyName: string | null;
    counted: number;
    amountYuan: number;
  }[];
  counties?: { countyId: number | null; countyCode: string | null; countyName: string | null; counted: number; amountYuan: number }[];
}

/** One share's effective target: its value (0..1, null: none) and the area it is set on (null: none up the chain). */
export interface Target {
  value: number | null;
  areaId: number | null;
  areaName?: string | null;
}
export interface Targets {
  scienceShare: Target;
  newFilmShare: Target;
}

/** The programme report's counts (server/reports/programme.ts): shares are of the qualifying screenings, null without one. */
export interface ProgrammeCounts {
  screenings: number;
  qualifying: number;
  withScience: number;
  scienceShare: number | null;
  withNewFilm: number;
  newFilmShare: number | null;
  repeats: number;
}

export interface ProgrammeReport {
  month?: string;
  year?: number;
  longFilmMinutes: number;
  area?: ReportArea;
  place?: string | null;
  groupBy: 'province' | 'prefecture' | 'county' | 'township';
  totals: ProgrammeCounts;
  /** The area whose targets `targets` are: the area asked, else the one county in scope; null: none. */
  targetArea: ReportArea;
  targets: Targets | null;
  groups: (ProgrammeCounts & { id: number | null; code: string | null; name: string; level: string; targets: Targets | null })[];
  films: { filmId: number; title: string; category: string; screenings: number }[];
  repeats: { screeningId: number; filmId: number | null; otherScreeningId: number | null; reason: string; villageName: string; startsAt: string; filmTitle: string | null; otherStartsAt: string | null }[];
}

/** What villagers said in a month (server/reports/villagers.ts): requests, confirmations and ratings per team, reports by kind and state. */
export interface VillagersReport {
  month: string;
  area?: ReportArea;
  place?: string | null;
  requests: { requests: number; villages: number; films: { filmId: number; title: string; category: string; requests: number }[] };
  confirmations: {
    teams: { teamId: number; teamName: string; partnerName: string; screenings: number; confirmed: number; confirmations: number; ratings: number; averageRating: number | null }[];
    totals: { screenings: number; confirmed: number; confirmations: number; ratings: number; averageRating: number | null };
  };
  reports: {
    total: number;
    byState: Record<'new' | 'looking' | 'closed', number>;
    byKind: ({ kind: 'not_held' | 'late' | 'other'; total: number } & Record<'new' | 'looking' | 'closed', number>)[];
  };
}

/** The report's address, of an area (its id; '' for the whole deployment or the reader's own): JSON by default, or a download with `format`. */
export function reportUrl(view: View, period: string, format?: 'csv' | 'xlsx', areaId = ''): string {
  // A year (YYYY) for the year view, and for the programme report of a year.
  const q = new URLSearchParams(view === 'year' || /^\d{4}$/.test(period) ? { year: period } : { month: period });
  if (areaId) q.set('areaId', areaId);
  if (format) q.set('format', format);
  return `/api/reports/${view}?${q}`;
}

export const reportsApi = {
  month: (month: string, areaId = '') => get<MonthReport>(reportUrl('month', month, undefined, areaId)),
  year: (year: string, areaId = '') => get<YearReport>(reportUrl('year', year, undefined, areaId)),
  subsidy: (month: string, areaId = '') => get<SubsidyReport>(reportUrl('subsidy', month, undefined, areaId)),
  /** `period`: a month (YYYY-MM) or a year (YYYY). */
  programme: (period: string, areaId = '') => get<ProgrammeReport>(reportUrl('programme', period, undefined, areaId)),
  villagers: (month: string, areaId = '') => get<VillagersReport>(reportUrl('villagers', month, undefined, areaId)),
};

export type TargetsAnswer = Targets & { year: number; areaId: number };

export const targetsApi = {
  get: (areaId: number, year: number) => get<TargetsAnswer>(`/api/areas/${areaId}/targets/${year}`),
  put: (areaId: number, year: number, body: { scienceShare: number | null; newFilmShare: number | null }) => request<TargetsAnswer>('PUT', `/api/areas/${areaId}/targets/${year}`, { body }),
};
