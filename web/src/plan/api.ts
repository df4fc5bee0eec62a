// The JSON only the plan page reads: the month's units with their status, the screenings it
// creates, deletes and drafts, and the catalogue the programme picker searches. The shared shapes
// (teams, villages, films, screenings) are in shared/api.ts; what a screening adds for the plan
// (its programme's films, its flags) is typed here.
import type { FilmCategory } from '../../../domain/programme.js';
import type { UnitStatus } from '../../../domain/status.js';
import type { AppConfig, Screening } from '../shared/api.js';
import { get, query, request } from '../shared/http.js';

/** The configuration as the plan reads it: LONG_FILM_MINUTES for the picker's "does it count". */
export type PlanConfig = AppConfig & { longFilmMinutes?: number };

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

/** A film of a programme as a screening answers it (DOMAIN.md "Films and programmes"). */
export interface ProgrammeFilm {
  id: number;
  title: string;
  category: FilmCategory;
  minutes: number | null;
}

/** A film of the catalogue as the picker lists it (GET /api/films). */
export interface CatalogueFilm extends ProgrammeFilm {
  year?: number | null;
  code?: string | null;
  availableFrom?: string | null;
  availableTo?: string | null;
}

export interface Flag {
  code: string;
  severity: 'critical' | 'warning';
  message: string;
  messageZh: string;
}

/** A screening as the plan reads it: the shared shape, its programme and (completed ones) its flags. */
export type PlanScreening = Screening & {
  programme?: number[];
  films?: ProgrammeFilm[];
  repeatReason?: string | null;
  verification?: { state: string; decision?: string | null; flags: Flag[] } | null;
  /** Issue 22 sign-off: its county-month is signed off and locked; nothing of it changes. */
  locked?: boolean;
};

/** Why the planner put a film into a proposed programme (the planner's lane; either shape is read). */
export type ProgrammeReason = 'requested' | 'campaign' | 'science_share' | 'feature' | 'no_qualifying_programme';

export interface DraftItem {
  villageId: number;
  teamId: number;
  startsAt: string;
  filmId?: number | null;
  programme?: number[];
  films?: ProgrammeFilm[];
  /** Per film of the programme, in its order, or keyed by film id. */
  reasons?: ProgrammeReason[] | Record<string, ProgrammeReason> | ProgrammeReason;
  /** With `requested`: `requests`, how many villagers asked for the film. */
  programmeReasons?: { filmId: number | null; reason: ProgrammeReason; requests?: number }[];
  repeatReason?: string;
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

/** What the server keeps of a draft item: the programme names its films, nothing else of them. */
const toAccepted = (i: DraftItem) => ({
  villageId: i.villageId,
  teamId: i.teamId,
  startsAt: i.startsAt,
  programme: i.programme ?? (i.filmId ? [i.filmId] : []),
  ...(i.repeatReason ? { repeatReason: i.repeatReason } : {}),
});

export const planApi = {
  units: async (month: string) =>
    (await get<UnitCollection>(`/api/coverage/villages?${query({ month })}`)).features.map(
      (f): Unit => ({ ...f.properties, lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }),
    ),
  create: (body: Record<string, unknown>, idempotencyKey?: string) => request<PlanScreening>('POST', '/api/screenings', { body, idempotencyKey }),
  remove: (id: number, version: number) => request<void>('DELETE', `/api/screenings/${id}`, { ifMatch: version }),
  draft: (body: { month: string; teamIds?: number[]; from?: string; evenings?: { unavailable: { teamId: number; date: string }[] } }) =>
    request<Draft>('POST', '/api/plans/draft', { body }),
  accept: (month: string, items: DraftItem[]) =>
    request<{ created: PlanScreening[] }>('POST', '/api/plans/accept', { body: { month, items: items.map(toAccepted) } }),
  /** The catalogue's films matching `q`, licensed on `date` (the screening's day in the county). */
  films: async (q: string, date: string | undefined, signal?: AbortSignal) =>
    (await get<{ items: CatalogueFilm[] }>(`/api/films?${query({ q: q || undefined, availableOn: date || undefined, limit: 20 })}`, { signal })).items,
  /** Every screening of one village this user may see, whatever the month (the repeat warning reads them). */
  villageScreenings: async (villageId: number) =>
    (await get<{ items: PlanScreening[] }>(`/api/screenings?${query({ villageId, limit: 1000 })}`)).items,
};
