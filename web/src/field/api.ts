// The one address only the field page asks for: the team's calendar feed, to subscribe the phone to.
import { api } from '../shared/api.js';
import { get } from '../shared/http.js';

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
