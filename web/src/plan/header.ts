// The header every partner page shares: links between the pages (and back to the map), the
// language switch and the signed-in user. Links carry the month, team and language along.
import { currentLang, otherLang, setLang } from '../i18n/index.js';
import { byId, h } from '../map/dom.js';
import { api, type User } from './api.js';
import { t, type Key } from './i18n.js';

export type PageName = 'map' | 'plan' | 'report' | 'runsheet';
const PAGES: [PageName, string, Key][] = [
  ['map', '/', 'nav.map'],
  ['plan', '/plan', 'nav.plan'],
  ['report', '/report', 'nav.report'],
  ['runsheet', '/runsheet', 'nav.runsheet'],
];

export interface Header {
  render(context: { month?: string; teamId?: number | null }): void;
}

export function setupHeader(current: PageName, user: User, onLangChange: () => void): Header {
  const nav = byId('page-nav');
  const lang = byId<HTMLButtonElement>('lang');
  const userEl = byId('user');
  let context: { month?: string; teamId?: number | null } = {};

  function render(next = context) {
    context = next;
    nav.replaceChildren(
      ...PAGES.map(([name, path, key]) => {
        const q = new URLSearchParams();
        if (context.month && name !== 'report') q.set('month', context.month);
        if (context.teamId && (name === 'runsheet' || name === 'report')) q.set('teamId', String(context.teamId));
        q.set('lang', currentLang());
        return h('a', { href: `${path}?${q}`, 'aria-current': name === current ? 'page' : undefined, 'data-page': name }, t(key));
      }),
    );
    nav.setAttribute('aria-label', t('nav.pages'));
    lang.textContent = t('lang.switch');
    lang.setAttribute('aria-label', t('lang.switchLabel'));
    lang.lang = otherLang();
    userEl.textContent = user.username;
    userEl.title = t('nav.signedInAs', { name: user.username });
  }

  lang.addEventListener('click', () => {
    setLang(otherLang());
    const url = new URL(location.href);
    url.searchParams.set('lang', currentLang());
    history.replaceState(null, '', url);
    render();
    onLangChange();
  });
  byId('sign-out').addEventListener('click', async () => {
    await api.signOut();
    location.assign('/login');
  });
  return { render };
}
