// GET /api/review and the bureau's decisions, typed as the review page uses them.
import type { FlagCode, RelatedScreening, Severity } from '../../../domain/evidence.js';
import type { ReviewDecision, VerificationState } from '../../../domain/status.js';
import { get, query, request } from '../shared/http.js';
import type { Screening } from '../shared/api.js';

export interface FlagAnswer {
  code: FlagCode;
  severity: Severity;
  params: Record<string, string | number | boolean>;
  /** The other screening a duplicate_photo or impossible_travel names; null: one this reader may not see. */
  related?: RelatedScreening | null;
  message: string;
  messageZh: string;
}

export interface Verification {
  state: VerificationState;
  decision: ReviewDecision | null;
  reason: string | null;
  reviewedAt: string | null;
  flags: FlagAnswer[];
}

export interface Fix {
  id: number;
  kind: 'report' | 'arrival';
  lat: number;
  lng: number;
  accuracy: number;
  takenAt: string;
}

/** A queued screening: the screening's own fields, and the evidence the queue adds. */
export interface ReviewItem extends Pick<Screening, 'id' | 'villageId' | 'villageName' | 'townshipId' | 'teamId' | 'teamName' | 'filmTitle' | 'films' | 'startsAt' | 'audience'> {
  reportedAt: string | null;
  /** Its county-month is signed off and locked: no decision of it changes (409 period-locked). */
  locked?: boolean;
  verification: Verification | null;
  village: { lat: number; lng: number; approximate: boolean };
  fixes: Fix[];
  photos: { id: number; takenAt: string | null; width: number; height: number; url: string }[];
  confirmations: {
    count: number;
    ratings: number[];
    averageRating: number | null;
    comments: { rating: number | null; comment: string; createdAt: string }[];
  };
}

export interface Queue {
  items: ReviewItem[];
  total: number;
}

export const reviewApi = {
  queue: (params: Record<string, string | number>, signal?: AbortSignal) => get<Queue>(`/api/review?${query(params)}`, { signal }),
  decide: (id: number, decision: ReviewDecision | null, reason: string | null) =>
    request<ReviewItem>('POST', `/api/screenings/${id}/review`, { body: { decision, reason } }),
  recheck: (month: string) => request<{ month: string; checked: number; changed: number }>('POST', '/api/review/recheck', { body: { month } }),
  acceptAll: (ids: number[]) => request<{ accepted: number; ids: number[] }>('POST', '/api/review/accept', { body: { ids, reason: null } }),
  townships: async () => (await get<{ items: { id: number; name: string }[] }>('/api/townships?limit=1000')).items,
};
