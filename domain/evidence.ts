// Evidence behind a completed screening (DOMAIN.md "Evidence and verification"): the flags the
// checks raise, how bad each is, what they say in English and Chinese, and the state a screening's
// flags give it. The server's checks (server/evidence/checks.ts) raise the flags; the pages read
// them; both take the words and the state from here.

import type { VerificationState } from './status.js';

export const flagCodes = ['no_fix', 'far_from_village', 'fix_time', 'daytime_start', 'impossible_travel', 'audience_outlier', 'duplicate_photo', 'late_report', 'bulk_report'] as const;
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
}

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

type Say = (p: FlagParams) => string;

const en: Record<FlagCode, Say> = {
  no_fix: () => 'No position fix from the reporting phone.',
  far_from_village: (p) =>
    `The phone's position was ${p.km} km from the village (more than ${p.maxKm} km, accuracy ${p.accuracyM} m)${p.approximate ? "; the village's position in the registry is approximate" : ''}.`,
  fix_time: (p) => `The ${p.what === 'photo' ? 'photo' : 'fix'} was taken ${durationText(Number(p.hours))} ${Number(p.hours) < 0 ? 'before' : 'after'} the start, outside the evening (${p.beforeHours} h before to ${p.afterHours} h after).`,
  daytime_start: (p) => `Started at ${p.time}, outside the evening hours ${p.from}–${p.to}.`,
  impossible_travel: (p) => `Screening ${p.otherId} of the same team was ${p.km} km away and ${p.hours} h apart: ${p.kmh} km/h, faster than ${p.maxKmh} km/h.`,
  audience_outlier: (p) =>
    p.population !== undefined && Number(p.audience) > Number(p.population)
      ? `An audience of ${p.audience} is more than the village's population of ${p.population}.`
      : `An audience of ${p.audience} is more than ${p.factor} times the team's usual ${p.median}.`,
  duplicate_photo: (p) => `Photo ${p.photoId} is the same picture as photo ${p.otherPhotoId} of screening ${p.otherScreeningId}.`,
  late_report: (p) => `Reported ${durationText(Number(p.hours))} after the start (more than ${p.maxHours} h).`,
  bulk_report: (p) => `${p.count} screenings of this team over ${p.days} days were reported within ${p.minutes} minutes.`,
};

const zh: Record<FlagCode, Say> = {
  no_fix: () => '没有放映手机上报的定位。',
  far_from_village: (p) => `手机定位距村 ${p.km} 公里（超过 ${p.maxKm} 公里，精度 ${p.accuracyM} 米）${p.approximate ? '；该村在名录中的位置是估计的' : ''}。`,
  fix_time: (p) => `${p.what === 'photo' ? '照片' : '定位'}时间在开映${Number(p.hours) < 0 ? '前' : '后'} ${durationText(Number(p.hours), 'zh')}，不在放映当晚（开映前 ${p.beforeHours} 小时至开映后 ${p.afterHours} 小时）。`,
  daytime_start: (p) => `开映时间 ${p.time}，不在晚间 ${p.from}–${p.to}。`,
  impossible_travel: (p) => `同一放映队的第 ${p.otherId} 场相距 ${p.km} 公里、间隔 ${p.hours} 小时：需时速 ${p.kmh} 公里，超过 ${p.maxKmh} 公里。`,
  audience_outlier: (p) =>
    p.population !== undefined && Number(p.audience) > Number(p.population)
      ? `观众 ${p.audience} 人，超过全村人口 ${p.population} 人。`
      : `观众 ${p.audience} 人，超过该队通常人数 ${p.median} 人的 ${p.factor} 倍。`,
  duplicate_photo: (p) => `照片 ${p.photoId} 与第 ${p.otherScreeningId} 场的照片 ${p.otherPhotoId} 是同一张。`,
  late_report: (p) => `开映后 ${durationText(Number(p.hours), 'zh')}才上报（超过 ${p.maxHours} 小时）。`,
  bulk_report: (p) => `该队 ${p.days} 天内的 ${p.count} 场在 ${p.minutes} 分钟内集中上报。`,
};

/** What a flag says to a person, from its code and params. */
export const flagMessage = (f: Pick<Flag, 'code' | 'params'>, lang: 'en' | 'zh' = 'en'): string => (lang === 'zh' ? zh : en)[f.code](f.params);
