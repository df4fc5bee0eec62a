// The frame shared by the registry and reports pages: the language (URL, then this browser,
// then Chinese, as on the map), the signed-in user, the language switch and sign-out in the
// header. A reader without a session is sent to the sign-in page and back.
import { initialLang, otherLang, setLang, t as mapT } from '../i18n/index.js';
import { api, type AppConfig, type User } from '../map/api.js';
import { byId } from '../map/dom.js';
import { renderNav } from '../shared/nav.js';

export interface Shell {
  user: User;
  config: AppConfig;
  /** Fills the header in the current language; the page calls it from its own render(). */
  renderHeader(): void;
}

export async function startShell(current: string, onLangChange: () => void): Promise<Shell> {
  setLang(initialLang());
  const [config, { user }] = await Promise.all([api.config(), api.session()]);
  const langButton = byId<HTMLButtonElement>('lang');
  const userEl = byId('user');

  function renderHeader() {
    renderNav(byId('app-nav'), user.role, current);
    userEl.textContent = user.username;
    userEl.title = mapT('nav.signedInAs', { name: user.username });
    langButton.textContent = mapT('lang.switch');
    langButton.setAttribute('aria-label', mapT('lang.switchLabel'));
    langButton.lang = otherLang();
  }

  langButton.addEventListener('click', () => {
    setLang(otherLang());
    const url = new URL(location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', document.documentElement.lang);
      history.replaceState(history.state, '', url);
    }
    onLangChange();
  });
  byId('sign-out').addEventListener('click', async () => {
    await api.signOut();
    location.assign('/login');
  });
  return { user, config, renderHeader };
}
