// The sign-in page: POST /api/session sets the session cookie; then on to `next` (a path on this
// site only, so a crafted link cannot send the reader elsewhere) or the map.
import { initialLang, otherLang, setLang, t, translate } from './i18n/index.js';
import { get, Problem, request } from './shared/http.js';

const form = document.getElementById('login') as HTMLFormElement;
const error = document.getElementById('login-error') as HTMLElement;
const submit = form.querySelector('button[type=submit]') as HTMLButtonElement;
const langButton = document.getElementById('lang') as HTMLButtonElement;

function nextUrl(): string {
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  // Only a local path: '//host' and '/\host' would leave the site.
  return /^\/(?![/\\])/.test(next) ? next : '/';
}

function render() {
  translate();
  document.title = `${t('login.title')} · ${t('app.title')}`;
  langButton.textContent = t('lang.switch');
  langButton.setAttribute('aria-label', t('lang.switchLabel'));
  langButton.lang = otherLang();
}

langButton.addEventListener('click', () => {
  setLang(otherLang());
  render();
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = new FormData(form);
  error.hidden = true;
  submit.disabled = true;
  submit.textContent = t('login.busy');
  try {
    // keepPage: a 401 here is a wrong password, not a reason to come back to this page.
    await request('POST', '/api/session', { body: { username: data.get('username'), password: data.get('password') }, keepPage: true });
    location.assign(nextUrl());
    return;
  } catch (err) {
    const status = err instanceof Problem ? err.status : 0;
    error.textContent = t(status === 401 || status === 400 ? 'login.wrong' : status === 429 ? 'login.tooMany' : 'login.failed');
  }
  error.hidden = false;
  submit.disabled = false;
  submit.textContent = t('login.submit');
  (form.elements.namedItem('password') as HTMLInputElement).select();
});

setLang(initialLang());
render();
// Already signed in (a bookmarked /login): go straight on.
get('/api/session', { keepPage: true }).then(
  () => location.replace(nextUrl()),
  () => undefined,
);
