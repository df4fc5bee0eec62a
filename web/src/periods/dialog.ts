// The reason a return or a reopening needs (DOMAIN.md "Periods and settlement"): one modal dialog
// of the page (<dialog id="reason-dialog"> in web/periods.html), its textarea required and bound
// by PERIOD_REASON_MAX. askReason() resolves with the reason, or null when the reader cancels
// (Esc, the cancel button); focus goes back to the button that opened it.
import { PERIOD_REASON_MAX } from '../../../domain/periods.js';
import { t } from '../i18n/index.js';
import { elements } from '../shared/dom.js';

const el = elements({
  dialog: 'dialog#reason-dialog',
  form: 'form#reason-form',
  title: 'reason-title',
  reason: 'textarea#reason-text',
  label: 'reason-label',
  error: 'reason-error',
  confirm: 'button#reason-confirm',
  cancel: 'button#reason-cancel',
});
el.reason.maxLength = PERIOD_REASON_MAX;

let settle: ((reason: string | null) => void) | null = null;
const done = (reason: string | null) => {
  const s = settle;
  settle = null;
  if (el.dialog.open) el.dialog.close();
  s?.(reason);
};

el.form.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = el.reason.value.trim();
  if (!text) {
    el.error.hidden = false;
    el.reason.setAttribute('aria-invalid', 'true');
    el.reason.focus();
    return;
  }
  done(text);
});
el.cancel.addEventListener('click', () => done(null));
el.dialog.addEventListener('close', () => done(null));

/** Asks for a reason: `title` heads the dialog, `confirm` labels its button. */
export function askReason(title: string, confirm: string): Promise<string | null> {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  el.title.textContent = title;
  el.label.textContent = t('periods.reasonLabel');
  el.error.textContent = t('periods.reasonRequired');
  el.error.hidden = true;
  el.reason.value = '';
  el.reason.removeAttribute('aria-invalid');
  el.confirm.textContent = confirm;
  el.cancel.textContent = t('periods.cancel');
  return new Promise((resolve) => {
    settle = (reason) => {
      opener?.focus();
      resolve(reason);
    };
    el.dialog.showModal();
    el.reason.focus();
  });
}
