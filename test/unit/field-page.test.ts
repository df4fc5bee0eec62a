import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { durationText, flagMessage } from '../../domain/evidence.js';
import { DEFAULT_FIX_WINDOW, fixHelps } from '../../web/src/field/evidence-rules.js';
import type { WithVerification } from '../../web/src/field/evidence-view.js';
import { place, sectionOf } from '../../web/src/field/sections.js';
import { setLang } from '../../web/src/i18n/index.js';
import { filmLine, programmeOf, programmeTitles } from '../../web/src/shared/programme.js';

// The field page tells one story (issue 19): its sections in the order of what needs doing, each
// screening in one of them; a position fix offered only while it can back the screening; and
// times since a start past 48 hours read as days, on the phone and on /review alike.

const ZONE = 'Asia/Shanghai';
const TODAY = '2026-11-20';
let nextId = 1;

/** A screening of the county's wall clock `YYYY-MM-DDTHH:MM` (UTC+8). */
function screening(at: string, status: WithVerification['status'] = 'scheduled', verification: WithVerification['verification'] = null): WithVerification {
  const id = nextId++;
  return {
    id,
    villageId: 1,
    villageName: `村${id}`,
    townshipId: 1,
    teamId: 1,
    teamName: '第一放映队',
    filmId: null,
    filmTitle: null,
    programme: [],
    films: [],
    repeatReason: null,
    startsAt: new Date(Date.parse(`${at}:00+08:00`)).toISOString(),
    status,
    audience: status === 'completed' ? 50 : null,
    cancelReason: status === 'cancelled' ? '下雨' : null,
    notes: null,
    version: 1,
    verification,
  };
}

const v = (state: 'verified' | 'flagged' | 'unverified', decision: 'accepted' | 'rejected' | null = null, reason: string | null = null) => ({ state, decision, reason, flags: [] });
const placing = (waiting: number[] = []) => ({ today: TODAY, zone: ZONE, reportWaiting: (id: number) => waiting.includes(id) });
const ids = (list: WithVerification[]) => list.map((s) => s.id);

describe('the field page’s sections', () => {
  it('puts last night’s unreported screening first, then older unreported ones, before tonight and the week', () => {
    const older = screening('2026-11-12T19:30');
    const lastNight = screening('2026-11-19T19:30');
    const tonight = screening('2026-11-20T19:30');
    const tomorrow = screening('2026-11-21T19:30');
    const inAWeek = screening('2026-11-27T19:00');
    const beyond = screening('2026-11-28T19:00');
    const at = place([beyond, inAWeek, tomorrow, tonight, older, lastNight], placing());
    expect(ids(at.unreported)).toEqual([lastNight.id, older.id]);
    expect(ids(at.today)).toEqual([tonight.id]);
    expect(ids(at.week)).toEqual([tomorrow.id, inAWeek.id]);
    expect(Object.values(at).flat().map((s) => s.id)).not.toContain(beyond.id);
  });

  it('keeps a report still on the phone under 未回报, and once the server has it, shows it where the server’s answer puts it, once', () => {
    const s = screening('2026-11-15T19:30');
    const reported = { ...s, status: 'completed' as const, audience: 40 };
    expect(sectionOf(reported, placing([s.id]))).toBe('unreported');
    const answered = { ...reported, verification: v('unverified') };
    const at = place([answered], placing());
    expect(ids(at.needs)).toEqual([s.id]);
    expect(Object.values(at).flat()).toHaveLength(1);
  });

  it('shows a rejected screening in its own section, and a verified or accepted one of yesterday under yesterday', () => {
    const rejected = screening('2026-11-03T19:30', 'completed', v('flagged', 'rejected', '照片是别村的'));
    const verified = screening('2026-11-19T19:00', 'completed', v('verified'));
    const accepted = screening('2026-11-19T21:00', 'completed', v('flagged', 'accepted'));
    const cancelled = screening('2026-11-19T19:30', 'cancelled');
    const olderVerified = screening('2026-11-10T19:30', 'completed', v('verified'));
    const flagged = screening('2026-11-18T19:30', 'completed', v('flagged'));
    const at = place([rejected, verified, accepted, cancelled, olderVerified, flagged], placing());
    expect(ids(at.rejected)).toEqual([rejected.id]);
    expect(ids(at.needs)).toEqual([flagged.id]);
    expect(ids(at.yesterday)).toEqual([verified.id, cancelled.id, accepted.id]);
    expect(Object.values(at).flat().map((s) => s.id)).not.toContain(olderVerified.id);
  });
});

