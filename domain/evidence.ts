// Evidence behind a completed screening (DOMAIN.md "Evidence and verification"): the flags the
// checks raise, how bad each is, what they say in English and Chinese, and the state a screening's
// flags give it. The server's checks (server/evidence/checks.ts) raise the flags; the pages read
// them; both take the words and the state from here.

import type { VerificationState } from './status.js';

export const flagCodes = ['no_fix', 'far_from_village', 'fix_time', 'daytime_start', 'impossible_travel', 'audience_outlier', 'duplicate_photo', 'late_report', 'bulk_report', 'programme_incomplete', 'film_unlicensed', 'villager_dispute'] as const;
export type FlagCode = (typeof flagCodes)[number];

export const severities = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof severities)[number];
export const severityRank: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** A flag's facts, by name: what its message says, and what a page may show or translate itself. */
export type FlagParams = Record<string, string | number | boolean>;

export interface Flag {
  code: FlagCode;
  severity: Severity;
  params: FlagParams;
  /**
   * The other screening a flag is about (duplicate_photo, impossible_travel), as its reader may
   * know it: null when the reader may not see that screening; absent where nobody has looked it up
   * for a reader (a flag as the checks raise it, or as the audit log keeps it).
   */
  related?: RelatedScreening | null;
}

/** Another screening named by a flag: where, when (ISO with the county's offset) and by whom. */
export interface RelatedScreening {
  screeningId: number;
  villageName: string;
  startsAt: string;
  teamName: string;
}

/** The flags about another screening, and the param that holds its id. */
export const relatedParam: Partial<Record<FlagCode, string>> = { duplicate_photo: 'otherScreeningId', impossible_travel: 'otherId' };

/**
 * The severity each check gives, as a bureau reads it. Two checks soften theirs (server/evidence/checks.ts):
 * far_from_village is a warning when the registry marks the village's position as approximate, and
 * audience_outlier is only info when the audience is far above the team's usual but within the
 * village's known population.
 */
export const flagSeverity: Record<FlagCode, Severity> = {
  no_fix: 'warning',
  far_from_village: 'critical',
  fix_time: 'warning',
  daytime_start: 'warning',
  impossible_travel: 'critical',
  audience_outlier: 'warning',
  duplicate_photo: 'critical',
  late_report: 'warning',
  bulk_report: 'warning',
  programme_incomplete: 'critical',
  film_unlicensed: 'warning',
  // A villager said it was not held (DOMAIN.md "Villagers' voice"): until the bureau decides.
  villager_dispute: 'critical',
};

/**
 * DOMAIN.md: `unverified` without a fix (the no_fix flag says so), `flagged` with a flag above
 * info (no_fix aside: it is the reason for unverified, not a finding), else `verified`.
 */
export function verificationState(flags: readonly Pick<Flag, 'code' | 'severity'>[]): VerificationState {
  if (flags.some((f) => f.code !== 'no_fix' && severityRank[f.severity] > severityRank.info)) return 'flagged';
  return flags.some((f) => f.code === 'no_fix') ? 'unverified' : 'verified';
}

/** Worst first, then by code: the order flags are listed in. */
export const byWorst = (a: Pick<Flag, 'code' | 'severity'>, b: Pick<Flag, 'code' | 'severity'>) =>
  severityRank[b.severity] - severityRank[a.severity] || flagCodes.indexOf(a.code) - flagCodes.indexOf(b.code);

/**
 * The review queue's order, worst first (GET /api/review): a critical flag, then a warning, then
 * unverified, then verified; screenings the bureau has decided come last.
 */
export const REVIEW_RANK = { critical: 0, warning: 1, unverified: 2, verified: 3, decided: 4 } as const;

/** Villagers may confirm a screening from an hour before its start until a day after (DOMAIN.md). */
export const CONFIRM_BEFORE_MS = 3_600_000;
export const CONFIRM_AFTER_MS = 24 * 3_600_000;
export const confirmationWindow = (startsAt: number) => ({ opens: startsAt - CONFIRM_BEFORE_MS, closes: startsAt + CONFIRM_AFTER_MS });
/** Both edges belong to the window. */
export const confirmationOpen = (startsAt: number, now: number) => {
  const w = confirmationWindow(startsAt);
  return now >= w.opens && now <= w.closes;
};

