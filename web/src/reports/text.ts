// This page's messages: the shared header's, then the reports' (zh-CN first, en second).
import { shellEn } from '../i18n/shell.en.js';
import { shellZhCN } from '../i18n/shell.zh-CN.js';
import { reportsEn } from '../i18n/reports.en.js';
import { reportsZhCN } from '../i18n/reports.zh-CN.js';
import { pageCatalogue } from '../i18n/pages.js';

export const { t, translate } = pageCatalogue({
  'zh-CN': { ...shellZhCN, ...reportsZhCN },
  en: { ...shellEn, ...reportsEn },
});
export type Key = Parameters<typeof t>[0];
