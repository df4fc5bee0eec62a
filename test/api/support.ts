import { expect } from 'vitest';
import type { Response } from 'supertest';

// Small assertions shared by the API tests (not a test file itself).

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The response is a problem+json with this status, and (when given) names exactly these fields. */
export function expectProblem(res: Response, status: number, paths?: string[]) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(Array.isArray(res.body.errors)).toBe(true);
  if (paths) expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([...paths].sort());
}
