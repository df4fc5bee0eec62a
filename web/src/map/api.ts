// The server's JSON, typed as the page uses it. A 401 anywhere sends the reader to the sign-in page.
export type Level = 'administrative' | 'natural';
export type Status = 'covered' | 'planned' | 'overdue' | 'gap';

export interface AppConfig {
  timezone: string;
  tileUrl: string;
  tileAttribution: string;
}

export interface User {
  id: number;
  username: string;
  role: 'admin' | 'bureau' | 'partner';
}

export interface Counts {
  units: number;
  covered: number;
  planned: number;
  overdue: number;
  gap: number;
  coverage: number;
}

export interface Coverage {
  month: string;
  timezone: string;
  level: Level;
  totals: Counts;
  townships: (Counts & { id: number; name: string })[];
}

/** Every village of a level, column by column (one array per field, same order, by id). */
export interface Units {
  level: Level;
  version: string;
  townships: { id: number; name: string }[];
  units: {
    id: number[];
    name: string[];
    code: (string | null)[];
    townshipId: number[];
    kind: string[];
    lat: number[];
    lng: number[];
  };
}

/** One character a unit, in the units' order: c covered, p planned, o overdue, g gap, - not a unit. */
export interface Statuses {
  month: string;
  level: Level;
  version: string;
  statuses: string;
}

export interface VillageDetail {
  id: number;
  name: string;
  townshipId: number;
  townshipName: string;
  kind: string;
  code: string | null;
  status: Status | null;
  screenings: { id: number; startsAt: string; status: string; audience: number | null; filmTitle: string | null; teamName: string }[];
  lastCompleted: { startsAt: string; filmTitle: string | null; teamName: string; audience: number | null } | null;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function toSignIn(): never {
  const next = location.pathname + location.search;
  location.replace(`/login?next=${encodeURIComponent(next)}`);
  throw new HttpError(401, 'not signed in');
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { Accept: 'application/json' }, signal });
  if (res.status === 401) toSignIn();
  if (!res.ok) throw new HttpError(res.status, `${res.status} from ${url}`);
  return (await res.json()) as T;
}

const query = (params: Record<string, string | number | null | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) q.set(k, String(v));
  return q.toString();
};

export const api = {
  config: () => getJson<AppConfig>('/app-config.json'),
  session: () => getJson<{ user: User }>('/api/session'),
  signOut: () => fetch('/api/session', { method: 'DELETE' }),
  coverage: (month: string, level: Level) => getJson<Coverage>(`/api/coverage?${query({ month, level })}`),
  // Positions and names change rarely: the server sends an ETag and the browser revalidates (304).
  units: (level: Level) => getJson<Units>(`/api/coverage/units?${query({ level })}`),
  statuses: (month: string, level: Level) => getJson<Statuses>(`/api/coverage/statuses?${query({ month, level })}`),
  village: (id: number, month: string, level: Level) =>
    getJson<VillageDetail>(`/api/coverage/villages/${id}?${query({ month, level })}`),
};

export const STATUS_BY_CHAR: Record<string, Status | undefined> = { c: 'covered', p: 'planned', o: 'overdue', g: 'gap' };
