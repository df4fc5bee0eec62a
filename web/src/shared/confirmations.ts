// The villagers' confirmation link of each screening (GET /api/screenings/:id/confirmation), for
// the QR codes of the field page and the run sheet: a few requests at a time.
import { get } from './http.js';

/** The links of `ids` that came; one that failed (offline, refused) is left out. */
export async function confirmationUrls(ids: readonly number[], parallel = 4): Promise<Map<number, string>> {
  const queue = [...ids];
  const got = new Map<number, string>();
  const next = async (): Promise<void> => {
    const id = queue.shift();
    if (id === undefined) return;
    try {
      got.set(id, (await get<{ url: string }>(`/api/screenings/${id}/confirmation`, { keepPage: true })).url);
    } catch {
      // Asked again next time.
    }
    return next();
  };
  await Promise.all(Array.from({ length: parallel }, next));
  return got;
}
