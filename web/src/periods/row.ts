// One county-month on the sign-off page: the county and its state's badge, what stops a
// submission (the month not ended yet, screenings still scheduled), the partners and whether each
// has submitted, the level awaited, the latest return's or reopening's reason, the history, and
// the buttons of `actions` alone (what the server lets this reader do). A return or a reopening
// asks for its reason first; a refused step shows the server's detail and each of its errors (the
// unreported screenings, one a line); a step taken hands the answer back to the page.
import { shiftMonth } from '../../../domain/months.js';
import { formatDateTime, formatDay, formatNumber, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { actionName, lastStep, levelName, periodsApi, stateName, type Period, type PeriodAction, type PeriodStep } from './api.js';
import { askReason } from './dialog.js';

export interface RowOptions {
  timeZone: string;
  /** The reader has the plan page (admin, partner): the unreported screenings link there. */
  canPlan: boolean;
  /** A step taken: the county-month as the server answers it after the step. */
  changed(next: Period, action: PeriodAction): void;
}

const who = (s: PeriodStep) => s.userName ?? t('periods.someone');

function stepLine(s: PeriodStep, zone: string) {
  const action = s.level ? t('periods.stepLevel', { action: actionName(s.action), level: levelName(s.level) }) : actionName(s.action);
  return h(
    'li',
    { 'data-action': s.action, 'data-level': s.level ?? undefined },
    h('time', { datetime: s.at }, formatDateTime(s.at, zone)),
    ` · ${who(s)} · ${action}`,
    s.reason ? h('q', { class: 'step-reason' }, s.reason) : null,
  );
}

/** What stops a submission now, and where to go about it. */
function blockers(p: Period, o: RowOptions) {
  const out: HTMLElement[] = [];
  if (!p.ended) out.push(h('p', { class: 'blocker not-ended' }, t('periods.notEnded', { from: formatDay(`${shiftMonth(p.month, 1)}-01`, { year: 'numeric', month: 'long', day: 'numeric' }) })));
  if (p.unreported > 0 && (p.state === 'open' || p.state === 'returned')) {
    out.push(
      h(
        'p',
        { class: 'blocker unreported', 'data-count': p.unreported },
        t('periods.unreported', { count: formatNumber(p.unreported) }),
        o.canPlan ? ' ' : null,
        o.canPlan ? h('a', { href: `/plan?month=${p.month}&show=unreported` }, t('periods.unreportedLink')) : null,
      ),
    );
  }
  return out;
}

function partners(p: Period) {
  if (!p.partners.length) return h('p', { class: 'partners none' }, t('periods.noPartners'));
  return h(
    'div',
    { class: 'partners' },
    h('span', { class: 'label' }, t('text.label', { label: t('periods.partners') })),
    h(
      'ul',
      {},
      ...p.partners.map((x) =>
        h(
          'li',
          { 'data-partner': x.id, 'data-submitted': String(x.submitted) },
          h('span', { class: 'mark', 'aria-hidden': 'true' }, x.submitted ? '✓' : '○'),
          ` ${x.name} `,
          h('small', {}, x.submitted ? t('periods.partnerSubmitted') : x.screened ? t('periods.partnerNotYet') : t('periods.partnerContract')),
        ),
      ),
    ),
  );
}

/** Where the month stands: the level awaited, the levels approved, why it came back, who locked it. */
function standing(p: Period, zone: string) {
  const out: HTMLElement[] = [];
  const said = (s: PeriodStep) => ({ who: who(s), level: s.level ? levelName(s.level) : '—', time: formatDateTime(s.at, zone), reason: s.reason ?? '' });
  if (p.awaiting) out.push(h('p', { class: 'awaiting' }, t('periods.awaiting', { level: levelName(p.awaiting) })));
  if (p.approvedLevels.length && p.state !== 'locked') out.push(h('p', { class: 'approved' }, t('periods.approved', { levels: p.approvedLevels.map(levelName).join(t('text.listSeparator')) })));
  const last = p.steps.at(-1);
  if (p.state === 'returned' && last?.action === 'return') out.push(h('p', { class: 'returned-reason', role: 'note' }, t('periods.returned', said(last))));
  if (p.state === 'open' && last?.action === 'reopen') out.push(h('p', { class: 'returned-reason', role: 'note' }, t('periods.reopened', said(last))));
  const approval = lastStep(p, 'approve');
  if (p.state === 'locked' && approval) out.push(h('p', { class: 'locked-by' }, t('periods.lockedBy', said(approval))));
  return out;
}

function refusal(err: unknown, action: PeriodAction): HTMLElement[] {
  if (!(err instanceof Problem)) return [h('p', {}, t('periods.failed', { action: actionName(action), message: err instanceof Error ? err.message : String(err) }))];
  const detail = err.body.detail ?? err.body.title ?? `HTTP ${err.status}`;
  const errors = err.body.errors ?? [];
  const out: HTMLElement[] = [h('p', {}, t('periods.refused', { action: actionName(action), detail }))];
  if (errors.length) out.push(h('ul', { class: 'refusal-errors' }, ...errors.map((e) => h('li', { 'data-path': e.path }, e.message))));
  return out;
}

function buttons(p: Period, o: RowOptions, status: HTMLElement) {
  const run = async (action: PeriodAction, button: HTMLButtonElement) => {
    let reason: string | undefined;
    if (action === 'return' || action === 'reopen') {
      const asked = await askReason(t('periods.dialogTitle', { action: actionName(action), county: p.countyName, month: p.month }), actionName(action));
      if (asked === null) return;
      reason = asked;
    }
    status.replaceChildren();
    status.hidden = true;
    button.disabled = true;
    try {
      o.changed(await periodsApi.step(p, action, reason), action);
    } catch (err) {
      status.replaceChildren(...refusal(err, action));
      status.hidden = false;
      button.disabled = false;
    }
  };
  return h(
    'div',
    { class: 'buttons' },
    ...p.actions.map((a) => {
      const b = h('button', { type: 'button', class: `action-${a}${a === 'approve' || a === 'submit' ? ' primary' : ''}`, 'data-action': a }, actionName(a));
      b.addEventListener('click', () => void run(a, b));
      return b;
    }),
  );
}

export function periodRow(p: Period, o: RowOptions): HTMLElement {
  const titleId = `period-${p.countyId}-${p.month}`;
  const status = h('div', { class: 'error refusal', role: 'alert', hidden: true });
  const steps = [...p.steps].sort((a, b) => a.at.localeCompare(b.at));
  return h(
    'li',
    { class: `period state-${p.state}`, 'data-county': p.countyId, 'data-month': p.month, 'data-state': p.state, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'period-head' },
      h('h3', { id: titleId }, p.countyName, h('small', {}, ` ${p.countyCode}`)),
      h('span', { class: `period-badge p-${p.state}`, 'data-state': p.state }, stateName(p.state)),
    ),
    ...blockers(p, o),
    partners(p),
    ...standing(p, o.timeZone),
    p.actions.length ? buttons(p, o, status) : null,
    status,
    h(
      'details',
      { class: 'steps' },
      h('summary', {}, t('periods.steps', { count: formatNumber(steps.length) })),
      steps.length ? h('ol', {}, ...steps.map((s) => stepLine(s, o.timeZone))) : h('p', { class: 'empty' }, t('periods.noSteps')),
    ),
  );
}
