import type { Knex } from 'knex';
import type { Response, Test } from 'supertest';
import { afterAll, beforeAll, expect } from 'vitest';
import { testApp, type Role, type TestApp, type TestUser } from './app.js';
import * as factories from './factories.js';

// The API suites' one setup: `useApp()` at the top of a test file gives it one migrated database
// and the real app on it for all its tests (made in beforeAll, closed in afterAll), its signed-in
// users, and factories bound to its database.
//
//   const app = useApp({ as: ['bureau'] });
//   it('when …, it answers 409 naming code', async () => {
//     await app.make.township({ code: '530423002' });
//     expectProblem(await app.as.bureau.post('/api/townships').send({ name: 'y', code: '530423002' }), 409, ['code']);
//   });

/** The Authorization header that carries a token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The response is a problem+json with this status, and (when given) names exactly these fields. */
export function expectProblem(res: Response, status: number, paths?: string[]) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(Array.isArray(res.body.errors)).toBe(true);
  if (paths) expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([...paths].sort());
}

/** A signed-in user, and requests that carry its token. */
export interface SignedIn extends TestUser {
  /** The Authorization header, for a request built by hand. */
  auth: Record<string, string>;
  get(url: string): Test;
  post(url: string): Test;
  put(url: string): Test;
  patch(url: string): Test;
  delete(url: string): Test;
}

type Factories = typeof factories;
/** The factories of ./factories.ts without their first argument: they write to the suite's database. */
export type BoundFactories = {
  [K in keyof Factories]: Factories[K] extends (db: Knex, ...rest: infer A) => infer Made ? (...rest: A) => Made : never;
};

export interface AppOptions<R extends Role> {
  /** Environment on top of the tests' (COUNTY_TIMEZONE=Asia/Shanghai, LOG_LEVEL=silent). */
  env?: Record<string, string>;
  /** A user made and signed in for each of these roles before the first test: `app.as.bureau`. */
  as?: readonly R[];
  /** The app's clock from the start, county time (`app.setNow` moves it later). */
  now?: string;
}

export interface Suite<R extends Role> {
  /** Requests with nobody signed in. */
  readonly http: TestApp['http'];
  readonly db: TestApp['db'];
  readonly engine: TestApp['engine'];
  readonly config: TestApp['config'];
  readonly ctx: TestApp['ctx'];
  readonly express: TestApp['express'];
  /** The users asked for in `as`, one per role. */
  readonly as: Record<R, SignedIn>;
  /** Rows written straight to the database: `await app.make.village({ township_id })`. */
  readonly make: BoundFactories;
  /** Another user of a role (a partner user belongs to `partnerId`, a new partner if absent). */
  newUser(role: Role, partnerId?: number): Promise<SignedIn>;
  setNow(iso: string | undefined): void;
  /** Requests to a second app on this database, built with more environment (TRUST_PROXY, COOKIE_SECURE…). */
  withEnv(env: Record<string, string>): TestApp['http'];
}

async function signIn(t: TestApp, role: Role, partnerId?: number): Promise<SignedIn> {
  const user = await t.userFor(role, partnerId);
  const auth = bearer(user.token);
  return {
    ...user,
    auth,
    get: (url) => t.http.get(url).set(auth),
    post: (url) => t.http.post(url).set(auth),
    put: (url) => t.http.put(url).set(auth),
    patch: (url) => t.http.patch(url).set(auth),
    delete: (url) => t.http.delete(url).set(auth),
  };
}

/**
 * Registers the suite's beforeAll and afterAll (at the top of a file, or of a describe block) and
 * answers the suite: everything on it is there from the beforeAll on, inside hooks and tests.
 */
export function useApp<R extends Role = never>(options: AppOptions<R> = {}): Suite<R> {
  let made: TestApp | undefined;
  const as = {} as Record<R, SignedIn>;
  beforeAll(async () => {
    made = await testApp(options.env);
    if (options.now) made.setNow(options.now);
    for (const role of options.as ?? []) as[role] = await signIn(made, role);
  });
  afterAll(async () => {
    await made?.close();
  });

  const t = (): TestApp => {
    if (!made) throw new Error('useApp(): the app is made in beforeAll; use it inside hooks and tests');
    return made;
  };
  const make = Object.fromEntries(
    Object.entries(factories).map(([name, factory]) => [name, (...rest: unknown[]) => (factory as (db: Knex, ...rest: unknown[]) => unknown)(t().db, ...rest)]),
  ) as BoundFactories;

  const suite = {
    as,
    make,
    newUser: (role: Role, partnerId?: number) => signIn(t(), role, partnerId),
    setNow: (iso: string | undefined) => t().setNow(iso),
    withEnv: (env: Record<string, string>) => t().withEnv(env),
  };
  for (const key of ['http', 'db', 'engine', 'config', 'ctx', 'express'] as const) Object.defineProperty(suite, key, { get: () => t()[key] });
  return suite as Suite<R>;
}
