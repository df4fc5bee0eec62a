// The villagers' problem reports (反映问题) as the bureau's pages read them: GET
// /api/villager-reports and the bureau's PATCH, typed as the villagers page (/villagers) and the
// review page (a disputed screening's reports) use them, and their kinds and states in the
// reader's language (domain/voice.ts holds the words, for the server's spreadsheets too).
import { reportKindNamesEn, reportKindNamesZh, reportStateNamesEn, reportStateNamesZh, type ReportKind, type ReportState, type VillagerReport } from '../../../domain/voice.js';

export type { VillagerReport };
import { currentLang, formatDateTime, t } from '../i18n/index.js';
import { h } from './dom.js';
import { get, query, request } from './http.js';

export const kindName = (k: ReportKind) => (currentLang() === 'en' ? reportKindNamesEn : reportKindNamesZh)[k] ?? k;
export const stateName = (s: ReportState) => (currentLang() === 'en' ? reportStateNamesEn : reportStateNamesZh)[s] ?? s;


export interface ReportFilters {
  month?: string | null;
  areaId?: string | number | null;
  state?: ReportState | null;
  kind?: ReportKind | null;
  villageId?: number | null;
  screeningId?: number | null;
}

export const villagerReportsApi = {
  list: (f: ReportFilters, signal?: AbortSignal) =>
    get<{ items: VillagerReport[]; total: number }>(
      `/api/villager-reports?${query({ month: f.month, areaId: f.areaId, state: f.state, kind: f.kind, villageId: f.villageId, screeningId: f.screeningId })}`,
      { signal },
    ),
  /** The bureau's handling: looking into it, closed (a note required), or reopened. */
  patch: (id: number, state: ReportState, note?: string) => request<VillagerReport>('PATCH', `/api/villager-reports/${id}`, { body: note === undefined ? { state } : { state, note } }),
};

/**
 * What a villager said, as every page shows it: the kind, when, the text (as text: it comes from
 * anyone with the village's link), the state and the bureau's note.
 */
export function reportSaid(r: VillagerReport, timeZone: string): HTMLElement {
  return h(
    'div',
    { class: 'report-said' },
    h(
      'p',
      { class: 'report-line' },
      h('span', { class: `report-kind kind-${r.kind}`, 'data-kind': r.kind }, kindName(r.kind)),
      ' ',
      h('time', { datetime: r.createdAt }, formatDateTime(r.createdAt, timeZone)),
      ' ',
      h('span', { class: `report-state state-${r.state}`, 'data-state': r.state }, stateName(r.state)),
    ),
    r.text ? h('blockquote', { class: 'report-text' }, r.text) : h('p', { class: 'report-text empty' }, t('villagers.noText')),
    r.note ? h('p', { class: 'report-note' }, t('villagers.note', { note: r.note, who: r.handledBy ?? '—', time: r.handledAt ? formatDateTime(r.handledAt, timeZone) : '—' })) : null,
  );
}
