// t(key) over the villagers' own catalogue (./zh-CN.ts, ./en.ts) in the reader's language (../lang.ts).
import { currentLang, fill, translateWith } from '../lang.js';
import { villageEn } from './en.js';
import { villageZhCN, type VillageMessageKey, type VillageMessages } from './zh-CN.js';

const catalogues: Record<'zh-CN' | 'en', VillageMessages> = { 'zh-CN': villageZhCN, en: villageEn };

export const t = (key: VillageMessageKey, params: Record<string, string | number> = {}) => fill(catalogues[currentLang()][key], params);

/** The markup's data-i18n attributes below `root`, from this catalogue. */
export const translate = (root: ParentNode = document) => translateWith((key) => t(key as VillageMessageKey), root);

export type { VillageMessageKey };
