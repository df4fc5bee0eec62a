import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions.js';
import { bearer, useApp } from '../helpers/api.js';

// A flag about another screening (duplicate_photo, impossible_travel) names it as a reviewer
// knows it — its village, its start and its team, in `related` and in both messages — and never
// by its bare id; and only to a reader who may see that screening: a bureau user of another area
// and another partner get `related: null` and no name, and the audit log keeps no name either.

const photoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'film2131-related-'));
const app = useApp({ as: ['admin', 'partner'], now: '2026-11-21T12:00:00', env: { PHOTO_DIR: photoDir } });
afterAll(() => fs.rmSync(photoDir, { recursive: true, force: true }));

/** Degrees of latitude for `km` kilometres north. */
const north = (km: number) => km / ((6371.0088 * Math.PI) / 180);
const HERE = { lat: 24.1, lng: 102.75 };

interface FlagAnswer {
  code: string;
  params: Record<string, number>;
  related?: { screeningId: number; villageName: string; startsAt: string; teamName: string } | null;
  message: string;
  messageZh: string;
}

let here: { id: number; name: string };
let far: { id: number; name: string };
let team: { id: number; name: string };
let otherTeam: { id: number; name: string };
let otherPartner: { auth: Record<string, string>; partnerId: number | null };
let bureauHere: Record<string, string>;
const ids = { early: 0, late: 0, mine: 0, theirs: 0 };

