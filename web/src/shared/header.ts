// The top bar of every signed-in page, one component: the page's title, links to the pages the
// reader's role may use, the language switch, the user and sign-out. A page's HTML holds only
// <header id="app-header" class="topbar"> with its own controls inside; startPage() adds the rest
// around them. Links carry the month and team along to the pages that read them.
import { currentLang, initialLang, otherLang, setLang, t, translate, type MessageKey } from '../i18n/index.js';
import { DATA_CACHE } from '../sw/names.js';
import { api, type AppConfig, type Role, type User } from './api.js';
import { byId, h } from './dom.js';

export type PageName = 'map' | 'plan' | 'report' | 'runsheet' | 'registry' | 'films' | 'reports' | 'review' | 'setup' | 'villagers' | 'periods'
  // issue 22 statements
  | 'statements';

interface PageEntry {
  name: PageName;
  href: string;
  nav: MessageKey;
  title: MessageKey;
  roles: readonly Role[];
  /** The query parameters the page reads, carried along by the links to it. */
  takes: readonly (keyof Links)[];
}

const everyone = ['admin', 'bureau', 'partner'] as const;

/** Every page, in the order of the navigation, with the roles that may use it. */
export const pages: readonly PageEntry[] = [
  { name: 'map', href: '/', nav: 'nav.map', title: 'app.title', roles: everyone, takes: ['month'] },
  { name: 'plan', href: '/plan', nav: 'nav.plan', title: 'plan.title', roles: ['admin', 'partner'], takes: ['month'] },
  // A projectionist's account works this page alone, for its one team.
  { name: 'report', href: '/report', nav: 'nav.report', title: 'report.title', roles: ['admin', 'partner', 'projectionist'], takes: ['teamId'] },
  { name: 'runsheet', href: '/runsheet', nav: 'nav.runsheet', title: 'runsheet.title', roles: ['admin', 'partner'], takes: ['month', 'teamId'] },
  { name: 'registry', href: '/registry', nav: 'nav.registry', title: 'registry.title', roles: ['admin', 'bureau'], takes: [] },
  // The national catalogue: the bureau and the admin keep it, a partner reads it to order its films.
  { name: 'films', href: '/films', nav: 'catalogue.nav', title: 'catalogue.title', roles: everyone, takes: [] },
  // A partner reads the programme report (its own teams') there, and nothing else of it.
  { name: 'reports', href: '/reports', nav: 'nav.reports', title: 'reports.title', roles: ['admin', 'bureau', 'partner'], takes: ['month'] },
  // The bureau decides; a partner reads its own teams' flags there, to add what is missing.
  { name: 'review', href: '/review', nav: 'review.nav', title: 'review.title', roles: everyone, takes: ['month'] },
  // issue 22 sign-off: partners submit a county's month, the bureaus approve, return or reopen it.
  { name: 'periods', href: '/periods', nav: 'periods.nav', title: 'periods.title', roles: ['admin', 'bureau', 'partner'], takes: ['month'] },
  // The villagers' problem reports (DOMAIN.md "Villagers' voice"): the bureau handles them.
  { name: 'villagers', href: '/villagers', nav: 'villagers.nav', title: 'villagers.title', roles: ['admin', 'bureau'], takes: ['month'] },
  // issue 22 statements: the settlement statements of a county's payment rounds.
  { name: 'statements', href: '/statements', nav: 'statements.nav', title: 'statements.title', roles: ['admin', 'bureau'], takes: [] },
  // Each role its sections: the admin all, the bureau partners and films, a partner its own teams
  // and their projectionists' accounts.
  { name: 'setup', href: '/setup', nav: 'nav.setup', title: 'setup.title', roles: everyone, takes: [] },
];

export const pagesFor = (role: Role) => pages.filter((p) => p.roles.includes(role));

/** What the page shows now, for the links: no month means the current one. */
export interface Links {
  month?: string | null;
  teamId?: number | null;
}

export interface Page {
  user: User;
  config: AppConfig;
  /** Redraws the links with what the page now shows. */
  links(next: Links): void;
}

