// The problem form (反映问题, DOMAIN.md "Villagers' voice"): what happened (not held, late,
// other), optionally which screening of the last REPORT_SCREENING_DAYS days of those the page
// lists, and the villager's words. Sent, it is cleared for another; not sent, it is kept.
import { REPORT_TEXT_MAX, reportKindNamesEn, reportKindNamesZh, reportKinds, type ReportKind } from '../../../domain/voice.js';
import { currentLang, formatDay } from '../i18n/lang.js';
import { t } from '../i18n/village/index.js';
import { h } from '../shared/dom.js';
import { request } from '../shared/http.js';
import { failed, idle, statusLine, statusText, type SendStatus } from './send-status.js';
import { charCount, reportable, wallClockOf, type VillageScreening } from './state.js';

export interface ReportFormOptions {
  token: string;
  screenings: readonly VillageScreening[];
  now: () => number;
}

export function reportForm(opts: ReportFormOptions) {
  let status: SendStatus = idle();
  let busy = false;

  const heading = h('h2', { id: 'report-title' });
  const hint = h('p', { class: 'vf-hint' });
  const legend = h('legend', { class: 'vf-label' });
  const kinds = reportKinds.map((kind) => {
    const input = h('input', { type: 'radio', name: 'kind', value: kind, id: `kind-${kind}` });
    const name = h('span');
    return { kind, input, name, label: h('label', { class: 'vf-choice', for: `kind-${kind}` }, input, name) };
  });
  const screeningLabel = h('label', { for: 'report-screening', class: 'vf-label' });
  const screening = h('select', { id: 'report-screening' });
  const screeningField = h('div', { class: 'vf-field' }, screeningLabel, screening);
  const textLabel = h('label', { for: 'report-text', class: 'vf-label' });
  const text = h('textarea', { id: 'report-text', rows: 3, maxlength: REPORT_TEXT_MAX, 'aria-describedby': 'report-text-count' });
  const textCount = h('p', { class: 'vf-count', id: 'report-text-count' });
  const send = h('button', { type: 'submit', class: 'vf-send', id: 'report-send' });
  const line = statusLine(() => form.requestSubmit());
  const form = h(
    'form',
    { class: 'vf vf-report', id: 'report-form', 'aria-labelledby': 'report-title', novalidate: true },
    heading,
    hint,
    h('fieldset', { class: 'vf-kinds' }, legend, ...kinds.map((k) => k.label)),
    screeningField,
    h('div', { class: 'vf-field' }, textLabel, text, textCount),
    send,
    line.element,
  );

  const kindName = (k: ReportKind) => (currentLang() === 'en' ? reportKindNamesEn : reportKindNamesZh)[k];

  function drawScreenings() {
    const chosen = screening.value;
    const listed = reportable(opts.screenings, opts.now());
    screening.replaceChildren(
      h('option', { value: '' }, t('village.report.screeningNone')),
      ...listed.map((s) => {
        const at = wallClockOf(s.startsAt);
        const films = s.programme.map((f) => f.title).join(t('village.listSeparator'));
        return h('option', { value: s.id }, [`${formatDay(at.date)} ${at.time}`, films, s.team].filter(Boolean).join(' · '));
      }),
    );
    screening.value = listed.some((s) => String(s.id) === chosen) ? chosen : '';
    screeningField.hidden = !listed.length;
  }

  function render() {
    heading.textContent = t('village.report.title');
    hint.textContent = t('village.report.hint');
    legend.textContent = t('village.report.kind');
    for (const k of kinds) k.name.textContent = kindName(k.kind);
    screeningLabel.textContent = t('village.report.screening');
    drawScreenings();
    textLabel.textContent = t('village.report.text');
    text.placeholder = t('village.report.textPlaceholder');
    textCount.textContent = t('village.chars', { n: charCount(text.value), max: REPORT_TEXT_MAX });
    send.disabled = busy;
    send.textContent = busy ? t('village.busy') : t('village.report.send');
    form.setAttribute('aria-busy', String(busy));
    line.show(status, statusText(status, 'village.report.sent'));
  }

  text.addEventListener('input', () => {
    textCount.textContent = t('village.chars', { n: charCount(text.value), max: REPORT_TEXT_MAX });
  });
  for (const k of kinds) k.input.addEventListener('change', () => {
    if (status.outcome === 'refused') {
      status = idle();
      render();
    }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    const kind = kinds.find((k) => k.input.checked)?.kind;
    if (!kind) {
      status = { ...idle(), outcome: 'refused', detail: t('village.report.needKind') };
      render();
      kinds[0]!.input.focus();
      return;
    }
    busy = true;
    status = idle();
    render();
    const words = text.value.trim();
    try {
      await request('POST', `/api/public/villages/${encodeURIComponent(opts.token)}/reports`, {
        body: { kind, ...(screening.value ? { screeningId: Number(screening.value) } : {}), ...(words ? { text: words } : {}) },
        keepPage: true,
      });
      status = { ...idle(), outcome: 'sent' };
      form.reset();
    } catch (err) {
      status = failed(err);
    }
    busy = false;
    render();
  });

  render();
  return { element: form, render };
}
