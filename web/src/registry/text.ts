// This page's messages: the shared header's, then the registry's (zh-CN first, en second).
import { shellEn } from '../i18n/shell.en.js';
import { shellZhCN } from '../i18n/shell.zh-CN.js';
import { registryEn } from '../i18n/registry.en.js';
import { registryZhCN } from '../i18n/registry.zh-CN.js';
import { pageCatalogue } from '../i18n/pages.js';

export const { t, translate } = pageCatalogue({
  'zh-CN': { ...shellZhCN, ...registryZhCN },
  en: { ...shellEn, ...registryEn },
});