/**
 * A time since a screening's start as a person reads it: hours up to 48 ("30.5 h", "30.5 小时"),
 * whole days beyond ("32 days", "32 天", not "773.6 h"). The flags' messages and the pages use it.
 */
export const MAX_HOURS_SHOWN = 48;
export function durationText(hours: number, lang: 'en' | 'zh' = 'en'): string {
  const h = Math.abs(hours);
  if (h <= MAX_HOURS_SHOWN) return lang === 'zh' ? `${h} 小时` : `${h} h`;
  const days = Math.round(h / 24);
  return lang === 'zh' ? `${days} 天` : `${days} days`;
}

/** The other screening in a flag's sentence: its words, or a link (a piece of its own) for a page to draw. */
type Other = string;
type Say = (p: FlagParams, other: Other) => string;

const en: Record<FlagCode, Say> = {
  no_fix: () => 'No position fix from the reporting phone.',
  far_from_village: (p) =>
    `The phone's position was ${p.km} km from the village (more than ${p.maxKm} km, accuracy ${p.accuracyM} m)${p.approximate ? "; the village's position in the registry is approximate" : ''}.`,
  fix_time: (p) => `The ${p.what === 'photo' ? 'photo' : 'fix'} was taken ${durationText(Number(p.hours))} ${Number(p.hours) < 0 ? 'before' : 'after'} the start, outside the evening (${p.beforeHours} h before to ${p.afterHours} h after).`,
  daytime_start: (p) => `Started at ${p.time}, outside the evening hours ${p.from}–${p.to}.`,
  impossible_travel: (p, other) => `This screening and ${other} of the same team were ${p.km} km and ${p.hours} h apart: ${p.kmh} km/h, faster than ${p.maxKmh} km/h.`,
  audience_outlier: (p) =>
    p.population !== undefined && Number(p.audience) > Number(p.population)
      ? `An audience of ${p.audience} is more than the village's population of ${p.population}.`
      : `An audience of ${p.audience} is more than ${p.factor} times the team's usual ${p.median}.`,
  duplicate_photo: (_p, other) => `A photo of this screening is the same picture as a photo of ${other}.`,
  late_report: (p) => `Reported ${durationText(Number(p.hours))} after the start (more than ${p.maxHours} h).`,
  bulk_report: (p) => `${p.count} screenings of this team over ${p.days} days were reported within ${p.minutes} minutes.`,
  programme_incomplete: (p) =>
    `${p.empty ? 'No film was shown' : `The programme does not make one screening: ${p.longest !== undefined ? `its longest film runs ${p.longest} minutes` : 'no film of known length'}, and ${p.science} of its films are science`}; one screening needs a film of at least ${p.longMinutes} minutes (not in the category other) or ${p.scienceMin} science films.`,
  film_unlicensed: (p) =>
    `"${p.title}" is not licensed on ${p.date} (its window: ${p.from || 'open'} to ${p.to || 'open'})${Number(p.count) > 1 ? `, nor are ${Number(p.count) - 1} more films of the programme` : ''}.`,
  villager_dispute: (p) => (Number(p.count) > 1 ? `${p.count} villagers reported that this screening was not held.` : 'A villager reported that this screening was not held.'),
};

