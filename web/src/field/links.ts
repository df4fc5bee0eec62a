// The villagers' confirmation links of the team's screenings, kept on the phone (localStorage):
// the QR code is shown in a village that may have no signal, so the link must be here before.
// A screening's link never changes (its token is made with it).
import { confirmationUrls } from '../shared/confirmations.js';

const STORE = 'film2131.report.links';

function read(): Record<string, string> {
  try {
    const kept = JSON.parse(localStorage.getItem(STORE) ?? '{}') as unknown;
    return kept && typeof kept === 'object' ? (kept as Record<string, string>) : {};
  } catch {
    return {};
  }
}

const links = read();

export const confirmationLink = (screeningId: number): string | undefined => links[screeningId];

/** Fetches the links this phone does not have yet; answers whether any came. */
export async function keepLinks(ids: readonly number[]): Promise<boolean> {
  const got = await confirmationUrls(ids.filter((id) => !links[id]));
  if (!got.size) return false;
  for (const [id, url] of got) links[id] = url;
  try {
    localStorage.setItem(STORE, JSON.stringify(links));
  } catch {
    // Full storage: kept for this visit.
  }
  return true;
}
