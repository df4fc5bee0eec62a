// The draft view reads the planner's reasons from either shape it may answer with (issue 20 point 7):
// `programmeReasons: [{filmId, reason}]`, or `reasons` as a list in programme order, a list of
// {filmId, reason}, a record by film id, or one reason for the whole programme.
import { describe, expect, it } from 'vitest';
import { reasonsOf } from '../../web/src/plan/reasons.js';

const base = { villageId: 1, teamId: 1, startsAt: '2026-12-05T19:30:00+08:00', programme: [11, 12, 13] };

describe('a draft item’s reasons', () => {
  it('programmeReasons by film id; a null film id is about the whole programme', () => {
    const r = reasonsOf({ ...base, programmeReasons: [{ filmId: 12, reason: 'campaign' }, { filmId: 11, reason: 'requested' }, { filmId: null, reason: 'no_qualifying_programme' }] });
    expect([...r.byFilm]).toEqual([[12, 'campaign'], [11, 'requested']]);
    expect(r.overall).toEqual(['no_qualifying_programme']);
  });

  it('reasons as a list in programme order', () => {
    const r = reasonsOf({ ...base, reasons: ['feature', 'science_share', 'science_share'] });
    expect(Object.fromEntries(r.byFilm)).toEqual({ 11: 'feature', 12: 'science_share', 13: 'science_share' });
    expect(r.overall).toEqual([]);
  });

  it('reasons as a list of {filmId, reason}, as a record by film id, or as one reason', () => {
    expect(Object.fromEntries(reasonsOf({ ...base, reasons: [{ filmId: 13, reason: 'campaign' }] as never }).byFilm)).toEqual({ 13: 'campaign' });
    expect(Object.fromEntries(reasonsOf({ ...base, reasons: { 12: 'requested' } }).byFilm)).toEqual({ 12: 'requested' });
    expect(reasonsOf({ ...base, programme: [], reasons: 'no_qualifying_programme' })).toEqual({ byFilm: new Map(), overall: ['no_qualifying_programme'], requests: new Map() });
  });

  it("a requested film's entry carries how many villagers asked (the draft's {filmId, reason, requests}), in either shape", () => {
    const r = reasonsOf({ ...base, programmeReasons: [{ filmId: 11, reason: 'requested', requests: 4 }, { filmId: 12, reason: 'feature' }] });
    expect([...r.requests]).toEqual([[11, 4]]);
    expect([...reasonsOf({ ...base, reasons: [{ filmId: 13, reason: 'requested', requests: 2 }] as never }).requests]).toEqual([[13, 2]]);
    // a count that is not a positive whole number is none
    expect(reasonsOf({ ...base, reasons: [{ filmId: 13, reason: 'requested', requests: '<b>' }] as never }).requests.size).toBe(0);
  });

  it('an item of the old planner (filmId, no reasons) has none', () => {
    const r = reasonsOf({ villageId: 1, teamId: 1, startsAt: base.startsAt, filmId: 11 });
    expect(r.byFilm.size + r.overall.length).toBe(0);
  });
});
