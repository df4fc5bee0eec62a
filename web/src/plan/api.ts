// The JSON only the plan page reads: the month's units with their status, and the
// screenings it creates, deletes and drafts. The shared shapes (teams, villages, films, screenings) are in
// shared/api.ts.
import type { UnitStatus } from '../../../domain/status.js';
import type { Screening } from '../shared/api.js';
import { get, query, request } from '../shared/http.js';

/** One unit of the month from /api/coverage/villages. */
export interface Unit {
  id: number;
  name: string;
  townshipId: number;
  townshipName: string;
  status: UnitStatus;
  screenings: number;
  lat: number;
  lng: number;
}
export interface DraftItem {
  villageId: number;
  teamId: number;
  startsAt: string;
  filmId?: number | null;
}
export interface Draft {
  month: string;
  items: DraftItem[];
  uncovered: number[];
  routeKm: number;
}

interface UnitCollection {
  features: { geometry: { coordinates: [number, number] }; properties: Omit<Unit, 'lat' | 'lng'> }[];
}

export const planApi = {
  units: async (month: string) =>
    (await get<UnitCollection>(`/api/coverage/villages?${query({ month })}`)).features.map(
      (f): Unit => ({ ...f.properties, lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }),
    ),
  create: (body: Record<string, unknown>, idempotencyKey?: string) => request<Screening>('POST', '/api/screenings', { body, idempotencyKey }),
  remove: (id: number, version: number) => request<void>('DELETE', `/api/screenings/${id}`, { ifMatch: version }),
  draft: (body: { month: string; teamIds?: number[]; from?: string; evenings?: { unavailable: { teamId: number; date: string }[] } }) =>
    request<Draft>('POST', '/api/plans/draft', { body }),
  accept: (month: string, items: DraftItem[]) => request<{ created: Screening[] }>('POST', '/api/plans/accept', { body: { month, items } }),
};