async function completed(auth: Record<string, string>, villageId: number, teamId: number, startsAt: string) {
  const res = await app.http.post('/api/screenings').set(auth).send({ villageId, teamId, startsAt, status: 'completed', audience: 60 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

const flagOf = async (auth: Record<string, string>, id: number, code: string) => {
  const res = await app.http.get(`/api/screenings/${id}`).set(auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.verification.flags as FlagAnswer[]).find((f) => f.code === code)!;
};

beforeAll(async () => {
  // Two counties of one prefecture; a bureau user who watches the first.
  const [province] = await app.db('areas').insert({ code: '53', name: '云南省' }).returning('id');
  expect(province).toBeDefined();
  await app.db('areas').insert({ code: '5304', name: '玉溪市' });
  const [countyHere] = await app.db('areas').insert({ code: '530423', name: '通海县' }).returning('id');
  const [countyFar] = await app.db('areas').insert({ code: '530402', name: '红塔区' }).returning('id');
  const townshipHere = await app.make.township({ county_id: countyHere.id });
  const townshipFar = await app.make.township({ county_id: countyFar.id });
  here = await app.make.village({ township_id: townshipHere.id, name: '秀山社区', ...HERE });
  far = await app.make.village({ township_id: townshipFar.id, name: '北苑村', lat: HERE.lat + north(300), lng: HERE.lng });
  team = await app.make.team({ partner_id: app.as.partner.partnerId, name: '第一放映队' });
  otherPartner = await app.newUser('partner');
  otherTeam = await app.make.team({ partner_id: otherPartner.partnerId, name: '红塔二队' });
  const [u] = await app.db('users').insert({ username: `bureau_here_${Date.now()}`, password_hash: 'x', role: 'bureau', area_id: countyHere.id }).returning('id');
  bureauHere = bearer((await createSession(app.db, u.id, 1)).token);

  // The team in 秀山社区 at 19:30 and 300 km away three and a half hours later: impossible travel.
  const partner = app.as.partner.auth;
  ids.early = await completed(partner, here.id, team.id, '2026-11-20T19:30');
  ids.late = await completed(partner, far.id, team.id, '2026-11-20T23:00');
  // One picture sent for two companies' screenings: a duplicate photo on both.
  ids.mine = await completed(partner, here.id, team.id, '2026-11-18T19:30');
  ids.theirs = await completed(otherPartner.auth, far.id, otherTeam.id, '2026-11-16T20:00');
  const picture = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a6' } })
    .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><circle cx="200" cy="200" r="120" fill="#c33"/><rect x="380" y="260" width="200" height="160" fill="#33c"/></svg>') }])
    .jpeg()
    .toBuffer();
  for (const [id, auth] of [[ids.theirs, otherPartner.auth], [ids.mine, partner]] as const) {
    const res = await app.http.post(`/api/screenings/${id}/photos`).set(auth).set('Content-Type', 'image/jpeg').send(picture);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});

/** No bare id of the other screening in a message: neither "第 N 场" nor "screening N". */
const noBareId = (f: FlagAnswer, other: number) => {
  expect(f.messageZh).not.toMatch(new RegExp(`第 ?${other} ?场|(^|\\D)${other}(\\D|$)`));
  expect(f.message).not.toMatch(new RegExp(`screening ${other}\\b|(^|\\D)${other}(\\D|$)`));
};

describe('a flag about another screening, read by someone who may see it', () => {
  it('impossible_travel names the other screening by village, start and team, in related and in both messages', async () => {
    const f = await flagOf(app.as.admin.auth, ids.late, 'impossible_travel');
    expect(f.params.otherId).toBe(ids.early);
    expect(f.related).toEqual({ screeningId: ids.early, villageName: '秀山社区', startsAt: '2026-11-20T19:30:00.000+08:00', teamName: '第一放映队' });
    expect(f.messageZh).toContain('秀山社区 2026年11月20日 19:30（第一放映队）');
    expect(f.message).toContain('秀山社区, 20 Nov 2026, 19:30 (第一放映队)');
    noBareId(f, ids.early);
    // The partner's own team: the same names on the partner's answer.
    expect((await flagOf(app.as.partner.auth, ids.late, 'impossible_travel')).related).toMatchObject({ screeningId: ids.early, villageName: '秀山社区' });
  });

  it('duplicate_photo names the screening the picture was first sent for, in related and in both messages', async () => {
    const f = await flagOf(app.as.admin.auth, ids.mine, 'duplicate_photo');
    expect(f.params.otherScreeningId).toBe(ids.theirs);
    expect(f.related).toEqual({ screeningId: ids.theirs, villageName: '北苑村', startsAt: '2026-11-16T20:00:00.000+08:00', teamName: '红塔二队' });
    expect(f.messageZh).toBe('本场的照片与在北苑村 2026年11月16日 20:00（红塔二队）那场的照片是同一张。');
    expect(f.message).toBe('A photo of this screening is the same picture as a photo of the screening at 北苑村, 16 Nov 2026, 20:00 (红塔二队).');
    noBareId(f, ids.theirs);
    // The review queue carries the same.
    const queue = await app.as.admin.get('/api/review').query({ month: '2026-11', flag: 'duplicate_photo' });
    const item = (queue.body.items as { id: number; verification: { flags: FlagAnswer[] } }[]).find((s) => s.id === ids.mine)!;
    expect(item.verification.flags.find((x) => x.code === 'duplicate_photo')!.related).toMatchObject({ screeningId: ids.theirs, villageName: '北苑村', teamName: '红塔二队' });
  });
});

describe('a flag about a screening the reader may not see', () => {
  it('a bureau user of another area gets related null and no name of it, on the screening and in the queue', async () => {
    const travel = await flagOf(bureauHere, ids.early, 'impossible_travel');
    expect(travel.related).toBeNull();
    expect(travel.messageZh).toContain('你无权查看的另一场');
    const photo = await flagOf(bureauHere, ids.mine, 'duplicate_photo');
    expect(photo.related).toBeNull();
    expect(photo.message).toBe('A photo of this screening is the same picture as a photo of another screening you may not see.');
    const queue = await app.http.get('/api/review').set(bureauHere).query({ month: '2026-11', state: 'flagged' });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((s: { id: number }) => s.id)).toEqual(expect.arrayContaining([ids.early, ids.mine]));
    expect(JSON.stringify(queue.body)).not.toMatch(/北苑村|红塔二队/);
  });

  it('another partner gets related null and no name of it', async () => {
    const photo = await flagOf(app.as.partner.auth, ids.mine, 'duplicate_photo');
    expect(photo.related).toBeNull();
    expect(JSON.stringify(photo)).not.toMatch(/北苑村|红塔二队/);
    const theirs = await flagOf(otherPartner.auth, ids.theirs, 'duplicate_photo');
    expect(theirs.related).toBeNull();
    expect(JSON.stringify(theirs)).not.toMatch(/秀山社区|第一放映队/);
  });

  it('the audit log keeps no name of another screening, whoever wrote', async () => {
    // The admin sees both names when deciding; the log the area's bureau reads keeps neither.
    expect((await app.as.admin.post(`/api/screenings/${ids.early}/review`).send({ decision: 'accepted', reason: 'checked' })).status).toBe(200);
    expect((await app.as.admin.post(`/api/screenings/${ids.mine}/review`).send({ decision: 'accepted', reason: 'checked' })).status).toBe(200);
    for (const id of [ids.early, ids.mine]) {
      const log = await app.http.get('/api/audit').set(bureauHere).query({ entity: 'screening', id });
      expect(log.status).toBe(200);
      expect(log.body.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(log.body)).not.toMatch(/北苑村|红塔二队/);
    }
  });
});
