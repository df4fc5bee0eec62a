import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { confineRole } from '../auth/confine.js';
import { currentUser, requireUser } from '../auth/guard.js';
import { registerConstraint } from '../db/errors.js';
import type { Db } from '../db/index.js';
import { forbidden, notFound } from '../http/problem.js';
import { id as idSchema } from '../http/validate.js';
import { categoryNamesZh } from '../../domain/programme.js';
import { titlesOf } from '../screenings/programme-text.js';
import { programmeFilms, type ProgrammeFilmRow } from '../programmes/films.js';
import { toIcs, type IcsEvent } from './ics.js';

// A projectionist's phone subscribes to its team's screenings by a secret link: no sign-in, so a
// wrong team, a wrong token or no token all look the same (404) and reveal nothing. Each event is
// titled by its programme's titles and the village; its description lists the programme in order.

// Tokens come from gen_random_uuid(): a collision is as likely as guessing one, but name it anyway.
registerConstraint('teams_calendar_token_key', 'calendarToken', 'this calendar token is taken; try again');

/** How far back the feed reaches: recent history stays visible, older months are left out. */
const HISTORY_DAYS = 92;
const DURATION_HOURS = 2;

async function teamByToken(db: Db, rawId: string, token: unknown) {
  const id = idSchema.safeParse(rawId);
  if (!id.success || typeof token !== 'string' || !token) return undefined;
  const team = await db('teams').where({ id: id.data }).first('id', 'name', 'calendar_token');
  if (!team) return undefined;
  const a = Buffer.from(String(team.calendar_token));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b) ? (team as { id: number; name: string }) : undefined;
}

/**
 * A VTIMEZONE for a zone without daylight saving (every zone of China), from luxon; null for a zone
 * that has it, and then the events are written in UTC, which every calendar reads correctly.
 */
export function vtimezone(zone: string, year = DateTime.now().year): string | null {
  const jan = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
  const jul = DateTime.fromObject({ year, month: 7, day: 1 }, { zone });
  if (!jan.isValid || jan.offset !== jul.offset) return null;
  const sign = jan.offset < 0 ? '-' : '+';
  const abs = Math.abs(jan.offset);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offset}`,
    `TZOFFSETTO:${offset}`,
    `TZNAME:${jan.offsetNameShort ?? offset}`,
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n');
}

/** The programme, one film a line in order ("1. 喜盈门 · 故事片 · 95 分钟"), or that it is not decided. */
function programmeText(films: ProgrammeFilmRow[]): string {
  if (!films.length) return '节目 programme: 节目未定 not decided';
  return ['节目 programme:', ...films.map((f, i) => [`${i + 1}. ${f.title}`, categoryNamesZh[f.category], f.minutes === null ? '' : `${f.minutes} 分钟`].filter(Boolean).join(' · '))].join('\n');
}

const statusText: Record<string, string> = { scheduled: '已安排 scheduled', completed: '已放映 completed', cancelled: '已取消 cancelled' };
/** A cancelled screening stays in the feed as STATUS:CANCELLED, so subscribed calendars take it out. */
const eventStatus = (s: string): IcsEvent['status'] => (s === 'cancelled' ? 'CANCELLED' : 'CONFIRMED');

export function calendarRoutes(ctx: AppContext): Router {
  const r = Router();
  const zone = ctx.config.timezone;

  r.get('/:id/calendar.ics', async (req, res) => {
    const team = await teamByToken(ctx.db, req.params.id, req.query.token);
    if (!team) throw notFound('Calendar');
    const since = ctx.config.now().minus({ days: HISTORY_DAYS }).toJSDate();
    const rows = await ctx.db('screenings as s')
      .join('villages as v', 'v.id', 's.village_id')
      .join('townships as tw', 'tw.id', 'v.township_id')
      .where('s.team_id', team.id)
      .where('s.starts_at', '>=', since)
      .select('s.id', 's.starts_at', 's.status', 's.audience', 's.cancel_reason', 's.notes', 's.updated_at', 's.version', 'v.name as village_name', 'tw.name as township_name', programmeFilms(ctx.db, 's.programme'))
      .orderBy('s.starts_at');

    const vtz = vtimezone(zone);
    const events = rows.map((s): IcsEvent => ({
      uid: `screening-${s.id}@film2131`,
      sequence: s.version,
      start: s.starts_at,
      end: DateTime.fromJSDate(s.starts_at).plus({ hours: DURATION_HOURS }).toJSDate(),
      summary: `${titlesOf(s.programme_films) || '电影放映'} · ${s.village_name}`,
      location: `${s.village_name}, ${s.township_name}`,
      description: [`状态 status: ${statusText[s.status] ?? s.status}`, programmeText(s.programme_films), s.audience !== null ? `观众 audience: ${s.audience}` : '', s.cancel_reason ? `原因 reason: ${s.cancel_reason}` : '', s.notes ?? '']
        .filter(Boolean)
        .join('\n'),
      status: eventStatus(s.status),
      lastModified: s.updated_at,
    }));
    const ics = toIcs({ name: `${team.name} 放映安排`, zone: vtz ? zone : null, vtimezone: vtz ?? undefined, events, stamp: ctx.config.now().toJSDate() });
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.type('text/calendar; charset=utf-8').send(ics);
  });

  // The secret link itself, for whoever may hand it to the team: the admin, or the team's partner.
  // This router needs no sign-in for the feed, so this route signs in itself (a projectionist's
  // account has the phone page's routes only: ../auth/confine.ts).
  r.get('/:id/calendar-link', requireUser, confineRole, async (req: Request, res) => {
    const user = currentUser(req);
    if (user.role === 'bureau') throw forbidden('The calendar link is handed out by the team\'s partner.');
    const id = idSchema.safeParse(req.params.id);
    const team = id.success ? await ctx.db('teams').where({ id: id.data }).first('id', 'partner_id', 'calendar_token') : undefined;
    if (!team || (user.role === 'partner' && team.partner_id !== user.partnerId)) throw notFound('Team', String(req.params.id));
    const path = `/api/teams/${team.id}/calendar.ics?token=${team.calendar_token}`;
    res.setHeader('Cache-Control', 'no-store');
    res.json({ teamId: team.id, path, url: `${req.protocol}://${req.host}${path}` });
  });

  return r;
}
