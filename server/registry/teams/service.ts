import { villageVisible } from '../../areas/scope.js';
import { audited } from '../../audit/log.js';
import type { Caller, User } from '../../auth/user.js';
import type { Db } from '../../db/index.js';
import { forbidden, invalidField, notFound } from '../../http/problem.js';
import type { Page } from '../../http/paging.js';
import { byPartnerAndName, insertTeam, teamList, teamRow, toTeam, updateTeamRow, type Team } from './queries.js';
import type { NewTeam, TeamPatch, TeamQuery } from './schemas.js';

/** Another partner's team is unknown (404) to a partner. */
async function findTeam(db: Db, user: User, id: number): Promise<Team> {
  const row = await teamRow(db, user, id);
  if (!row) throw notFound('Team', id);
  return toTeam(row);
}

/** DOMAIN.md: the bureau reads teams; the admin and the team's own partner write them. */
export function checkTeamWriter(user: User): void {
  if (user.role === 'bureau') throw forbidden('Teams are managed by their partner.');
}

/** The partner a team belongs to: a partner's own (it may leave it out, never name another). */
function ownPartner(user: User, partnerId: number | undefined): number | undefined {
  if (user.role !== 'partner') return partnerId;
  if (partnerId !== undefined && partnerId !== user.partnerId) throw forbidden('A partner manages its own teams only.');
  return user.partnerId ?? undefined;
}

const writes = (user: User) => audited('team', (db, id) => findTeam(db, user, id));

/** A base outside the user's counties is no village to it: the same 400 as an id that names none. */
async function checkBase(c: Caller, baseVillageId: number | null | undefined): Promise<void> {
  if (baseVillageId && !(await villageVisible(c.db, c.user, baseVillageId))) throw invalidField('baseVillageId', 'no such village');
}

async function createTeam(c: Caller, t: NewTeam): Promise<Team> {
  const partnerId = ownPartner(c.user, t.partnerId);
  if (partnerId === undefined) throw invalidField('partnerId', 'required');
  await checkBase(c, t.baseVillageId);
  return writes(c.user).create(c.db, c.user.id, (trx) => insertTeam(trx, { ...t, partnerId }));
}

/** A partner has a handful of teams, a county a few dozen: read them all, sort by name, then page. */
async function listTeams(c: Caller, q: TeamQuery): Promise<Page<Team>> {
  const rows = (await teamList(c.db, c.user, q)).sort(byPartnerAndName);
  return { items: rows.slice(q.offset, q.offset + q.limit).map(toTeam), total: rows.length };
}

export const teams = {
  list: listTeams,
  find: (c: Caller, id: number) => findTeam(c.db, c.user, id),
  create: createTeam,
  update: (c: Caller, id: number, t: TeamPatch) =>
    writes(c.user).update(c.db, c.user.id, id, async (trx) => {
      await checkBase({ ...c, db: trx }, t.baseVillageId);
      await updateTeamRow(trx, id, { ...t, partnerId: ownPartner(c.user, t.partnerId) });
    }),
};
