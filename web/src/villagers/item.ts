// One problem report in the bureau's list: where (village, township), what the villager said, the
// screening it names with the bureau's decision on it (a link to that screening on the review
// page), and the bureau's handling — look into it, close it with a note (required), reopen it.
import { currentLang, formatDateTime, t, type MessageKey } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { reportSaid, villagerReportsApi, type VillagerReport } from '../shared/villager-reports.js';
import { screeningLink } from '../review/state.js';
import type { ReportState } from '../../../domain/voice.js';

/** A closing note's longest, in characters (the report's own text bound). */
const NOTE_MAX = 500;

export interface ItemOptions {
  timeZone: string;
  /** The bureau and the admin handle reports; anyone else reads. */
  canHandle: boolean;
  /** After a change is saved (`r` as it was before): the list is read again. */
  changed(r: VillagerReport, state: ReportState): void;
}

function screeningLine(r: VillagerReport, timeZone: string) {
  const s = r.screening;
  if (!s) return h('p', { class: 'report-screening none' }, t('villagers.noScreening'));
  const words = [
    t(`screening.${s.status}` as MessageKey),
    s.verification ? t(`state.verification.${s.verification}` as MessageKey) : null,
    s.decision ? t(`state.decision.${s.decision}` as MessageKey) : t('villagers.undecided'),
  ].filter((w): w is string => w !== null);
  return h(
    'p',
    { class: 'report-screening', 'data-screening': s.id },
    h('a', { href: screeningLink({ screeningId: s.id, startsAt: s.startsAt }, currentLang()) }, t('villagers.screening', { id: s.id, time: formatDateTime(s.startsAt, timeZone), team: s.teamName })),
    ' ',
    h('span', { class: 'screening-state', 'data-decision': s.decision ?? '' }, words.join(t('text.listSeparator'))),
  );
}

function actions(r: VillagerReport, o: ItemOptions) {
  const status = h('p', { class: 'action-status', role: 'status' });
  const run = async (state: ReportState, note?: string) => {
    status.textContent = '';
    status.classList.remove('error');
    try {
      await villagerReportsApi.patch(r.id, state, note);
      o.changed(r, state);
    } catch (err) {
      status.textContent = t('villagers.failed', { message: err instanceof Problem || err instanceof Error ? err.message : String(err) });
      status.classList.add('error');
    }
  };
  const button = (key: MessageKey, cls: string, click: () => void) => {
    const b = h('button', { type: 'button', class: cls }, t(key));
    b.addEventListener('click', click);
    return b;
  };

  const noteId = `note-${r.id}`;
  const note = h('textarea', { id: noteId, rows: 2, maxlength: NOTE_MAX, required: true, placeholder: t('villagers.notePlaceholder') });
  const noteError = h('p', { class: 'error note-error', id: `${noteId}-error`, hidden: true }, t('villagers.noteRequired'));
  const form = h(
    'form',
    { class: 'close-form', hidden: true, novalidate: true },
    h('label', { for: noteId }, t('villagers.noteLabel')),
    note,
    noteError,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'close-confirm' }, t('villagers.closeConfirm')), button('villagers.cancel', 'close-cancel', () => toggle(false))),
  );
  const row = h('div', { class: 'buttons' });
  const toggle = (open: boolean) => {
    form.hidden = !open;
    row.hidden = open;
    if (open) note.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = note.value.trim();
    if (!text) {
      noteError.hidden = false;
      note.setAttribute('aria-invalid', 'true');
      note.setAttribute('aria-describedby', noteError.id);
      note.focus();
      return;
    }
    void run('closed', text);
  });

  if (r.state === 'new') row.append(button('villagers.look', 'look', () => void run('looking')));
  if (r.state !== 'closed') row.append(button('villagers.close', 'close', () => toggle(true)));
  else row.append(button('villagers.reopen', 'reopen', () => void run('looking')));
  return h('div', { class: 'report-actions' }, row, form, status);
}

export function reportItem(r: VillagerReport, o: ItemOptions): HTMLElement {
  return h(
    'li',
    { class: `villager-report state-${r.state}`, 'data-id': r.id, 'data-state': r.state, 'data-kind': r.kind },
    h('h3', { class: 'report-where' }, r.villageName, h('small', {}, ` ${r.townshipName}`)),
    reportSaid(r, o.timeZone),
    screeningLine(r, o.timeZone),
    o.canHandle ? actions(r, o) : null,
  );
}