const zh: Record<FlagCode, Say> = {
  no_fix: () => '没有放映手机上报的定位。',
  far_from_village: (p) => `手机定位距村 ${p.km} 公里（超过 ${p.maxKm} 公里，精度 ${p.accuracyM} 米）${p.approximate ? '；该村在名录中的位置是估计的' : ''}。`,
  fix_time: (p) => `${p.what === 'photo' ? '照片' : '定位'}时间在开映${Number(p.hours) < 0 ? '前' : '后'} ${durationText(Number(p.hours), 'zh')}，不在放映当晚（开映前 ${p.beforeHours} 小时至开映后 ${p.afterHours} 小时）。`,
  daytime_start: (p) => `开映时间 ${p.time}，不在晚间 ${p.from}–${p.to}。`,
  impossible_travel: (p, other) => `本场与同一放映队${other}相距 ${p.km} 公里、间隔 ${p.hours} 小时：需时速 ${p.kmh} 公里，超过 ${p.maxKmh} 公里。`,
  audience_outlier: (p) =>
    p.population !== undefined && Number(p.audience) > Number(p.population)
      ? `观众 ${p.audience} 人，超过全村人口 ${p.population} 人。`
      : `观众 ${p.audience} 人，超过该队通常人数 ${p.median} 人的 ${p.factor} 倍。`,
  duplicate_photo: (_p, other) => `本场的照片与${other}的照片是同一张。`,
  late_report: (p) => `开映后 ${durationText(Number(p.hours), 'zh')}才上报（超过 ${p.maxHours} 小时）。`,
  bulk_report: (p) => `该队 ${p.days} 天内的 ${p.count} 场在 ${p.minutes} 分钟内集中上报。`,
  programme_incomplete: (p) =>
    `${p.empty ? '没有登记放映的影片' : `节目不够一场：${p.longest !== undefined ? `最长的影片 ${p.longest} 分钟` : '没有已知片长的影片'}，科教片 ${p.science} 部`}；一场须有一部 ${p.longMinutes} 分钟以上的影片（“其他”类除外），或 ${p.scienceMin} 部科教片。`,
  film_unlicensed: (p) =>
    `《${p.title}》在 ${p.date} 不在发行许可期内（${p.from || '不限'} 至 ${p.to || '不限'}）${Number(p.count) > 1 ? `，节目中另有 ${Number(p.count) - 1} 部影片也不在许可期内` : ''}。`,
  villager_dispute: (p) => (Number(p.count) > 1 ? `${p.count} 位村民反映本场没有放映。` : '有村民反映本场没有放映。'),
};

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A related screening's start as a person reads it, in the county's time: the ISO time carries the
 * county's offset, so its own digits are the local date and time (no zone arithmetic, the same on
 * the server and in any browser).
 */
export function relatedWhen(startsAt: string, lang: 'en' | 'zh'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(startsAt);
  if (!m) return startsAt;
  const [, y, mo, d, hm] = m;
  return lang === 'zh' ? `${y}年${Number(mo)}月${Number(d)}日 ${hm}` : `${Number(d)} ${EN_MONTHS[Number(mo) - 1]} ${y}, ${hm}`;
}

/** The words a link to a related screening carries: its village, its start and its team. */
export const relatedLabel = (r: RelatedScreening, lang: 'en' | 'zh'): string =>
  lang === 'zh' ? `${r.villageName} ${relatedWhen(r.startsAt, lang)}（${r.teamName}）` : `${r.villageName}, ${relatedWhen(r.startsAt, lang)} (${r.teamName})`;

/** A piece of a flag's sentence: text, or the related screening (its words as `text`). */
export type MessagePart = string | { related: RelatedScreening; text: string };

const LINK = '\u0000';

/**
 * What a flag says, in pieces: a page draws the related screening as a link. The other screening
 * is named by village, time and team when the reader may see it; otherwise the sentence says it is
 * one the reader may not see (null), or just "another screening" (not looked up).
 */
export function flagMessageParts(f: Pick<Flag, 'code' | 'params' | 'related'>, lang: 'en' | 'zh' = 'en'): MessagePart[] {
  const r = f.related;
  const other = r
    ? lang === 'zh'
      ? `在${LINK}那场`
      : `the screening at ${LINK}`
    : r === null
      ? lang === 'zh'
        ? '你无权查看的另一场'
        : 'another screening you may not see'
      : lang === 'zh'
        ? '另一场'
        : 'another screening';
  const text = (lang === 'zh' ? zh : en)[f.code](f.params, other);
  if (!r) return [text];
  return text.split(LINK).flatMap((piece, i): MessagePart[] => [...(i ? [{ related: r, text: relatedLabel(r, lang) }] : []), ...(piece ? [piece] : [])]);
}

/** What a flag says to a person, from its code and params. */
export const flagMessage = (f: Pick<Flag, 'code' | 'params' | 'related'>, lang: 'en' | 'zh' = 'en'): string =>
  flagMessageParts(f, lang)
    .map((p) => (typeof p === 'string' ? p : p.text))
    .join('');
