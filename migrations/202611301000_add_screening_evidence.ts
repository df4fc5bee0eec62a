import type { Knex } from 'knex';

// Evidence behind a completed screening (DOMAIN.md "Evidence and verification"): the reporting
// phone's fixes, photos (files on disk; here their hashes and what was read from them), villagers'
// confirmations through the screening's QR link, the flags the checks raise, and on the screening
// itself its verification state and the bureau's decision. The state and the decision live on the
// screenings row so that the coverage log's triggers carry a change of either to every server.

// 32 hex characters from a random UUID (gen_random_uuid is core since PostgreSQL 13, and in PGlite).
const TOKEN = `replace(gen_random_uuid()::text, '-', '')`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table screenings
      add column verification text,
      add column review_decision text,
      add column review_reason text,
      add column reviewed_by integer references users (id),
      add column reviewed_at timestamptz,
      add column reported_at timestamptz,
      add column confirmation_token text
  `);
  // Completed before evidence existed: reported when last changed, and unverified (no fix).
  await knex.raw(`update screenings set reported_at = updated_at, verification = 'unverified' where status = 'completed'`);
  await knex.raw(`update screenings set confirmation_token = ${TOKEN}`);
  await knex.raw(`
    alter table screenings
      alter column confirmation_token set default ${TOKEN},
      alter column confirmation_token set not null,
      add constraint screenings_confirmation_token_key unique (confirmation_token),
      add constraint screenings_verification check (verification in ('verified', 'flagged', 'unverified')),
      add constraint screenings_review_decision check (review_decision in ('accepted', 'rejected')),
      add constraint screenings_rejected_reason check (review_decision is distinct from 'rejected' or review_reason is not null)
  `);
  // Whoever writes a screening (the API, an import, psql), a completed one has a state and the
  // time it was reported; leaving completed drops them, and the bureau's decision with them. (A
  // load with triggers off may leave a completed screening without a state: readers take it as
  // unverified.)
  await knex.raw(`
    create function screening_evidence_defaults() returns trigger language plpgsql as $$
    begin
      if new.status = 'completed' then
        new.verification := coalesce(new.verification, 'unverified');
        if tg_op = 'INSERT' or old.status is distinct from 'completed' then
          new.reported_at := coalesce(new.reported_at, now());
        end if;
      else
        new.verification := null;
        new.reported_at := null;
        new.review_decision := null;
        new.review_reason := null;
        new.reviewed_by := null;
        new.reviewed_at := null;
      end if;
      return new;
    end
    $$
  `);
  await knex.raw(`create trigger screenings_evidence_defaults before insert or update on screenings for each row execute function screening_evidence_defaults()`);
  // The review queue: completed screenings of a month by state.
  await knex.raw(`create index screenings_verification on screenings (starts_at, verification) where status = 'completed'`);

  await knex.schema.createTable('screening_fixes', (t) => {
    t.increments('id');
    t.integer('screening_id').notNullable().references('screenings.id').onDelete('CASCADE');
    // 'report': taken when the projectionist reports done; 'arrival': on arriving in the village.
    t.text('kind').notNullable();
    t.double('lat').notNullable();
    t.double('lng').notNullable();
    t.double('accuracy').notNullable();
    t.timestamp('taken_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('created_by').references('users.id');
    t.index(['screening_id']);
  });
  await knex.raw(`
    alter table screening_fixes
      add constraint screening_fixes_kind check (kind in ('report', 'arrival')),
      add constraint screening_fixes_lat check (lat between -90 and 90),
      add constraint screening_fixes_lng check (lng between -180 and 180),
      add constraint screening_fixes_accuracy check (accuracy > 0 and accuracy <= 100000)
  `);

  await knex.schema.createTable('screening_photos', (t) => {
    t.increments('id');
    t.integer('screening_id').notNullable().references('screenings.id').onDelete('CASCADE');
    t.text('sha256').notNullable();
    // A 64-bit difference hash of the picture, as 16 hex digits: the same picture reused, resized or recompressed.
    t.text('phash').notNullable();
    t.text('media_type').notNullable();
    t.integer('bytes').notNullable();
    t.integer('width').notNullable();
    t.integer('height').notNullable();
    // From the picture's EXIF, when it has them.
    t.timestamp('taken_at', { useTz: true });
    t.double('lat');
    t.double('lng');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('created_by').references('users.id');
    t.unique(['screening_id', 'sha256']);
    t.index(['phash']);
  });

  await knex.schema.createTable('screening_flags', (t) => {
    t.integer('screening_id').notNullable().references('screenings.id').onDelete('CASCADE');
    t.text('code').notNullable();
    t.text('severity').notNullable();
    t.jsonb('params').notNullable().defaultTo('{}');
    t.primary(['screening_id', 'code']);
  });
  await knex.raw(`
    alter table screening_flags
      add constraint screening_flags_code check (code in ('no_fix', 'far_from_village', 'fix_time', 'daytime_start', 'impossible_travel', 'audience_outlier', 'duplicate_photo', 'late_report', 'bulk_report')),
      add constraint screening_flags_severity check (severity in ('info', 'warning', 'critical'))
  `);

  await knex.schema.createTable('confirmations', (t) => {
    t.increments('id');
    t.integer('screening_id').notNullable().references('screenings.id').onDelete('CASCADE');
    // A salted hash of the device's cookie: one confirmation a device, and nothing personal kept.
    t.text('device_hash').notNullable();
    t.integer('rating');
    t.text('comment');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['screening_id', 'device_hash']);
  });
  await knex.raw(`alter table confirmations add constraint confirmations_rating check (rating between 1 and 5)`);

  // Villages may carry a population (the audience check compares with it where known).
  await knex.raw(`alter table villages add column population integer, add constraint villages_population check (population between 0 and 10000000)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table villages drop column population');
  await knex.raw('drop trigger screenings_evidence_defaults on screenings');
  await knex.raw('drop function screening_evidence_defaults()');
  for (const table of ['confirmations', 'screening_flags', 'screening_photos', 'screening_fixes']) await knex.schema.dropTable(table);
  await knex.raw('drop index screenings_verification');
  await knex.raw(`
    alter table screenings
      drop column verification, drop column review_decision, drop column review_reason, drop column reviewed_by,
      drop column reviewed_at, drop column reported_at, drop column confirmation_token
  `);
}
