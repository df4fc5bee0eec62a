import path from 'node:path';
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import type { ApprovalLevel } from '../domain/periods.js';
import { TILE_PRESETS, tileSetup } from './tiles/presets.js';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable the service reads, validated once at start. */
const env = z.object({
  /** TCP port for the API and the pages. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to bind; 0.0.0.0 inside containers. */
  HOST: z.string().default('0.0.0.0'),
  /** A real PostgreSQL server (postgres://…). Unset: embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * Or the server in libpq's variables, used when DATABASE_URL is unset and PGHOST is set: a
   * password holding @ : / # needs no URL-encoding this way (docker-compose.yml passes these).
   */
  PGHOST: z.string().optional(),
  PGPORT: z.coerce.number().int().min(1).max(65535).optional(),
  PGUSER: z.string().optional(),
  PGPASSWORD: z.string().optional(),
  PGDATABASE: z.string().optional(),
  /** Where the embedded database keeps its files. */
  DATA_DIR: z.string().default('./data'),
  /** Load the Tonghai demo data into an empty database. Default: on for the embedded engine only. */
  DEMO_DATA: boolish.optional(),
  /** The county's IANA time zone: months are counted in it. */
  COUNTY_TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine((z) => IANAZone.isValidZone(z), 'not a known IANA time zone'),
  /** Bootstrap admin, created on start when no admin exists. Both or neither. */
  ADMIN_USERNAME: z.string().min(1).optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /** How long a sign-in lasts, in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Mark the session cookie Secure (behind HTTPS). */
  COOKIE_SECURE: boolish.default(false),
  /** Trust X-Forwarded-* from this many proxies (for client IPs in rate limits and logs). */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** Failed sign-ins allowed per IP and per username in LOGIN_WINDOW_MINUTES. */
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(10),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  /** A custom XYZ tile server for every map (TILE_PRESET=custom), e.g. https://tiles.example.org/{z}/{x}/{y}.png. */
  TILE_URL: z.string().optional(),
  /** The base map's attribution, over the preset's own. */
  TILE_ATTRIBUTION: z.string().optional(),
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Yuan paid per screening in the subsidy statement (at most one per unit per month). */
  SUBSIDY_PER_SCREENING_YUAN: z.coerce.number().nonnegative().default(200),
  /**
   * What the headline coverage counts: `reported` (a unit covered by any completed screening the
   * bureau has not rejected: DOMAIN.md's covered/units) or `verified` (only by backed screenings).
   */
  COVERAGE_HEADLINE: z.enum(['reported', 'verified']).default('reported'),
  /** Memory for coverage answers kept until a write or the clock changes them, in MB (0: keep none). */
  COVERAGE_CACHE_MB: z.coerce.number().nonnegative().default(64),
  /** Seconds to wait for in-flight requests on shutdown before closing anyway. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),

  // Evidence behind screenings (server/evidence/, README "Evidence").
  /** Where photo files are kept (originals and display copies, named by SHA-256). Default: <DATA_DIR>/photos. */
  PHOTO_DIR: z.string().optional(),
  /** Largest photo file accepted, in MB (413 above). */
  PHOTO_MAX_MB: z.coerce.number().positive().max(100).default(10),
  /** Largest photo accepted in megapixels (width × height): a small file that decompresses to more is refused. */
  PHOTO_MAX_MEGAPIXELS: z.coerce.number().positive().max(500).default(50),
  /** Photos a screening keeps (DOMAIN.md: 1–3, the screen with the audience); one more is a 409. */
  PHOTO_MAX_PER_SCREENING: z.coerce.number().int().min(1).max(20).default(3),
  /** duplicate_photo: perceptual hashes at most this many bits apart (of 64) are the same picture; 0–3. */
  PHOTO_HASH_MAX_DISTANCE: z.coerce.number().int().min(0).max(3).default(2),
  /** far_from_village: a fix farther than this from its village, after its accuracy, in km. */
  FIX_MAX_DISTANCE_KM: z.coerce.number().positive().default(2),
  /** fix_time: a fix or photo taken more than this many hours before the start… */
  FIX_TIME_BEFORE_HOURS: z.coerce.number().nonnegative().default(1),
  /** …or more than this many hours after it. */
  FIX_TIME_AFTER_HOURS: z.coerce.number().nonnegative().default(6),
  /** daytime_start: the evening a screening should start in, county time, HH:MM-HH:MM (both ends inside; may wrap past midnight). */
  EVENING_WINDOW: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM-HH:MM').default('17:00-23:00'),
  /** impossible_travel: two screenings of one team needing more than this speed between them, km/h. */
  MAX_TRAVEL_KMH: z.coerce.number().positive().default(60),
  /** audience_outlier: more than this many times the team's median audience… */
  AUDIENCE_OUTLIER_FACTOR: z.coerce.number().min(1).default(3),
  /** …over its last this many completed screenings… */
  AUDIENCE_MEDIAN_OF: z.coerce.number().int().min(1).max(1000).default(30),
  /** …when it has at least this many (fewer: no usual to compare with). */
  AUDIENCE_MEDIAN_MIN: z.coerce.number().int().min(1).default(5),
  /** late_report: reported more than this many hours after the start. */
  LATE_REPORT_HOURS: z.coerce.number().positive().default(48),
  /** The levels that approve a county-month, lowest first (DOMAIN.md "Periods and settlement"). */
  APPROVAL_LEVELS: z
    .enum(['county', 'county,prefecture', 'county,prefecture,province'])
    .default('county'),
  /** bulk_report: at least this many screenings of a team… */
  BULK_REPORT_COUNT: z.coerce.number().int().min(2).default(5),
  /** …starting over at least this many calendar days… */
  BULK_REPORT_DAYS: z.coerce.number().int().min(1).default(5),
  /** …reported within this many minutes. */
  BULK_REPORT_MINUTES: z.coerce.number().positive().default(10),
  /** programme_incomplete: a film this many minutes or longer (not in the category other) makes one screening (DOMAIN.md "One 场"). */
  LONG_FILM_MINUTES: z.coerce.number().int().min(1).max(600).default(60),
  /** Villagers' confirmations accepted per client address in CONFIRM_RATE_WINDOW_MINUTES (a village may share one carrier address). */
  CONFIRM_RATE_MAX: z.coerce.number().int().positive().default(60),
  CONFIRM_RATE_WINDOW_MINUTES: z.coerce.number().positive().default(10),
  // Villagers' voice (server/voice/public-routes.ts): what a village page takes per client address.
  /** Film requests (点单) accepted per client address in VILLAGER_RATE_WINDOW_MINUTES. */
  REQUEST_RATE_MAX: z.coerce.number().int().positive().default(20),
  /** Problem reports (反映问题) accepted per client address in VILLAGER_RATE_WINDOW_MINUTES. */
  REPORT_RATE_MAX: z.coerce.number().int().positive().default(10),
  VILLAGER_RATE_WINDOW_MINUTES: z.coerce.number().positive().default(10),
  // Where photo bytes are kept (server/evidence/store.ts, README "Photo storage").
  /** `local`: the folder PHOTO_DIR (the embedded default); `s3`: the S3-compatible bucket S3_BUCKET. */
  PHOTO_STORE: z.enum(['local', 's3']).default('local'),
  /** The object storage's address (MinIO, Ceph, OSS, COS…), http(s)://host[:port]. Unset: Amazon S3 itself. */
  S3_ENDPOINT: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http:// or https:// address').optional(),
  /** The bucket the photos go in (made beforehand: the server does not create it). Needed when PHOTO_STORE=s3. */
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3-63 lowercase letters, digits, dots and hyphens')
    .optional(),
  /** The region the SDK signs for; MinIO and most others take us-east-1. */
  S3_REGION: z.string().regex(/^[a-z0-9-]+$/, 'must be a region name such as us-east-1').default('us-east-1'),
  /** Both or neither; neither: the SDK's own chain (AWS_ACCESS_KEY_ID…, an instance role). */
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Address the bucket as <endpoint>/<bucket> (MinIO, Ceph) rather than <bucket>.<endpoint> (Amazon, OSS, COS). */
  S3_FORCE_PATH_STYLE: boolish.default(false),
  // Base maps (server/tiles/, README "Base maps").
  /** osm, tianditu-vector, tianditu-imagery (TIANDITU_KEY), archive (TILE_ARCHIVE) or custom (TILE_URL). Default: custom when TILE_URL is set, else osm. */
  TILE_PRESET: z.enum(TILE_PRESETS).optional(),
  /** The deployment's Tianditu (天地图) browser key, for the tianditu presets. */
  TIANDITU_KEY: z.string().optional(),
  /** A raster PMTiles v3 file this server serves at /tiles/{z}/{x}/{y}.{ext} (TILE_PRESET=archive). */
  TILE_ARCHIVE: z.string().optional(),
  /** The phone page keeps at most this many MB of base-map tiles around its team's villages for use without signal (0: none). */
  OFFLINE_TILES_MB: z.coerce.number().min(0).max(500).default(20),
  /** The zoom levels it keeps, MIN-MAX. */
  OFFLINE_TILES_ZOOMS: z.string().default('10-15'),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(source: NodeJS.ProcessEnv = process.env) {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = env.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const databaseUrl = c.DATABASE_URL ?? (c.PGHOST ? libpqUrl(c.PGHOST, c.PGPORT, c.PGUSER, c.PGPASSWORD, c.PGDATABASE) : undefined);
  if (Boolean(c.ADMIN_USERNAME) !== Boolean(c.ADMIN_PASSWORD)) {
    throw new Error('Invalid configuration:\n  ADMIN_USERNAME and ADMIN_PASSWORD go together');
  }
  const s3 = s3Settings(c);
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl,
    dataDir: path.resolve(c.DATA_DIR),
    demoData: c.DEMO_DATA ?? !databaseUrl,
    timezone: c.COUNTY_TIMEZONE,
    admin: c.ADMIN_USERNAME && c.ADMIN_PASSWORD ? { username: c.ADMIN_USERNAME, password: c.ADMIN_PASSWORD } : undefined,
    sessionTtlHours: c.SESSION_TTL_HOURS,
    cookieSecure: c.COOKIE_SECURE,
    trustProxy: c.TRUST_PROXY,
    login: { maxAttempts: c.LOGIN_MAX_ATTEMPTS, windowMs: c.LOGIN_WINDOW_MINUTES * 60_000 },
    tiles: tileSetup({
      preset: c.TILE_PRESET,
      url: c.TILE_URL,
      attribution: c.TILE_ATTRIBUTION,
      tiandituKey: c.TIANDITU_KEY,
      archive: c.TILE_ARCHIVE,
      offlineMb: c.OFFLINE_TILES_MB,
      offlineZooms: c.OFFLINE_TILES_ZOOMS,
    }),
    logLevel: c.LOG_LEVEL,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    subsidyPerScreeningYuan: c.SUBSIDY_PER_SCREENING_YUAN,
    /** The levels that approve a county-month, lowest first. */
    approvalLevels: c.APPROVAL_LEVELS.split(',') as ApprovalLevel[],
    coverageCacheBytes: Math.floor(c.COVERAGE_CACHE_MB * 1024 * 1024),
    photos: {
      dir: path.resolve(c.PHOTO_DIR ?? path.join(c.DATA_DIR, 'photos')),
      maxBytes: Math.floor(c.PHOTO_MAX_MB * 1024 * 1024),
      maxPixels: Math.floor(c.PHOTO_MAX_MEGAPIXELS * 1_000_000),
      maxPerScreening: c.PHOTO_MAX_PER_SCREENING,
      /** PHOTO_STORE, and the bucket's settings when S3_BUCKET is given (photos:to-s3 moves a folder there). */
      store: c.PHOTO_STORE,
      s3,
    },
    /** What the checks compare with (server/evidence/checks.ts). */
    evidence: {
      zone: c.COUNTY_TIMEZONE,
      fixMaxKm: c.FIX_MAX_DISTANCE_KM,
      fixBeforeHours: c.FIX_TIME_BEFORE_HOURS,
      fixAfterHours: c.FIX_TIME_AFTER_HOURS,
      evening: eveningWindow(c.EVENING_WINDOW),
      maxTravelKmh: c.MAX_TRAVEL_KMH,
      audienceFactor: c.AUDIENCE_OUTLIER_FACTOR,
      audienceMedianOf: c.AUDIENCE_MEDIAN_OF,
      audienceMedianMin: c.AUDIENCE_MEDIAN_MIN,
      photoHashMaxDistance: c.PHOTO_HASH_MAX_DISTANCE,
      lateReportHours: c.LATE_REPORT_HOURS,
      bulkCount: c.BULK_REPORT_COUNT,
      bulkDays: c.BULK_REPORT_DAYS,
      bulkMinutes: c.BULK_REPORT_MINUTES,
      longFilmMinutes: c.LONG_FILM_MINUTES,
    },
    confirmRate: { max: c.CONFIRM_RATE_MAX, windowMs: c.CONFIRM_RATE_WINDOW_MINUTES * 60_000 },
    /** Villagers' voice: requests and reports per client address (server/voice/public-routes.ts). */
    requestRate: { max: c.REQUEST_RATE_MAX, windowMs: c.VILLAGER_RATE_WINDOW_MINUTES * 60_000 },
    reportRate: { max: c.REPORT_RATE_MAX, windowMs: c.VILLAGER_RATE_WINDOW_MINUTES * 60_000 },
    coverageHeadline: c.COVERAGE_HEADLINE,
    /** The clock; tests replace it to move "now" past a scheduled start. */
    now: (): DateTime => DateTime.now(),
  };
}

/** The S3_* settings (undefined without S3_BUCKET); PHOTO_STORE=s3 needs them, and the access key's two halves go together. */
function s3Settings(c: z.infer<typeof env>) {
  const wrong: string[] = [];
  if (c.PHOTO_STORE === 's3' && !c.S3_BUCKET) wrong.push('S3_BUCKET: PHOTO_STORE=s3 needs the bucket the photos go in');
  if (Boolean(c.S3_ACCESS_KEY_ID) !== Boolean(c.S3_SECRET_ACCESS_KEY)) {
    wrong.push(`${c.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'}: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together`);
  }
  if (wrong.length) throw new Error(`Invalid configuration:\n${wrong.map((w) => `  ${w}`).join('\n')}`);
  if (!c.S3_BUCKET) return undefined;
  return {
    endpoint: c.S3_ENDPOINT,
    bucket: c.S3_BUCKET,
    region: c.S3_REGION,
    credentials: c.S3_ACCESS_KEY_ID && c.S3_SECRET_ACCESS_KEY ? { accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY } : undefined,
    forcePathStyle: c.S3_FORCE_PATH_STYLE,
  };
}

/** 'HH:MM-HH:MM' as minutes after midnight, both ends. */
function eveningWindow(text: string) {
  const [from, to] = text.split('-').map((t) => {
    const [h, m] = t.split(':').map(Number);
    return h! * 60 + m!;
  });
  return { from: from!, to: to! };
}

/** A connection URL from libpq's variables, each part percent-encoded. */
function libpqUrl(host: string, port: number | undefined, user: string | undefined, password: string | undefined, database: string | undefined): string {
  const url = new URL('postgres://localhost');
  url.hostname = host;
  if (port) url.port = String(port);
  if (user) url.username = encodeURIComponent(user);
  if (password) url.password = encodeURIComponent(password);
  url.pathname = `/${encodeURIComponent(database ?? user ?? 'postgres')}`;
  return url.toString();
}