/**
 * Starts a signed-in page: the language, the top bar, then the user and the configuration (a
 * reader without a session goes to the sign-in page and back). `onLangChange` redraws the page's
 * own text after the switch.
 */
export async function startPage(name: PageName, onLangChange: () => void): Promise<Page> {
  setLang(initialLang());
  const entry = pages.find((p) => p.name === name)!;
  const header = byId('app-header');
  const title = h('h1', {});
  const subtitle = h('p', { class: 'subtitle' });
  const nav = h('nav', { id: 'app-nav', class: 'app-nav' });
  const lang = h('button', { type: 'button', id: 'lang', class: 'link-button' });
  const userEl = h('span', { id: 'user', class: 'user' });
  const signOut = h('button', { type: 'button', id: 'sign-out', class: 'link-button' });
  header.prepend(h('div', { class: 'brand' }, title, subtitle));
  header.append(nav, h('div', { class: 'session' }, lang, userEl, signOut));
  header.dataset.page = name;

  let user: User | null = null;
  let links: Links = {};
  let refused: HTMLElement | null = null;

  function render() {
    title.textContent = t(entry.title);
    subtitle.textContent = t('app.subtitle');
    document.title = entry.title === 'app.title' ? t('app.title') : `${t(entry.title)} · ${t('app.title')}`;
    nav.setAttribute('aria-label', t('nav.label'));
    nav.replaceChildren(...(user ? navLinks(user, links, name) : []));
    lang.textContent = t('lang.switch');
    // Its name is what it shows ("English", in English: lang below), the purpose its description.
    lang.title = t('lang.switchLabel');
    lang.lang = otherLang();
    userEl.textContent = user?.username ?? '';
    userEl.title = user ? t('nav.signedInAs', { name: user.username }) : '';
    signOut.textContent = t('nav.signOut');
    if (refused) {
      const roles = entry.roles.map((r) => t(`role.${r}`));
      refused.textContent = t('page.forbiddenFor', { roles: new Intl.ListFormat(currentLang(), { type: 'conjunction' }).format(roles) });
    }
  }

  lang.addEventListener('click', () => {
    setLang(otherLang());
    const url = new URL(location.href);
    url.searchParams.set('lang', currentLang());
    history.replaceState(history.state, '', url);
    render();
    translate();
    onLangChange();
  });
  signOut.addEventListener('click', () => void signOutAndLeave());

  render(); // the title and the switch at once; the links once the user is known
  const [config, session] = await Promise.all([api.config(), api.session()]);
  user = session.user;
  if (!entry.roles.includes(user.role)) {
    refused = refusal(header);
    render();
    translate();
    // The page's own script stops here (its top-level await never returns): none of its
    // controls are drawn, none of the writes its role would be refused are offered.
    return new Promise<never>(() => undefined);
  }
  render();
  translate();
  return {
    user,
    config,
    links(next) {
      links = next;
      render();
    },
  };
}

/** The pages the user's role uses, each with what the page now shows (the month, the team) that it takes. */
function navLinks(user: User, links: Links, current: PageName) {
  return pagesFor(user.role).map((p) => {
    const q = new URLSearchParams();
    for (const k of p.takes) if (links[k]) q.set(k, String(links[k]));
    const href = q.toString() ? `${p.href}?${q}` : p.href;
    return h('a', { href, 'data-page': p.name, 'aria-current': p.name === current ? 'page' : undefined }, t(p.nav));
  });
}

async function signOutAndLeave() {
  await api.signOut().catch(() => undefined);
  // The field page's worker keeps this user's last answers for use without signal: not for the next one.
  if ('caches' in window) await caches.delete(DATA_CACHE).catch(() => false);
  location.assign('/login');
}

/**
 * A page the reader's role may not use (opened by its address: the navigation does not link it):
 * the plain message in place of the page, its own controls gone.
 */
function refusal(header: HTMLElement): HTMLElement {
  const note = h('p', { id: 'forbidden', class: 'error page-error', role: 'alert' });
  header.querySelector('.controls')?.remove();
  for (const el of document.body.children) if (el !== header && el instanceof HTMLElement) el.hidden = true;
  header.after(note);
  document.body.dataset.state = 'forbidden';
  return note;
}
