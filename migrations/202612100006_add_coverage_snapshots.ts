import type { Knex } from 'knex';

// A month's coverage as a server computed it, kept in the database (server/coverage/snapshots.ts):
// per level and ended month, every unit's rank, count and verified flag (compressed), with the
// registry and unit list it was computed for and the screenings counter it reflects. A server that
// has never held the month restores it from here and applies only what the change log says
// happened since, instead of grouping the month's screenings again (seconds at national scale).
// Nothing here is authoritative: a row for another registry is never read, and deleting rows only
// costs the next first answer its speed.

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table coverage_snapshots (
      level text not null,
      month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
      -- the month's bounds (ms) in the zone it was computed in: another zone's month is another one
      starts_ms double precision not null,
      ends_ms double precision not null,
      database text not null,
      registry bigint not null,
      fingerprint text not null,
      epoch bigint not null,
      now_ms double precision not null,
      span_from double precision,
      span_until double precision,
      units integer not null,
      data bytea not null,
      saved_at timestamptz not null default now(),
      primary key (level, month, starts_ms, ends_ms)
    )
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table coverage_snapshots');
}
