import { whereVillageInScope } from '../areas/scope.js';
import type { User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import { badRequest } from '../http/problem.js';
import { formatTime, monthRange, whereInMonth, type MonthRange } from '../months.js';
import { programmeFilms, type ProgrammeFilmRow } from '../programmes/films.js';
import { teamsWithBase, type TeamRow } from './queries.js';

// A team's printed run sheet (GET /api/plans/runsheet): each evening with its programme, the films in order. The team is one the user may see (a
// partner's own; another's is no team to it, 400 like an id that names none); its screenings are
// those the user may see as screenings (server/screenings/queries.ts selectScreenings): a partner's
// own team's, anyone else's only inside the user's counties.

/** A team's screenings of a month that are not cancelled and that the user may see, with the names a run sheet prints. */
async function runsheetRows(db: Db, user: User, teamId: number, month: MonthRange) {
  const query = db('screenings as s')
    .join('villages as v', 'v.id', 's.village_id')
    .join('townships as tw', 'tw.id', 'v.township_id')
    .where('s.team_id', teamId)
    .whereNot('s.status', 'cancelled')
    .select('s.id', 's.starts_at', 's.status', 's.village_id', 'v.name as village_name', 'tw.name as township_name', 's.programme', programmeFilms(db, 's.programme'))
    .orderBy(['s.starts_at', 's.id']);
  if (user.role !== 'partner') whereVillageInScope(db, query, user, 's.village_id');
  return (await whereInMonth(query, 's.starts_at', month)) as {
    id: number;
    starts_at: Date;
    status: string;
    village_id: number;
    village_name: string;
    township_name: string;
    programme: number[];
    programme_films: ProgrammeFilmRow[];
  }[];
}

/** What a printed run sheet needs: the team, and its live screenings of the month in order. */
export async function runsheet(c: { db: Db; user: User; zone: string }, teamId: number, monthText: string) {
  const month = monthRange(monthText, c.zone);
  const team: TeamRow | undefined = await teamsWithBase(c.db, c.user).where('teams.id', teamId).first();
  if (!team) throw badRequest('Invalid query: teamId.', [{ path: 'teamId', message: 'no such team' }]);
  const rows = await runsheetRows(c.db, c.user, teamId, month);
  return {
    team: { id: team.id, name: team.name, partnerId: team.partner_id, phone: team.phone },
    month: month.month,
    rows: rows.map((r) => ({
      id: r.id,
      startsAt: formatTime(r.starts_at, c.zone),
      villageId: r.village_id,
      villageName: r.village_name,
      townshipName: r.township_name,
      filmTitle: r.programme_films[0]?.title ?? null,
      programme: r.programme,
      films: r.programme_films,
      contact: team.phone,
      status: r.status,
    })),
  };
}
