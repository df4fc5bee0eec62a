import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { film, team, township, village } from '../helpers/factories.js';
import { bearer, expectProblem } from './support.js';

// PATCH: null clears an optional field; null for a required one is a 400 naming it; {} changes nothing.

let t: TestApp;
let auth: Record<string, string>;
const paths: Record<string, string> = {};
beforeAll(async () => {
  t = await testApp();
  auth = bearer(await t.tokenFor('admin'));
  paths.village = `/api/villages/${(await village(t.db, { code: '530423555555' })).id}`;
  paths.team = `/api/teams/${(await team(t.db, { phone: '0877-1' })).id}`;
  paths.film = `/api/films/${(await film(t.db, { minutes: 90 })).id}`;
  paths.township = `/api/townships/${(await township(t.db, { code: '530423555' })).id}`;
});
afterAll(() => t.close());

const required: [string, string[]][] = [
  ['village', ['name', 'townshipId', 'kind', 'lat', 'lng', 'positionApproximate']],
  ['team', ['name', 'partnerId']],
  ['film', ['title', 'category']],
  ['township', ['name']],
];
const optional: [string, string][] = [
  ['village', 'code'],
  ['village', 'retiredAt'],
  ['team', 'baseVillageId'],
  ['team', 'phone'],
  ['film', 'minutes'],
  ['township', 'code'],
];

describe('patching with null', () => {
  for (const [what, fields] of required) {
    for (const field of fields) {
      it(`when a ${what}'s ${field} is patched to null, it answers 400 naming ${field}`, async () => {
        expectProblem(await t.http.patch(paths[what]!).set(auth).send({ [field]: null }), 400, [field]);
      });
    }
  }

  for (const [what, field] of optional) {
    it(`when a ${what}'s ${field} is patched to null, it is cleared`, async () => {
      const res = await t.http.patch(paths[what]!).set(auth).send({ [field]: null });
      expect(res.status).toBe(200);
      expect(res.body[field]).toBeNull();
    });
  }

  for (const what of ['village', 'team', 'film', 'township']) {
    it(`when a ${what} is patched with {}, it answers 200 and stays the same`, async () => {
      const before = (await t.http.get(paths[what]!).set(auth)).body;
      const res = await t.http.patch(paths[what]!).set(auth).send({});
      expect(res.status).toBe(200);
      expect(res.body).toEqual(before);
    });
  }
});
