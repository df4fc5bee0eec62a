// A page's update(): fetch, then draw, with <body data-state> telling the reader (and the tests)
// loading, ready or error. Only the latest call draws: an answer that arrives after a newer call
// began is dropped (`stale()` says so), so a quick run of changes ends on the last one.

import { t } from '../i18n/index.js';

export type Stale = () => boolean;

/** What a page says when its data could not be loaded, with the reason. */
export const loadFailedText = (err: unknown) => `${t('page.loadFailed')} (${err instanceof Error ? err.message : String(err)})`;

export function latestOnly<A extends unknown[]>(draw: (stale: Stale, ...args: A) => Promise<void>, failed: (err: unknown) => void) {
  let sequence = 0;
  return async (...args: A): Promise<void> => {
    const mine = ++sequence;
    const stale = () => mine !== sequence;
    document.body.dataset.state = 'loading';
    try {
      await draw(stale, ...args);
      if (!stale()) document.body.dataset.state = 'ready';
    } catch (err) {
      if (stale()) return;
      console.error(err);
      failed(err);
      document.body.dataset.state = 'error';
    }
  };
}
