// The server's JSON as the partner's pages use it. Errors come back as ApiError carrying the
// problem+json body, so a page can say what went wrong and what to do; a 401 on a read sends the
// reader to the sign-in page.
import { toSignIn } from '../map/api.js';

export interface Problem {
  title?: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export type ScreeningStatus = 'scheduled' | 'completed' | 'cancelled';

export interface User {
  id: number;
  username: string;
  role: 'admin' | 'bureau' | 'partner';
  partnerId: number | null;
}
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
  category: string;
  minutes: number | null;
}
export interface Village {
  id: number;
  name: string;
  townshipId: number;
  townshipName: string;
  kind: 'administrative' | 'natural';
  parentId: number | null;
  lat: number;
  lng: number;
}
export interface Screening {
  id: number;
  villageId: number;
  villageName: string;
  townshipId: number;
  teamId: number;
  teamName: string;
  filmId: number | null;
  filmTitle: string | null;
  startsAt: string;
  status: ScreeningStatus;
  audience: number | null;
  cancelReason: string | null;
  notes: string | null;
  version: number;
}
/** One unit of the month from /api/coverage/villages. */
export interface Unit {
  id: number;
  name: string;
  townshipId: number;
  townshipName: string;
  status: 'covered' | 'planned' | 'overdue' | 'gap';
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
export interface RunsheetRow {
  startsAt: string;
  villageName: string;
  townshipName: string | null;
  filmTitle: string | null;
  contact: string | null;
  status: ScreeningStatus;
}
export interface Runsheet {
  team: Team;
  month: string;
  rows: RunsheetRow[];
}
export interface AppConfig {
  timezone: string;
}

export interface SendOptions {
  ifMatch?: number;
  idempotencyKey?: string;
  /** On a 401 throw (a queued report keeps waiting) rather than leave for the sign-in page. */
  keepPage?: boolean;
}

export async function request<T>(method: string, url: string, body?: unknown, opts: SendOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.ifMatch !== undefined) headers['If-Match'] = `"${opts.ifMatch}"`;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401 && !opts.keepPage) toSignIn();
  if (!res.ok) {
    let problem: Problem = { status: res.status };
    try {
      problem = { ...((await res.json()) as Problem), status: res.status };
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    throw new ApiError(res.status, problem);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const get = <T>(url: string) => request<T>('GET', url);
const q = (params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') s.set(k, String(v));
  return s.toString();
};

interface GapCollection {
  features: { geometry: { coordinates: [number, number] }; properties: Omit<Unit, 'lat' | 'lng'> }[];
}

export const api = {
  config: () => get<AppConfig>('/app-config.json'),
  session: () => get<{ user: User }>('/api/session'),
  signOut: () => fetch('/api/session', { method: 'DELETE' }),
  teams: async () => (await get<{ items: Team[] }>('/api/teams?limit=1000')).items,
  team: (id: number) => get<Team>(`/api/teams/${id}`),
  films: async () => (await get<{ items: Film[] }>('/api/films?limit=1000')).items,
  villages: async () => (await get<{ items: Village[] }>('/api/villages?limit=1000')).items,
  units: async (month: string) =>
    (await get<GapCollection>(`/api/coverage/villages?${q({ month })}`)).features.map(
      (f): Unit => ({ ...f.properties, lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }),
    ),
  screenings: async (params: { month?: string; teamId?: number }) =>
    (await get<{ items: Screening[] }>(`/api/screenings?${q({ ...params, limit: 1000 })}`)).items,
  screening: (id: number) => get<Screening>(`/api/screenings/${id}`),
  create: (body: Record<string, unknown>, idempotencyKey?: string) => request<Screening>('POST', '/api/screenings', body, { idempotencyKey }),
  update: (id: number, version: number, body: Record<string, unknown>, opts: SendOptions = {}) =>
    request<Screening>('PATCH', `/api/screenings/${id}`, body, { ...opts, ifMatch: version }),
  remove: (id: number, version: number) => request<void>('DELETE', `/api/screenings/${id}`, undefined, { ifMatch: version }),
  draft: (body: { month: string; teamIds?: number[]; from?: string; evenings?: { unavailable: { teamId: number; date: string }[] } }) =>
    request<Draft>('POST', '/api/plans/draft', body),
  accept: (month: string, items: DraftItem[]) => request<{ created: Screening[] }>('POST', '/api/plans/accept', { month, items }),
  runsheet: (teamId: number, month: string) => get<Runsheet>(`/api/plans/runsheet?${q({ teamId, month })}`),
  calendarLink: async (teamId: number): Promise<string | null> => {
    try {
      const team = await get<Team>(`/api/teams/${teamId}`);
      if (team.calendarUrl) return team.calendarUrl;
      const link = await get<{ path?: string; url?: string; calendarUrl?: string }>(`/api/teams/${teamId}/calendar-link`);
      // The path on this page's own origin: the server may name itself differently behind a proxy.
      if (link.path) return new URL(link.path, location.origin).toString();
      return link.url ?? link.calendarUrl ?? null;
    } catch {
      return null;
    }
  },
};

/** The status a reader sees: a scheduled screening whose start has passed is overdue. */
export type Shown = 'covered' | 'planned' | 'overdue' | 'cancelled';
export function shownStatus(s: Pick<Screening, 'status' | 'startsAt'>, now = Date.now()): Shown {
  if (s.status === 'completed') return 'covered';
  if (s.status === 'cancelled') return 'cancelled';
  return new Date(s.startsAt).getTime() < now ? 'overdue' : 'planned';
}

export const newKey = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