describe('a position fix is offered only while it can back the screening', () => {
  const start = '2026-11-20T11:30:00.000Z';
  const hours = (h: number) => Date.parse(start) + h * 3_600_000;

  it('from the window’s opening before the start to its close after, both edges inside', () => {
    expect(DEFAULT_FIX_WINDOW).toEqual({ beforeHours: 1, afterHours: 6 });
    expect(fixHelps(start, hours(-1))).toEqual({ helps: true });
    expect(fixHelps(start, hours(0))).toEqual({ helps: true });
    expect(fixHelps(start, hours(6))).toEqual({ helps: true });
  });

  it('not after it (a fix then only raises fix_time), saying how long ago the screening started', () => {
    expect(fixHelps(start, hours(6.05))).toEqual({ helps: false, hours: 6.1 });
    expect(fixHelps(start, hours(773.6))).toEqual({ helps: false, hours: 773.6 });
    expect(fixHelps(start, hours(-1.5))).toEqual({ helps: false, hours: -1.5 });
  });

  it('by the server’s window when it has another', () => {
    expect(fixHelps(start, hours(10), { beforeHours: 2, afterHours: 12 })).toEqual({ helps: true });
  });
});

describe('a time since the start', () => {
  it('reads as hours up to 48 and as whole days beyond', () => {
    expect(durationText(30.5, 'zh')).toBe('30.5 小时');
    expect(durationText(48, 'en')).toBe('48 h');
    expect(durationText(773.6, 'zh')).toBe('32 天');
    expect(durationText(773.6, 'en')).toBe('32 days');
    expect(durationText(-100, 'en')).toBe('4 days');
  });

  it('in the flags’ words on both pages (fix_time and late_report)', () => {
    expect(flagMessage({ code: 'late_report', params: { hours: 773.6, maxHours: 48 } }, 'zh')).toBe('开映后 32 天才上报（超过 48 小时）。');
    expect(flagMessage({ code: 'late_report', params: { hours: 64.5, maxHours: 48 } }, 'en')).toBe('Reported 3 days after the start (more than 48 h).');
    expect(flagMessage({ code: 'fix_time', params: { what: 'fix', hours: 773.6, beforeHours: 1, afterHours: 6 } }, 'zh')).toBe(
      '定位时间在开映后 32 天，不在放映当晚（开映前 1 小时至开映后 6 小时）。',
    );
    expect(flagMessage({ code: 'fix_time', params: { what: 'photo', hours: 14, beforeHours: 1, afterHours: 6 } }, 'en')).toBe(
      'The photo was taken 14 h after the start, outside the evening (1 h before to 6 h after).',
    );
  });
});

describe('what to show tonight: a card’s programme', () => {
  // setLang marks the document's language; this suite has no DOM, so a stand-in takes the mark.
  beforeAll(() => vi.stubGlobal('document', { documentElement: {} }));
  afterAll(() => {
    setLang('zh-CN');
    vi.unstubAllGlobals();
  });
  const films = [
    { id: 7, title: '喜盈门', category: 'feature' as const, minutes: 95 },
    { id: 3, title: '玉米螟防治', category: 'science' as const, minutes: null },
  ];
  const tonight = { ...screening('2026-11-20T19:30'), programme: [7, 3], films, filmId: 7, filmTitle: '喜盈门' };

  it('lists the films in the programme’s order, each with its category and minutes when known', () => {
    setLang('zh-CN');
    expect(programmeOf(tonight).map((f, i) => filmLine(f, i + 1))).toEqual(['1. 喜盈门 · 故事片 · 95 分钟', '2. 玉米螟防治 · 科教片']);
    expect(programmeTitles(tonight)).toBe('喜盈门、玉米螟防治');
    setLang('en');
    expect(programmeOf(tonight).map((f, i) => filmLine(f, i + 1))).toEqual(['1. 喜盈门 · Feature · 95 min', '2. 玉米螟防治 · Science']);
    expect(programmeTitles(tonight)).toBe('喜盈门; 玉米螟防治');
  });

  it('says the programme is not decided when it is empty', () => {
    setLang('zh-CN');
    expect(programmeOf(screening('2026-11-20T19:30'))).toEqual([]);
    expect(programmeTitles(screening('2026-11-20T19:30'))).toBe('节目未定');
  });

  it('reads a copy kept on the phone before programmes (a title only) as a one-film programme', () => {
    setLang('zh-CN');
    const { films: _films, programme: _programme, ...old } = { ...screening('2026-11-20T19:30'), filmId: 5, filmTitle: '老井' };
    expect(programmeOf(old).map((f, i) => filmLine(f, i + 1))).toEqual(['1. 老井']);
  });
});
