import type { ReviewDecision, ScreeningStatus, VerificationState } from './status.js';

// DOMAIN.md "Villagers' voice": the words and bounds of what villagers send through their
// village's page (/v/<token>) — film requests (点单) and problem reports (反映问题) — and the
// states of a report as the bureau handles it. The server's schemas and the pages both read these.

/** A request names 1 to 3 films of the catalogue licensed today. */
export const MAX_REQUESTED_FILMS = 3;
/** A request's optional comment, in characters. */
export const REQUEST_COMMENT_MAX = 200;
/** A report's text, in characters. */
export const REPORT_TEXT_MAX = 500;
/** A report may name a screening of its unit that started within this many days before it. */
export const REPORT_SCREENING_DAYS = 30;

export const reportKinds = ['not_held', 'late', 'other'] as const;
export type ReportKind = (typeof reportKinds)[number];

/** new: not yet looked at; looking: the bureau is looking into it; closed: done, with a note. */
export const reportStates = ['new', 'looking', 'closed'] as const;
export type ReportState = (typeof reportStates)[number];

export const reportKindNamesZh: Record<ReportKind, string> = { not_held: '没有放映', late: '放映迟到', other: '其他问题' };
export const reportKindNamesEn: Record<ReportKind, string> = { not_held: 'Not held', late: 'Late', other: 'Other' };
export const reportStateNamesZh: Record<ReportState, string> = { new: '新反映', looking: '核查中', closed: '已办结' };
export const reportStateNamesEn: Record<ReportState, string> = { new: 'New', looking: 'Looking into it', closed: 'Closed' };

/** The form of a village page's token (32 hex digits): anything else is unknown without asking the database. */
export const VILLAGE_TOKEN = /^[0-9a-f]{32}$/;

/** The village page of a unit, as an absolute URL under the server's origin (the 公示's QR code). */
export const villagePageUrl = (origin: string, token: string) => `${origin}/v/${token}`;

/** A problem report as GET /api/villager-reports answers it (the server's rows and the pages' view of them). */
export interface VillagerReport {
  id: number;
  villageId: number;
  villageName: string;
  townshipName: string;
  kind: ReportKind;
  /** What the villager wrote (plain text, up to REPORT_TEXT_MAX characters); null: nothing. */
  text: string | null;
  state: ReportState;
  /** The bureau's note (required to close). */
  note: string | null;
  createdAt: string;
  handledAt: string | null;
  /** The username of who last changed its state or note (null: nobody yet); handledById its id. */
  handledBy: string | null;
  handledById: number | null;
  /** The screening it names (one of its unit's last 30 days), with the bureau's decision on it; null: none named. */
  screening: {
    id: number;
    startsAt: string;
    teamName: string;
    status: ScreeningStatus;
    /** Its verification state when completed, else null. */
    verification: VerificationState | null;
    /** The bureau's decision on it, else null. */
    decision: ReviewDecision | null;
  } | null;
}
