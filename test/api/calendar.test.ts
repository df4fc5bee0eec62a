import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { film, partner, screening, team, township, village } from '../helpers/factories.js';
import * as migration from '../../migrations/202611262300_add_team_calendar_token.js';
import { bearer, expectProblem } from './support.js';

let t: TestApp;
let own: { id: number; name: string };
let other: { id: number };
let token: string;
let partnerToken: string;
let otherPartnerToken: string;

beforeAll(async () => {
  t = await testApp();
  t.setNow('2026-11-26T12:00:00');
  const p = await partner(t.db);
  partnerToken = await t.tokenFor('partner', p.id);
  otherPartnerToken = await t.tokenFor('partner');
  own = await team(t.db, { partner_id: p.id });
  other = await team(t.db);
  token = (await t.db('teams').where({ id: own.id }).first()).calendar_token;
  const tw = await township(t.db, { name: '秀山街道' });
  const v = await village(t.db, { township_id: tw.id, name: '三义村' });
  const f = await film(t.db, { title: '长津湖' });
  await screening(t.db, { village_id: v.id, team_id: own.id, film_id: f.id, starts_at: '2026-12-05T19:30+08:00' });
  await screening(t.db, { village_id: v.id, team_id: own.id, starts_at: '2026-11-20T19:00+08:00', status: 'completed', audience: 120 });
  await screening(t.db, { village_id: v.id, team_id: own.id, starts_at: '2026-12-06T19:30+08:00', status: 'cancelled', cancel_reason: '下雨' });
  await screening(t.db, { village_id: v.id, team_id: other.id, starts_at: '2026-12-07T19:30+08:00', notes: 'other team' });
});
afterAll(() => t.close());

const feed = (id: number, tok?: string) => t.http.get(`/api/teams/${id}/calendar.ics${tok === undefined ? '' : `?token=${encodeURIComponent(tok)}`}`);
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe("a team's calendar feed", () => {
  it('answers the right token without sign-in: the live screenings as 2-hour events in the county zone', async () => {
    const res = await feed(own.id, token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const text = unfold(res.text);
    expect(text).toMatch(/^BEGIN:VCALENDAR/);
    expect(text).toContain('TZID:Asia/Shanghai');
    expect(text).toContain('TZOFFSETTO:+0800');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:20261205T193000');
    expect(text).toContain('DTEND;TZID=Asia/Shanghai:20261205T213000');
    expect(text).toContain('SUMMARY:长津湖 · 三义村');
    expect(text).toContain('LOCATION:三义村\\, 秀山街道');
    expect(text).toMatch(/DESCRIPTION:[^\r\n]*scheduled/);
    expect(text).toMatch(/DESCRIPTION:[^\r\n]*completed[^\r\n]*120/);
    // the cancelled one and the other team's are not in it
    expect(text).not.toContain('20261206T193000');
    expect(text).not.toContain('20261207T193000');
  });

  it('a wrong, missing or another team\'s token, or an unknown team, is 404 and tells nothing', async () => {
    const otherToken = (await t.db('teams').where({ id: other.id }).first()).calendar_token;
    for (const res of [await feed(own.id, 'x' + token.slice(1)), await feed(own.id), await feed(own.id, ''), await feed(own.id, otherToken), await feed(999999, token), await t.http.get(`/api/teams/abc/calendar.ics?token=${token}`)]) {
      expectProblem(res, 404);
      expect(res.text).not.toContain('VCALENDAR');
    }
  });

  it('every team has its own random token: existing teams at migration time, new teams by default', async () => {
    const tokens: string[] = await t.db('teams').pluck('calendar_token');
    expect(tokens.every((x) => /^[0-9a-f]{64}$/.test(x))).toBe(true);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Undo the migration over teams that exist, and do it again: the rows are backfilled.
    const undo = new Error('undo');
    await t.db.transaction(async (trx) => {
      await migration.down(trx);
      await team(trx);
      await team(trx);
      await migration.up(trx);
      const again: string[] = await trx('teams').pluck('calendar_token');
      expect(again.every((x) => /^[0-9a-f]{64}$/.test(x))).toBe(true);
      expect(new Set(again).size).toBe(again.length);
      throw undo; // leave the schema as the other tests found it
    }).catch((err) => {
      if (err !== undo) throw err;
    });
    expect(await t.db('teams').where({ id: own.id }).first()).toMatchObject({ calendar_token: token });
  });
});

describe('the secret link', () => {
  it("is given to the admin and the team's partner, and it opens the feed", async () => {
    const admin = await t.tokenFor('admin');
    for (const who of [admin, partnerToken]) {
      const res = await t.http.get(`/api/teams/${own.id}/calendar-link`).set(bearer(who));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ teamId: own.id, path: `/api/teams/${own.id}/calendar.ics?token=${token}` });
      expect(res.body.url).toMatch(new RegExp(`^http://[^/]+/api/teams/${own.id}/calendar\\.ics\\?token=${token}$`));
      expect((await t.http.get(res.body.path)).status).toBe(200);
    }
  });

  it("is 404 to another partner, 403 to the bureau, 401 without sign-in", async () => {
    expectProblem(await t.http.get(`/api/teams/${own.id}/calendar-link`).set(bearer(otherPartnerToken)), 404);
    expectProblem(await t.http.get(`/api/teams/${own.id}/calendar-link`).set(bearer(await t.tokenFor('bureau'))), 403);
    expectProblem(await t.http.get(`/api/teams/${own.id}/calendar-link`), 401);
    expectProblem(await t.http.get(`/api/teams/999999/calendar-link`).set(bearer(await t.tokenFor('admin'))), 404);
  });
});
