// What the village page (/v/<token>) reads from its one answer: the two months, the screenings a
// report may name, the catalogue search, how a failed send reads, and the server's wait.
import { describe, expect, it } from 'vitest';
import { retryAfterOf } from '../../web/src/shared/http.js';
import { byMonth, charCount, monthAfter, outcomeOfFailure, reportable, searchCatalogue, tokenOf, type CatalogueFilm, type VillageScreening } from '../../web/src/village/state.js';

const s = (id: number, startsAt: string): VillageScreening => ({ id, startsAt, team: '一队', programme: [] });
const film = (id: number, title: string): CatalogueFilm => ({ id, title, category: 'feature', minutes: 90, year: 2024 });

describe('the village page’s state', () => {
  it('reads the token of /v/<token> only', () => {
    expect(tokenOf('/v/abc123')).toBe('abc123');
    expect(tokenOf('/v/abc123/')).toBe('abc123');
    expect(tokenOf('/v/')).toBeNull();
    expect(tokenOf('/c/abc123')).toBeNull();
  });

  it('puts each screening in this month or the next, by the county’s wall clock; December is followed by January', () => {
    expect(monthAfter('2026-12')).toBe('2027-01');
    expect(monthAfter('2026-09')).toBe('2026-10');
    const months = byMonth({ month: '2026-12', screenings: [s(1, '2026-12-31T23:30:00.000+08:00'), s(2, '2027-01-01T00:30:00.000+08:00')] });
    expect(months.map((m) => [m.month, m.which, m.screenings.map((x) => x.id)])).toEqual([
      ['2026-12', 'this', [1]],
      ['2027-01', 'next', [2]],
    ]);
  });

  it('lets a report name a screening that started in the last 30 days, newest first; not one still to come', () => {
    const now = Date.parse('2026-12-07T12:00:00+08:00');
    const list = [s(1, '2026-11-06T19:00:00.000+08:00'), s(2, '2026-11-08T19:00:00.000+08:00'), s(3, '2026-12-03T19:30:00.000+08:00'), s(4, '2026-12-07T19:30:00.000+08:00')];
    expect(reportable(list, now).map((x) => x.id)).toEqual([3, 2]);
  });

  it('finds films by part of the title, ignoring spaces and punctuation, titles that begin with it first, and counts what it leaves out', () => {
    const cat = [film(1, '金色的稻浪'), film(2, '稻花香里'), film(3, 'Ａ计划'), film(4, '山那边的学校')];
    expect(searchCatalogue(cat, '稻', 10).films.map((f) => f.id)).toEqual([2, 1]);
    expect(searchCatalogue(cat, ' 的 稻', 10).films.map((f) => f.id)).toEqual([1]);
    expect(searchCatalogue(cat, 'a', 10).films.map((f) => f.id)).toEqual([3]);
    expect(searchCatalogue(cat, '', 3)).toEqual({ films: cat.slice(0, 3), more: 1 });
    expect(searchCatalogue(cat, '没有', 3)).toEqual({ films: [], more: 0 });
  });

  it('says a failed send plainly: no answer is no network, 404 the link, 429 too many, 400 the server’s words', () => {
    expect(outcomeOfFailure(null)).toBe('offline');
    expect(outcomeOfFailure(404)).toBe('unknown');
    expect(outcomeOfFailure(429)).toBe('rateLimited');
    expect(outcomeOfFailure(400)).toBe('refused');
    expect(outcomeOfFailure(500)).toBe('failed');
  });

  it('counts characters as the server does (code points)', () => {
    expect(charCount('想看戏曲')).toBe(4);
    expect(charCount('🎬🎬')).toBe(2);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterOf('120')).toBe(120);
    expect(retryAfterOf('Mon, 07 Dec 2026 04:02:00 GMT', Date.parse('2026-12-07T04:00:00Z'))).toBe(120);
    expect(retryAfterOf(null)).toBeNull();
    expect(retryAfterOf('soon')).toBeNull();
  });
});
