// The sign-in page: POST /api/session sets the session cookie; then on to `next` (a path on this
// site only, so a crafted link cannot send the reader elsewhere) or the map (a projectionist: its phone report page). An empty username or
// password is not sent: the page asks for it.
import { initialLang, otherLang, setLang, t, translate, type MessageKey } from './i18n/index.js';
import { get, Problem, request } from './shared/http.js';
import type { Role, User } from './shared/api.js';

const form = document.getElementById('login') as HTMLFormElement;
const error = document.getElementById('login-error') as HTMLElement;
const submit = form.querySelector('button[type=submit]') as HTMLButtonElement;
const langButton = document.getElementById('lang') as HTMLButtonElement;
const inputs = { username: document.getElementById('username') as HTMLInputElement, password: document.getElementById('password') as HTMLInputElement };
/** What the error line says, kept so a switch of language says it again. */
let said: MessageKey | null = null;

function nextUrl(role?: Role): string {
  const asked = new URLSearchParams(location.search).get('next') ?? '/';
  // Only a local path: '//host' and '/\host' would leave the site.
  const next = /^\/(?![/\\])/.test(asked) ? asked : '/';
  // A projectionist's account has one page: its team's phone report.
  return role === 'projectionist' && !/^\/report(?:[?#]|$)/.test(next) ? '/report' : next;
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
    const { user } = await request<{ user: User }>('POST', '/api/session', { body: { username, password }, keepPage: true });
    location.assign(nextUrl(user.role));
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
get<{ user: User }>('/api/session', { keepPage: true }).then(
  ({ user }) => location.replace(nextUrl(user.role)),
  () => undefined,
);
