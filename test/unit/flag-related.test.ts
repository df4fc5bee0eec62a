import { describe, expect, it } from 'vitest';
import { flagMessage, flagMessageParts, relatedParam, relatedWhen, type Flag } from '../../domain/evidence.js';

// A finding about another screening (duplicate_photo, impossible_travel) says which one as a
// reviewer knows it — its village, its local start and its team — never by its id; a reader who may
// not see that screening is told so, without a name; and the page gets the screening as a piece of
// its own, to draw it as a link.

const related = { screeningId: 225, villageName: '秀山社区', startsAt: '2026-11-03T19:30:00.000+08:00', teamName: '第一放映队' };
const duplicate: Flag = { code: 'duplicate_photo', severity: 'critical', params: { photoId: 7, otherPhotoId: 6, otherScreeningId: 225, distance: 0 } };
const travel: Flag = { code: 'impossible_travel', severity: 'critical', params: { otherId: 225, km: 181, hours: 3, kmh: 60, maxKmh: 50 } };

describe('a finding about another screening', () => {
  it('names it by village, local start and team in Chinese, with no id of a screening or a photo', () => {
    expect(flagMessage({ ...duplicate, related }, 'zh')).toBe('本场的照片与在秀山社区 2026年11月3日 19:30（第一放映队）那场的照片是同一张。');
    expect(flagMessage({ ...travel, related }, 'zh')).toBe('本场与同一放映队在秀山社区 2026年11月3日 19:30（第一放映队）那场相距 181 公里、间隔 3 小时：需时速 60 公里，超过 50 公里。');
    for (const f of [duplicate, travel]) expect(flagMessage({ ...f, related }, 'zh')).not.toMatch(/225|第 \d+ 场|照片 \d/);
  });

  it('names it by village, local start and team in English, with no id', () => {
    expect(flagMessage({ ...duplicate, related }, 'en')).toBe('A photo of this screening is the same picture as a photo of the screening at 秀山社区, 3 Nov 2026, 19:30 (第一放映队).');
    expect(flagMessage({ ...travel, related }, 'en')).toBe(
      'This screening and the screening at 秀山社区, 3 Nov 2026, 19:30 (第一放映队) of the same team were 181 km and 3 h apart: 60 km/h, faster than 50 km/h.',
    );
    for (const f of [duplicate, travel]) expect(flagMessage({ ...f, related }, 'en')).not.toMatch(/225|screening \d|photo \d/);
  });

  it('gives the page the other screening as a piece of its own, to draw as a link', () => {
    expect(flagMessageParts({ ...duplicate, related }, 'zh')).toEqual(['本场的照片与在', { related, text: '秀山社区 2026年11月3日 19:30（第一放映队）' }, '那场的照片是同一张。']);
    expect(flagMessageParts({ ...travel, related }, 'en')).toEqual([
      'This screening and the screening at ',
      { related, text: '秀山社区, 3 Nov 2026, 19:30 (第一放映队)' },
      ' of the same team were 181 km and 3 h apart: 60 km/h, faster than 50 km/h.',
    ]);
    // Without a related screening there is nothing to link.
    expect(flagMessageParts(duplicate, 'zh')).toEqual(['本场的照片与另一场的照片是同一张。']);
  });

  it('tells a reader who may not see it (related null) so, naming nothing', () => {
    expect(flagMessage({ ...duplicate, related: null }, 'zh')).toBe('本场的照片与你无权查看的另一场的照片是同一张。');
    expect(flagMessage({ ...travel, related: null }, 'en')).toBe('This screening and another screening you may not see of the same team were 181 km and 3 h apart: 60 km/h, faster than 50 km/h.');
    for (const lang of ['en', 'zh'] as const) for (const f of [duplicate, travel]) expect(flagMessage({ ...f, related: null }, lang)).not.toMatch(/225/);
  });

  it('reads the start in the county’s time, off the offset the server wrote, the same in every browser', () => {
    // 23:30 in Yunnan is 15:30 UTC: the day and the time stay the county's.
    expect(relatedWhen('2026-10-31T23:30:00.000+08:00', 'zh')).toBe('2026年10月31日 23:30');
    expect(relatedWhen('2026-10-31T23:30:00.000+08:00', 'en')).toBe('31 Oct 2026, 23:30');
    expect(relatedWhen('2027-01-05T08:05:00.000+08:00', 'en')).toBe('5 Jan 2027, 08:05');
  });

  it('is the flags that name another screening, each by the param holding its id', () => {
    expect(relatedParam).toEqual({ duplicate_photo: 'otherScreeningId', impossible_travel: 'otherId' });
  });
});
