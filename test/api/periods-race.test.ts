import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/api.js';

// An approval and a write of the same county-month at the same moment (DOMAIN.md "Periods and
// settlement"): the write lands before the approval reads the month, or is refused after it;
// never a change committed into a locked month. The sign-off step takes the county's advisory
// lock exclusively, the database's trigger takes it shared for every write of a screening or its
// evidence (migrations/202612090001). PostgreSQL only: PGlite has one connection, so nothing
// there runs at the same moment.

const url = process.env.TEST_DATABASE_URL;
const app = useApp({ as: ['bureau'], now: '2026-04-02T12:00:00' });
const COUNTIES = 20;
const PERIOD_LOCK = 2135;
/** Each county with its one completed March screening, submitted by the partner. */
const sides: { county: number; screening: number }[] = [];
let partner: Awaited<ReturnType<typeof app.newUser>>;

beforeAll(async () => {
  if (!url) return;
  await app.db('areas').insert([{ code: '53', name: '云南省' }, { code: '5304', name: '玉溪市' }]);
  partner = await app.newUser('partner');
  const team = (await app.make.team({ partner_id: partner.partnerId! })).id;
  for (let i = 0; i < COUNTIES + 2; i++) {
    const [{ id: county }] = await app.db('areas').insert({ code: `5304${String(10 + i)}`, name: `县${i}` }).returning('id');
    await app.db('contracts').insert({ partner_id: partner.partnerId!, county_id: county, from_month: '2026-01' });
    const t = await app.make.township({ county_id: county });
    const village = (await app.make.village({ township_id: t.id })).id;
    const screening = (await app.make.screening({ village_id: village, team_id: team, starts_at: `2026-03-${String(i + 1).padStart(2, '0')}T19:00:00+08:00`, status: 'completed', audience: 40 })).id;
    expect((await partner.post(`/api/periods/${county}/2026-03/submit`).send({})).body.state).toBe('submitted');
    sides.push({ county, screening });
  }
});

const approve = (county: number) => app.as.bureau.post(`/api/periods/${county}/2026-03/approve`).send({});
/** Resolves once some session waits for an advisory lock of this county (polled: no timing assumed). */
async function someoneWaits(county: number) {
  for (;;) {
    const { rows } = await app.db.raw(`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and classid = ? and objid = ?`, [PERIOD_LOCK, county]);
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!url)('an approval and a write at the same moment (PostgreSQL)', () => {
  it('a write in flight first: the approval waits for it, then locks the month with the change in it', async () => {
    const { county, screening } = sides[COUNTIES]!;
    const trx = await app.db.transaction();
    await trx('screenings').where({ id: screening }).update({ audience: 99 });
    const pending = approve(county).then((r) => r);
    await someoneWaits(county);
    expect((await app.db('periods').where({ county_id: county, month: '2026-03' }).first('state')).state).toBe('submitted');
    await trx.commit();
    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.state).toBe('locked');
    expect((await app.db('screenings').where({ id: screening }).first('audience')).audience).toBe(99);
  });

  it('the approval first, holding its lock: the write waits for it, then is refused as locked', async () => {
    const { county, screening } = sides[COUNTIES + 1]!;
    // What the approval does in its transaction: the county's lock, exclusively, and the month locked.
    const trx = await app.db.transaction();
    await trx.raw('select pg_advisory_xact_lock(?, ?)', [PERIOD_LOCK, county]);
    await trx('periods').where({ county_id: county, month: '2026-03' }).update({ state: 'locked', approved_levels: ['county'] });
    const pending = partner.patch(`/api/screenings/${screening}`).send({ audience: 77 }).then((r) => r);
    await someoneWaits(county);
    await trx.commit();
    const res = await pending;
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body).toMatchObject({ type: 'https://film2131.example/problems/period-locked', period: { countyId: county, month: '2026-03' } });
    expect((await app.db('screenings').where({ id: screening }).first('audience')).audience).toBe(40);
  });

  it(`${COUNTIES} approvals, each racing a PATCH of its month: each PATCH lands before its approval or is refused, never after`, async () => {
    const pairs = await Promise.all(
      sides.slice(0, COUNTIES).map(async ({ county, screening }, i) => {
        const [approved, patched] = await Promise.all([approve(county), partner.patch(`/api/screenings/${screening}`).send({ audience: 100 + i })]);
        return { county, screening, i, approved, patched };
      }),
    );
    for (const { county, screening, i, approved, patched } of pairs) {
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(approved.body.state).toBe('locked');
      const row = await app.db('screenings').where({ id: screening }).first('audience');
      const logged = async (entity: string, id: number) => (await app.db('audit_log').where({ entity, entity_id: id }).orderBy('id', 'desc').first('id'))?.id as number | undefined;
      if (patched.status === 200) {
        // The change is in the locked month, and was written (its audit row numbered) before the approval's.
        expect(row.audience).toBe(100 + i);
        expect((await logged('screening', screening))!).toBeLessThan((await logged('period', county))!);
      } else {
        expect(patched.status, JSON.stringify(patched.body)).toBe(409);
        expect(patched.body).toMatchObject({ type: 'https://film2131.example/problems/period-locked', period: { countyId: county, month: '2026-03' } });
        expect(row.audience).toBe(40);
      }
      // Nothing of the screening was written after the approval: its audit rows, numbered by one sequence as they
      // are written, all come before the approval's (a time would not do: now() is each transaction's start).
      const last = await logged('screening', screening);
      if (last !== undefined) expect(last).toBeLessThan((await logged('period', county))!);
    }
  });
});

describe.skipIf(url)('on PGlite', () => {
  it('is skipped: one connection, nothing runs at the same moment', () => {
    expect(app.engine).toBe('pglite');
  });
});
