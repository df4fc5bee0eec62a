// The sign-in page: POST /api/session sets the session cookie; then on to `next` (a path on this
// site only, so a crafted link cannot send the reader elsewhere) or the map. An empty username or
// password is not sent: the page asks for it.
import { initialLang, otherLang, setLang, t, translate, type MessageKey } from './i18n/index.js';
import { get, Problem, request } from './shared/http.js';

const form = document.getElementById('login') as HTMLFormElement;
const error = document.getElementById('login-error') as HTMLElement;
const submit = form.querySelector('button[type=submit]') as HTMLButtonElement;
const langButton = document.getElementById('lang') as HTMLButtonElement;
const inputs = { username: document.getElementById('username') as HTMLInputElement, password: document.getElementById('password') as HTMLInputElement };
/** What the error line says, kept so a switch of language says it again. */
let said: MessageKey | null = null;

function nextUrl(): string {
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  // Only a local path: '//host' and '/\host' would leave the site.
  return /^\/(?![/\\])/.test(next) ? next : '/';
}

function render() {
  translate();
  document.title = `${t('login.title')} · ${t('app.title')}`;
  langButton.textContent = t('lang.switch');
  langButton.title = t('lang.switchLabel'); // the name is what it shows (WCAG 2.5.3)
  langButton.lang = otherLang();
  if (said) error.textContent = t(said);
}

/** The error line says `key` (nothing: hidden); `field`, the input it is about, is marked and focused. */
function say(key: MessageKey | null, field?: HTMLInputElement) {
  said = key;
  error.hidden = !key;
  error.textContent = key ? t(key) : '';
  for (const input of Object.values(inputs)) {
    if (input === field) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  field?.focus();
}

langButton.addEventListener('click', () => {
  setLang(otherLang());
  render();
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const username = inputs.username.value.trim();
  const password = inputs.password.value;
  if (!username) return say('login.needUsername', inputs.username);
  if (!password) return say('login.needPassword', inputs.password);
  say(null);
  submit.disabled = true;
  submit.textContent = t('login.busy');
  try {
    // keepPage: a 401 here is a wrong password, not a reason to come back to this page.
    await request('POST', '/api/session', { body: { username, password }, keepPage: true });
    location.assign(nextUrl());
    return;
  } catch (err) {
    const status = err instanceof Problem ? err.status : 0;
    const disabled = err instanceof Problem && /\/account-disabled$/.test(err.body.type ?? '');
    say(disabled ? 'login.disabled' : status === 401 || status === 400 ? 'login.wrong' : status === 429 ? 'login.tooMany' : 'login.failed');
  }
  submit.disabled = false;
  submit.textContent = t('login.submit');
  inputs.password.select();
});

setLang(initialLang());
render();
// Already signed in (a bookmarked /login): go straight on.
get('/api/session', { keepPage: true }).then(
  () => location.replace(nextUrl()),
  () => undefined,
);
