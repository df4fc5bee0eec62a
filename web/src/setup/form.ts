// One form of the setup page: it adds a record, or changes the one picked from the list (edit
// mode: its own title and button, a cancel). What the server refuses is shown where it belongs:
// each problem+json error next to the field it names (`.field[data-path]`), the rest below the
// form. The forms send what the reader typed and let the server judge it, so the rules live in
// one place; the server says its refusals in the page's language (the Accept-Language of
// shared/http.ts).
import { t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';

export interface FormSpec<T> {
  /** Its messages' prefix: `<section>.new` titles the form when it adds a record, `<section>.add` is its button. */
  section: 'contracts' | 'county' | 'films' | 'partners' | 'teams' | 'users';
  /** The title when it changes `record`. */
  editTitle(record: T): string;
  /** Puts the record's values in the inputs, or empties them for a new one. */
  fill(record: T | null): void;
  /** Sends the form; answers what to say (in the reader's language of the moment) when it is stored. */
  send(editing: T | null): Promise<() => string>;
  /** After a store: the lists read again. */
  saved(): Promise<void>;
}

export class RecordForm<T> {
  editing: T | null = null;
  private readonly title: HTMLElement;
  private readonly submit: HTMLButtonElement;
  private readonly cancel: HTMLButtonElement;
  private readonly status: HTMLElement;
  /** What the line below the form says, as a function of the language. */
  private said: (() => string) | null = null;

  constructor(
    readonly form: HTMLFormElement,
    private readonly spec: FormSpec<T>,
  ) {
    // The form's HTML holds its fields; the title, the buttons and the line below are the same in every form.
    this.title = h('h3', { class: 'form-title' });
    this.submit = h('button', { type: 'submit', class: 'primary' });
    this.cancel = h('button', { type: 'button', class: 'cancel' });
    this.status = h('p', { class: 'form-status', role: 'status' });
    form.prepend(this.title);
    form.append(h('div', { class: 'form-actions' }, this.submit, this.cancel), this.status);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
    this.cancel.addEventListener('click', () => this.edit(null));
    this.render();
  }

  /** Edit mode for `record`, or back to adding one. */
  edit(record: T | null) {
    this.editing = record;
    this.spec.fill(record);
    clearErrors(this.form);
    this.say(null);
    this.render();
    if (record) {
      this.form.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      [...this.form.querySelectorAll<HTMLElement>('.field input, .field select')].find(shown)?.focus({ preventScroll: true });
    }
  }

  /** The title, the button and the line below in the reader's language (the field errors as the server said them, in the language of their request). */
  render() {
    this.title.textContent = this.editing ? this.spec.editTitle(this.editing) : t(`${this.spec.section}.new`);
    this.submit.textContent = t(this.editing ? 'setup.save' : `${this.spec.section}.add`);
    this.cancel.textContent = t('setup.cancel');
    this.cancel.hidden = !this.editing;
    this.form.dataset.mode = this.editing ? 'edit' : 'new';
    this.status.textContent = this.said?.() ?? '';
  }

  /** A line below the form (what was stored, or why not), said again in the reader's language. */
  say(text: (() => string) | null, tone: 'ok' | 'error' = 'ok') {
    this.said = text;
    this.status.textContent = text?.() ?? '';
    this.status.dataset.tone = tone;
  }

  /** Shows a failure: the server's field errors beside their fields, the rest below the form. */
  fail(err: unknown) {
    const allPlaced = showFieldErrors(this.form, err);
    this.say(() => problemText(err, allPlaced), 'error');
  }

  private async save() {
    clearErrors(this.form);
    this.say(null);
    this.submit.disabled = true;
    this.submit.textContent = t('setup.saving');
    try {
      const message = await this.spec.send(this.editing);
      this.edit(null);
      await this.spec.saved();
      this.say(message);
    } catch (err) {
      this.fail(err);
    } finally {
      this.submit.disabled = false;
      this.render();
    }
  }
}

/** On screen: neither it nor a box around it is hidden. */
const shown = (el: HTMLElement) => el.getClientRects().length > 0;

export function clearErrors(form: HTMLElement) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-describedby');
  }
}

/** Each error the server named a field for, under that field; answers whether every error found its field. */
function showFieldErrors(form: HTMLElement, err: unknown): boolean {
  const errors = err instanceof Problem ? (err.body.errors ?? []) : [];
  let placed = 0;
  for (const e of errors) {
    const field = [...form.querySelectorAll<HTMLElement>(`.field[data-path="${CSS.escape(e.path)}"]`)].find(shown);
    if (!field) continue;
    placed++;
    const input = field.querySelector<HTMLElement>('input, select');
    const id = `${input?.id ?? e.path}-error`;
    if (field.querySelector(`#${CSS.escape(id)}`)) continue;
    field.append(h('p', { class: 'field-error', id }, e.message));
    input?.setAttribute('aria-invalid', 'true');
    input?.setAttribute('aria-describedby', id);
  }
  if (placed) form.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
  return errors.length > 0 && placed === errors.length;
}

/** The line below a form for a failure: "correct the marked fields", or what went wrong. */
export function problemText(err: unknown, allPlaced = false): string {
  if (!(err instanceof Problem)) return t('setup.network');
  if (allPlaced) return t('setup.invalid');
  if (err.status === 403) return t('setup.forbidden');
  const errors = err.body.errors ?? [];
  const detail = errors.length ? errors.map((e) => e.message).join(' ') : (err.body.detail ?? String(err.status));
  return t('setup.failed', { detail });
}
