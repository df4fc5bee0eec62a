// The sign-in page: POST /api/session sets the session cookie; then on to `next` (a path on this
// site only, so a crafted link cannot send the reader elsewhere) or the map.
import { initialLang, otherLang, setLang, t, translate } from './i18n/index.js';

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
    const res = await fetch('/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
    });
    if (res.ok) {
      location.assign(nextUrl());
      return;
    }
    error.textContent = t(res.status === 401 || res.status === 400 ? 'login.wrong' : res.status === 429 ? 'login.tooMany' : 'login.failed');
  } catch {
    error.textContent = t('login.failed');
  }
  error.hidden = false;
  submit.disabled = false;
  submit.textContent = t('login.submit');
  (form.elements.namedItem('password') as HTMLInputElement).select();
});

setLang(initialLang());
render();
// Already signed in (a bookmarked /login): go straight on.
void fetch('/api/session', { headers: { Accept: 'application/json' } }).then((res) => {
  if (res.ok) location.replace(nextUrl());
});
