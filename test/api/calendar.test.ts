import { beforeAll, describe, expect, it } from 'vitest';
import * as migration from '../../migrations/202611262300_add_team_calendar_token.js';
import { expectProblem, useApp } from '../helpers/api.js';
import { team } from '../helpers/factories.js';

const app = useApp({ as: ['admin', 'bureau', 'partner'], now: '2026-11-26T12:00:00' });
let own: { id: number; name: string };
let other: { id: number };
let token: string;

beforeAll(async () => {
  own = await app.make.team({ partner_id: app.as.partner.partnerId });
  other = await app.make.team();
  token = (await app.db('teams').where({ id: own.id }).first()).calendar_token;
  const tw = await app.make.township({ name: '秀山街道' });
  const v = await app.make.village({ township_id: tw.id, name: '三义村' });
  const f = await app.make.film({ title: '长津湖' });
  const second = await app.make.film({ title: '喜盈门, 上集', category: 'science', minutes: 30 });
  await app.make.screening({ village_id: v.id, team_id: own.id, programme: [f.id, second.id], starts_at: '2026-12-05T19:30+08:00' });
  await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-11-20T19:00+08:00', status: 'completed', audience: 120 });
  await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-12-06T19:30+08:00', status: 'cancelled', cancel_reason: '下雨' });
  await app.make.screening({ village_id: v.id, team_id: other.id, starts_at: '2026-12-07T19:30+08:00', notes: 'other team' });
});

const feed = (id: number, tok?: string) => app.http.get(`/api/teams/${id}/calendar.ics${tok === undefined ? '' : `?token=${encodeURIComponent(tok)}`}`);
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe("a team's calendar feed", () => {
  it("answers the right token without sign-in: the team's screenings as 2-hour events in the county zone, a cancelled one as cancelled", async () => {
    const res = await feed(own.id, token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const text = unfold(res.text);
    expect(text).toMatch(/^BEGIN:VCALENDAR/);
    expect(text).toContain('TZID:Asia/Shanghai');
    expect(text).toContain('TZOFFSETTO:+0800');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(text).toContain('DTSTART;TZID=Asia/Shanghai:20261205T193000');
    expect(text).toContain('DTEND;TZID=Asia/Shanghai:20261205T213000');
    // the programme's titles in its order, a comma in one escaped
    expect(text).toContain('SUMMARY:长津湖、喜盈门\\, 上集 · 三义村');
    expect(text).toMatch(/DESCRIPTION:[^\r\n]*节目 programme:\\n1\. 长津湖 · 故事片\\n2\. 喜盈门\\, 上集 · 科教片 · 30 分钟/);
    expect(text).toContain('LOCATION:三义村\\, 秀山街道');
    expect(text).toMatch(/DESCRIPTION:[^\r\n]*scheduled/);
    expect(text).toMatch(/DESCRIPTION:[^\r\n]*completed[^\r\n]*120/);
    // the cancelled one stays, as cancelled, so a subscribed phone takes it out; the other team's is not in it
    const events = text.split('BEGIN:VEVENT').slice(1);
    expect(events.filter((e) => e.includes('STATUS:CANCELLED')).map((e) => /DTSTART[^:]*:(\w+)/.exec(e)?.[1])).toEqual(['20261206T193000']);
    expect(text).not.toContain('20261207T193000');
  });

  it('a wrong, missing or another team\'s token, or an unknown team, is 404 and tells nothing', async () => {
    const otherToken = (await app.db('teams').where({ id: other.id }).first()).calendar_token;
    for (const res of [await feed(own.id, 'x' + token.slice(1)), await feed(own.id), await feed(own.id, ''), await feed(own.id, otherToken), await feed(999999, token), await app.http.get(`/api/teams/abc/calendar.ics?token=${token}`)]) {
      expectProblem(res, 404);
      expect(res.text).not.toContain('VCALENDAR');
    }
  });

  it('every team has its own random token: existing teams at migration time, new teams by default', async () => {
    const tokens: string[] = await app.db('teams').pluck('calendar_token');
    expect(tokens.every((x) => /^[0-9a-f]{64}$/.test(x))).toBe(true);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Undo the migration over teams that exist, and do it again: the rows are backfilled.
    const undo = new Error('undo');
    await app.db.transaction(async (trx) => {
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
    expect(await app.db('teams').where({ id: own.id }).first()).toMatchObject({ calendar_token: token });
  });
});

describe('the secret link', () => {
  it("is given to the admin and the team's partner, and it opens the feed", async () => {
    for (const who of [app.as.admin, app.as.partner]) {
      const res = await who.get(`/api/teams/${own.id}/calendar-link`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ teamId: own.id, path: `/api/teams/${own.id}/calendar.ics?token=${token}` });
      expect(res.body.url).toMatch(new RegExp(`^http://[^/]+/api/teams/${own.id}/calendar\\.ics\\?token=${token}$`));
      expect((await app.http.get(res.body.path)).status).toBe(200);
    }
  });

  it("is 404 to another partner, 403 to the bureau, 401 without sign-in", async () => {
    expectProblem(await (await app.newUser('partner')).get(`/api/teams/${own.id}/calendar-link`), 404);
    expectProblem(await app.as.bureau.get(`/api/teams/${own.id}/calendar-link`), 403);
    expectProblem(await app.http.get(`/api/teams/${own.id}/calendar-link`), 401);
    expectProblem(await app.as.admin.get(`/api/teams/999999/calendar-link`), 404);
  });
});
