import type { UnitStatus, ReviewDecision, VerificationState } from '../../domain/status.js';
import type { Level } from '../../domain/units.js';
import type { GroupLevel } from '../areas/schemas.js';
import { en } from '../../web/src/i18n/en.js';
import { zhCN, type MessageKey, type Messages } from '../../web/src/i18n/zh-CN.js';

// The glossary: one word per state, taken from the pages' catalogues (plain data), so a
// spreadsheet says exactly what the page says — a unit's status, a screening's verification and
// the bureau's decision, the level, the counts' headings. A spreadsheet never spells a state
// itself; it asks here.

export type SheetLang = 'zh-CN' | 'en';

/** The catalogue keys of the glossary, by what they name. */
export const glossaryKeys = {
  status: { covered: 'status.covered', planned: 'status.planned', overdue: 'status.overdue', gap: 'status.gap' },
  notDue: 'status.notDue',
  verification: { verified: 'state.verification.verified', flagged: 'state.verification.flagged', unverified: 'state.verification.unverified' },
  decision: { accepted: 'state.decision.accepted', rejected: 'state.decision.rejected' },
  level: { administrative: 'level.administrative', natural: 'level.natural' },
  group: { province: 'map.level.province', prefecture: 'map.level.prefecture', county: 'map.level.county', township: 'township.label' },
  counts: { units: 'col.units', covered: 'status.covered', planned: 'status.planned', overdue: 'status.overdue', gap: 'status.gap', coverage: 'col.coverage', verified: 'count.verified' },
} as const satisfies Record<string, MessageKey | Record<string, MessageKey>>;

type Words<K> = { [P in keyof K]: K[P] extends string ? string : Words<K[P]> };
export type Glossary = Words<typeof glossaryKeys> & {
  status: Record<UnitStatus, string>;
  verification: Record<VerificationState, string>;
  decision: Record<Exclude<ReviewDecision, null>, string>;
  level: Record<Level, string>;
  group: Record<GroupLevel, string>;
};

const wordsOf = <K extends object>(keys: K, messages: Messages): Words<K> =>
  Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, typeof v === 'string' ? messages[v as MessageKey] : wordsOf(v as object, messages)])) as Words<K>;

/** The glossary's words in a language. */
export const glossary: Record<SheetLang, Glossary> = { 'zh-CN': wordsOf(glossaryKeys, zhCN) as Glossary, en: wordsOf(glossaryKeys, en) as Glossary };

/** A heading in both languages, for the CSVs that scripts and people of either language read: "应放映村数 units". */
export const bilingual = (pick: (g: Glossary) => string) => `${pick(glossary['zh-CN'])} ${pick(glossary.en).toLowerCase()}`;
