import { afterAll, expect } from 'vitest';

// A query handed to a connection that is still answering another is queued inside pg, which warns
// that pg 9 will refuse it: inside a transaction (one connection) independent reads go one after
// another (server/db/together.ts readTogether). Any test file whose code does that fails here.
const queued: string[] = [];
process.on('warning', (w) => {
  if (/already executing a query/.test(w.message)) queued.push(w.stack ?? w.message);
});

afterAll(() => {
  expect(queued, 'a query sent to a connection already busy with another (use readTogether)').toEqual([]);
});
