import { perHeader } from './per-header.js';

// The language of a request's answers (problem+json titles, details and field messages): the
// first language of its Accept-Language (RFC 9110, by q-value) that the server speaks — any `zh`
// is Simplified Chinese — else English, so scripts that match the English messages keep working.

export type Lang = 'en' | 'zh-CN';

/** The language to answer in, from an Accept-Language header (absent or unknown: English). */
export function negotiateLang(header: string | undefined): Lang {
  if (!header) return 'en';
  const ranges = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((r) => r.tag && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    if (r.tag === 'zh' || r.tag.startsWith('zh-')) return 'zh-CN';
    if (r.tag === 'en' || r.tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

/** The request's language (each Accept-Language value negotiated once: ./per-header.ts). */
export const langOf = perHeader('accept-language', (req): Lang => negotiateLang(req.get('accept-language')));
