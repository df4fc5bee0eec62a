// What only the field page asks for: the team's calendar feed, to subscribe the phone to, and the
// team's screenings with whether they are the service worker's kept copy (no network).
import { api, type Screening } from '../shared/api.js';
import { get, query } from '../shared/http.js';

/** The header web/src/sw/worker.ts puts on an answer it gives from its cache because the network failed. */
export const KEPT_HEADER = 'X-Film2131-Kept';

/** A month of the team's screenings, and whether this is the copy the phone kept. */
export async function teamScreenings(params: { month: string; teamId: number }): Promise<{ items: Screening[]; kept: boolean }> {
  const res = await fetch(`/api/screenings?${query({ ...params, limit: 1000 })}`, { headers: { Accept: 'application/json' } });
  // Anything but a plain answer (a sign-in needed, a refusal) goes the shared way, which knows what to do.
  if (!res.ok) return { items: await api.screenings(params), kept: false };
  return { items: ((await res.json()) as { items: Screening[] }).items, kept: res.headers.get(KEPT_HEADER) === '1' };
}

/** The feed's address, or null when the server has none to give. */
export async function calendarLink(teamId: number): Promise<string | null> {
  try {
    const team = await api.team(teamId);
    if (team.calendarUrl) return team.calendarUrl;
    const link = await get<{ path?: string; url?: string; calendarUrl?: string }>(`/api/teams/${teamId}/calendar-link`);
    // The path on this page's own origin: the server may name itself differently behind a proxy.
    if (link.path) return new URL(link.path, location.origin).toString();
    return link.url ?? link.calendarUrl ?? null;
  } catch {
    return null;
  }
}
