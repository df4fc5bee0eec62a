// The sign-off as the pages read it (DOMAIN.md "Periods and settlement"): GET /api/periods for a
// month (and an area, a state) and POST /api/periods/:countyId/:month/:action, which answers the
// county-month after the step. The words of states, actions and levels come from domain/periods.ts
// in the reader's language.
import {
  levelNamesEn,
  levelNamesZh,
  periodActionNamesEn,
  periodActionNamesZh,
  periodStateNamesEn,
  periodStateNamesZh,
  type ApprovalLevel,
  type Period,
  type PeriodAction,
  type PeriodState,
  type PeriodStep,
} from '../../../domain/periods.js';
import { currentLang } from '../i18n/index.js';
import { get, query, request } from '../shared/http.js';

export type { Period, PeriodAction, PeriodStep };

const zh = () => currentLang() === 'zh-CN';
export const stateName = (s: PeriodState) => (zh() ? periodStateNamesZh : periodStateNamesEn)[s];
export const actionName = (a: PeriodAction) => (zh() ? periodActionNamesZh : periodActionNamesEn)[a];
export const levelName = (l: ApprovalLevel) => (zh() ? levelNamesZh : levelNamesEn)[l];

export const periodsApi = {
  list: (params: { month: string; areaId?: string | number | null; state?: PeriodState | null; limit?: number }) =>
    get<{ items: Period[]; total: number }>(`/api/periods?${query({ limit: 1000, ...params, areaId: params.areaId || undefined })}`),
  step: (p: Pick<Period, 'countyId' | 'month'>, action: PeriodAction, reason?: string) =>
    request<Period>('POST', `/api/periods/${p.countyId}/${p.month}/${action}`, { body: reason ? { reason } : {} }),
};

/** The last step of these actions (the one that put the month where it is). */
export const lastStep = (p: Pick<Period, 'steps'>, ...actions: PeriodAction[]): PeriodStep | undefined =>
  [...p.steps].reverse().find((s) => actions.includes(s.action));
