import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, useApp } from '../helpers/api.js';

// PATCH: null clears an optional field; null for a required one is a 400 naming it; {} changes nothing.

const app = useApp({ as: ['admin'] });
const paths: Record<string, string> = {};
beforeAll(async () => {
  // Every optional field starts with a value, so that clearing it is seen.
  paths.village = `/api/villages/${(await app.make.village({ code: '530423555555', retired_at: '2026-01-01T00:00+08:00' })).id}`;
  paths.team = `/api/teams/${(await app.make.team({ phone: '0877-1', base_village_id: (await app.make.village()).id })).id}`;
  paths.film = `/api/films/${(await app.make.film({ minutes: 90 })).id}`;
  paths.township = `/api/townships/${(await app.make.township({ code: '530423555' })).id}`;
});

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
        expectProblem(await app.as.admin.patch(paths[what]!).send({ [field]: null }), 400, [field]);
      });
    }
  }

  for (const [what, field] of optional) {
    it(`when a ${what}'s ${field} is patched to null, it is cleared`, async () => {
      expect((await app.as.admin.get(paths[what]!)).body[field]).toEqual(expect.anything()); // set before
      const res = await app.as.admin.patch(paths[what]!).send({ [field]: null });
      expect(res.status).toBe(200);
      expect(res.body[field]).toBeNull();
    });
  }

  for (const what of ['village', 'team', 'film', 'township']) {
    it(`when a ${what} is patched with {}, it answers 200 and stays the same`, async () => {
      const before = (await app.as.admin.get(paths[what]!)).body;
      const res = await app.as.admin.patch(paths[what]!).send({});
      expect(res.status).toBe(200);
      expect(res.body).toEqual(before);
    });
  }
});
