// The server's JSON that more than one page reads, typed as the pages use it: the signed-in user
// and the public configuration, the coverage counts, and the partner's teams, films and screenings.
import type { FilmCategory } from '../../../domain/programme.js';
import { screeningUnitStatus, type ScreeningStatus, type UnitCounts, type UnitStatus } from '../../../domain/status.js';
import type { VillageKind } from '../../../domain/units.js';
import { get, query, request, type RequestOptions } from './http.js';
import type { TileLayerSpec } from '../../../domain/base-map.js';

export type Role = 'admin' | 'bureau' | 'partner' | 'projectionist';

export interface User {
  id: number;
  username: string;
  role: Role;
  /** A partner's company; a projectionist's team's. */
  partnerId: number | null;
  /** A projectionist's one team (DOMAIN.md); null for every other role. */
  teamId: number | null;
}

export type { TileLayerSpec };

/** The deployment's base map, and what the phone page keeps of it for use without signal. */
export interface BaseMap {
  preset: string;
  layers: TileLayerSpec[];
  offline: { maxBytes: number; minZoom: number; maxZoom: number };
}

export interface AppConfig {
  timezone: string;
  baseMap?: BaseMap;
  /** The hours around a start in which a position fix backs a screening (FIX_TIME_BEFORE_HOURS, FIX_TIME_AFTER_HOURS). */
  fixWindow?: { beforeHours: number; afterHours: number };
}

/** A month's coverage of a county or a township, as /api/coverage answers it. */
export type Counts = UnitCounts & { coverage: number };

export interface Team {
  id: number;
  name: string;
  partnerId: number;
  baseVillageId: number | null;
  phone: string | null;
  calendarUrl?: string;
}

export interface Film {
  id: number;
  title: string;
  category: FilmCategory;
  minutes: number | null;
}

export interface Village {
  id: number;
  name: string;
  townshipId: number;
  townshipName: string;
  kind: VillageKind;
  parentId: number | null;
  code: string | null;
  lat: number;
  lng: number;
}

export interface Screening {
  id: number;
  villageId: number;
  villageName: string;
  /** The village's position (absent from a copy a phone kept before positions came with screenings). */
  villageLat?: number;
  villageLng?: number;
  townshipId: number;
  teamId: number;
  teamName: string;
  filmId: number | null;
  filmTitle: string | null;
  /** The programme's film ids in order (DOMAIN.md "Films and programmes"); `filmId` is its first. */
  programme: number[];
  films: ProgrammeFilm[];
  repeatReason: string | null;
  startsAt: string;
  status: ScreeningStatus;
  audience: number | null;
  cancelReason: string | null;
  notes: string | null;
  version: number;
}

/** A film of a screening's programme, as the screening's answer carries it. */
export interface ProgrammeFilm {
  id: number;
  title: string;
  category: FilmCategory;
  minutes: number | null;
}

export const api = {
  config: () => get<AppConfig>('/app-config.json'),
  session: () => get<{ user: User }>('/api/session'),
  signOut: () => request<void>('DELETE', '/api/session', { keepPage: true }),
  teams: async () => (await get<{ items: Team[] }>('/api/teams?limit=1000')).items,
  team: (id: number) => get<Team>(`/api/teams/${id}`),
  villages: async () => (await get<{ items: Village[] }>('/api/villages?limit=1000')).items,
  films: async () => (await get<{ items: Film[] }>('/api/films?limit=1000')).items,
  screenings: async (params: { month?: string; teamId?: number }, opts: Omit<RequestOptions, 'body'> = {}) =>
    (await get<{ items: Screening[] }>(`/api/screenings?${query({ ...params, limit: 1000 })}`, opts)).items,
  screening: (id: number, opts: Omit<RequestOptions, 'body'> = {}) => get<Screening>(`/api/screenings/${id}`, opts),
  /** A change made on `version`: the server refuses it (412) when someone changed the screening since. */
  updateScreening: (id: number, version: number, change: Record<string, unknown>, opts: RequestOptions = {}) =>
    request<Screening>('PATCH', `/api/screenings/${id}`, { ...opts, body: change, ifMatch: version }),
};

/** What a screening shows its reader: the status it gives its unit now (DOMAIN.md), or cancelled. */
export type Shown = Exclude<UnitStatus, 'gap'> | 'cancelled';
export const shownStatus = (s: Pick<Screening, 'status' | 'startsAt'>, now = Date.now()): Shown =>
  s.status === 'cancelled' ? 'cancelled' : (screeningUnitStatus(s, now) as Shown);

/** A fresh Idempotency-Key. */
export const newKey = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
