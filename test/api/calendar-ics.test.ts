import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { escapeText, fold } from '../../server/plans/ics.js';
import { useApp } from '../helpers/api.js';

// The team feed is RFC 5545: two independent parsers read it without a warning, every event has a
// UTC DTSTAMP, a STATUS and its zone's VTIMEZONE, and a cancelled screening is sent as cancelled.

const app = useApp({ now: '2026-11-26T12:00:00' });
let text: string;
let ids: { scheduled: number; completed: number; cancelled: number };

beforeAll(async () => {
  const own = await app.make.team({ name: '第一放映队' });
  const tw = await app.make.township({ name: '秀山街道' });
  const v = await app.make.village({ township_id: tw.id, name: '三义村; 北, 组' });
  const f = await app.make.film({ title: '长津湖：水门桥 (The Battle at Lake Changjin II), a film with a title long enough to be folded', minutes: 149 });
  const short = await app.make.film({ title: '种子; 土壤, 水', category: 'science', minutes: 20 });
  ids = {
    scheduled: (await app.make.screening({ village_id: v.id, team_id: own.id, programme: [f.id, short.id], starts_at: '2026-12-05T19:30+08:00', notes: 'line one\nline two' })).id,
    completed: (await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-11-20T19:00+08:00', status: 'completed', audience: 120 })).id,
    cancelled: (await app.make.screening({ village_id: v.id, team_id: own.id, starts_at: '2026-12-06T19:30+08:00', status: 'cancelled', cancel_reason: '下雨' })).id,
  };
  const token = (await app.db('teams').where({ id: own.id }).first()).calendar_token;
  const res = await app.http.get(`/api/teams/${own.id}/calendar.ics?token=${token}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/calendar/);
  text = res.text;
});

/** Runs `parse`, failing on anything it writes to the console. */
function quietly<T>(parse: () => T): T {
  const spies = (['warn', 'error', 'log'] as const).map((k) => vi.spyOn(console, k));
  try {
    return parse();
  } finally {
    for (const spy of spies) {
      expect(spy.mock.calls, `console.${spy.getMockName()} while parsing`).toEqual([]);
      spy.mockRestore();
    }
  }
}

describe('the calendar feed as RFC 5545', () => {
  it('ical.js parses it strictly: UTC stamps, a status on every event, local times in the VTIMEZONE, the cancelled one cancelled', () => {
    const root = new ICAL.Component(quietly(() => ICAL.parse(text)));
    expect(root.name).toBe('vcalendar');
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');
    const tz = new ICAL.Timezone(root.getFirstSubcomponent('vtimezone')!);
    const events = root.getAllSubcomponents('vevent');
    expect(events).toHaveLength(3);
    const byUid = new Map(events.map((e) => [String(e.getFirstPropertyValue('uid')), e]));
    for (const [kind, id] of Object.entries(ids)) {
      const e = byUid.get(`screening-${id}@film2131`)!;
      expect(e, kind).toBeDefined();
      const stamp = e.getFirstPropertyValue('dtstamp') as ICAL.Time;
      expect(stamp.zone?.tzid, `${kind} DTSTAMP`).toBe('UTC');
      expect((e.getFirstPropertyValue('last-modified') as ICAL.Time).zone?.tzid, `${kind} LAST-MODIFIED`).toBe('UTC');
      expect(e.getFirstPropertyValue('status'), kind).toBe(kind === 'cancelled' ? 'CANCELLED' : 'CONFIRMED');
      expect(e.getFirstProperty('dtstart')?.getParameter('tzid'), kind).toBe('Asia/Shanghai');
    }
    const start = byUid.get(`screening-${ids.scheduled}@film2131`)!.getFirstPropertyValue('dtstart') as ICAL.Time;
    start.zone = tz;
    expect(start.toUnixTime()).toBe(Date.parse('2026-12-05T19:30:00+08:00') / 1000);
    // Text comes back as it was written: the escaped ; , and the newline survive.
    const scheduled = new ICAL.Event(byUid.get(`screening-${ids.scheduled}@film2131`)!);
    expect(scheduled.location).toBe('三义村; 北, 组, 秀山街道');
    expect(scheduled.description).toContain('line one\nline two');
    expect(scheduled.summary).toContain('a film with a title long enough to be folded');
    // The programme: both titles in its order in the summary, one film a line in the description, ; and , kept.
    expect(scheduled.summary).toBe('长津湖：水门桥 (The Battle at Lake Changjin II), a film with a title long enough to be folded、种子; 土壤, 水 · 三义村; 北, 组');
    expect(scheduled.description).toContain('节目 programme:\n1. 长津湖：水门桥 (The Battle at Lake Changjin II), a film with a title long enough to be folded · 故事片 · 149 分钟\n2. 种子; 土壤, 水 · 科教片 · 20 分钟');
    const completed = new ICAL.Event(byUid.get(`screening-${ids.completed}@film2131`)!);
    expect(completed.summary).toBe('电影放映 · 三义村; 北, 组');
    expect(completed.description).toContain('节目未定');
  });

  it('escapes a programme title’s semicolon and comma in the summary and the description', () => {
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toMatch(/^SUMMARY:[^\r\n]*folded、种子\\; 土壤\\, 水 · 三义村\\; 北\\, 组\r$/m);
    expect(unfolded).toMatch(/^DESCRIPTION:[^\r\n]*\\n2\. 种子\\; 土壤\\, 水 · 科教片 · 20 分钟/m);
  });

  it('node-ical reads the same events at the same instants, the cancelled one as cancelled', () => {
    const parsed = quietly(() => nodeIcal.sync.parseICS(text));
    const events = Object.values(parsed).filter((c) => c?.type === 'VEVENT') as nodeIcal.VEvent[];
    expect(events.map((e) => e.uid).sort()).toEqual(Object.values(ids).map((id) => `screening-${id}@film2131`).sort());
    const byUid = new Map(events.map((e) => [e.uid, e]));
    expect(byUid.get(`screening-${ids.scheduled}@film2131`)!.start.toISOString()).toBe('2026-12-05T11:30:00.000Z');
    expect(byUid.get(`screening-${ids.scheduled}@film2131`)!.end?.toISOString()).toBe('2026-12-05T13:30:00.000Z');
    expect(byUid.get(`screening-${ids.cancelled}@film2131`)!.status).toBe('CANCELLED');
    expect(byUid.get(`screening-${ids.completed}@film2131`)!.status).toBe('CONFIRMED');
    expect(byUid.get(`screening-${ids.completed}@film2131`)!.dtstamp.toISOString()).toBe('2026-11-26T04:00:00.000Z');
  });

  it('no non-standard TIMEZONE-ID line; every line ends in CRLF and fits 75 octets', () => {
    expect(text).not.toMatch(/^TIMEZONE-ID/m);
    expect(text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n')) {
      expect(line).not.toContain('\n');
      expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
    }
  });
});

describe('iCalendar text', () => {
  it('escapes backslash, semicolon, comma and newline', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });
  it('folds at 75 octets without splitting a character, and unfolds to the same line', () => {
    const line = `SUMMARY:${'长津湖'.repeat(40)}`;
    const folded = fold(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(fold('SHORT:x')).toBe('SHORT:x');
  });
});
