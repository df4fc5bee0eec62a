import { CONFIRM_AFTER_MS, CONFIRM_BEFORE_MS, flagCodes, flagSeverity, severities } from '../../domain/evidence.js';
import { SCIENCE_SHORTS_MIN } from '../../domain/programme.js';
import { reviewDecisions, screeningStatuses, verificationStates } from '../../domain/status.js';
import { booleanParam, common, countyTime, enumOf, idParam, integer, json, monthParam, page, pagingParams, problem, query, read, record, ref, write, type ApiPieceOf, type Schema } from '../openapi/build.js';
import { photoTypes } from './image.js';
import { evidenceSchemas } from './schemas.js';
// issue 22 sign-off: a locked month's writes are 409 …/period-locked
import { periodLockedOr } from '../periods/openapi.js';

// The evidence routes (a screening's fix, photos, confirmation link and review: server/screenings/evidence-routes.ts; the villagers' confirmations: server/evidence/routes.ts) and what they answer. The flags' thresholds are
// read from the configuration, so the document says what this server checks.

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export const evidenceApi: ApiPieceOf = (config) => {
  const time = countyTime(config);
  const e = config.evidence;
  const when: Record<(typeof flagCodes)[number], string> = {
    no_fix: 'the reporting phone sent no fix: the screening is `unverified` (this flag does not make it `flagged`)',
    far_from_village: `every fix is more than ${e.fixMaxKm} km (FIX_MAX_DISTANCE_KM) from the village after its accuracy (an accuracy counts up to that distance); a warning when the registry's position of the village is approximate. params km, maxKm, accuracyM, approximate?`,
    fix_time: `a fix, or a photo's EXIF time, more than ${e.fixBeforeHours} h before or ${e.fixAfterHours} h after the start (FIX_TIME_BEFORE_HOURS, FIX_TIME_AFTER_HOURS; the edges are inside). params what (fix or photo), hours (signed), beforeHours, afterHours`,
    daytime_start: `a start outside ${hhmm(e.evening.from)}–${hhmm(e.evening.to)} county time (EVENING_WINDOW, to the minute, both ends inside). params time, from, to`,
    impossible_travel: `the team's completed screening just before or after needs more than ${e.maxTravelKmh} km/h (MAX_TRAVEL_KMH) from where it was last (first) seen to where this one was first (last) seen: fixes, else the village at the start; both accuracies excused. params otherId, km, hours, kmh, maxKmh`,
    audience_outlier: `an audience above the village's population (where known), or above ${e.audienceFactor}× (AUDIENCE_OUTLIER_FACTOR) the median of the team's last ${e.audienceMedianOf} completed screenings (AUDIENCE_MEDIAN_OF; at least ${e.audienceMedianMin} of them, AUDIENCE_MEDIAN_MIN); only info when within a known population. params audience, population?, median?, factor?`,
    duplicate_photo: `a photo whose 64-bit perceptual hash is at most ${e.photoHashMaxDistance} bits (PHOTO_HASH_MAX_DISTANCE) from a photo of another screening. params photoId, otherPhotoId, otherScreeningId, distance`,
    late_report: `reported more than ${e.lateReportHours} h (LATE_REPORT_HOURS) after the start. params hours, maxHours`,
    bulk_report: `among at least ${e.bulkCount} (BULK_REPORT_COUNT) screenings of the team reported within ${e.bulkMinutes} minutes (BULK_REPORT_MINUTES) whose starts cover at least ${e.bulkDays} calendar days (BULK_REPORT_DAYS). params count, days, minutes`,
    programme_incomplete: `the programme does not make one screening: no film of at least ${e.longFilmMinutes} minutes (LONG_FILM_MINUTES) outside the category \`other\`, and fewer than ${SCIENCE_SHORTS_MIN} science films; an empty programme included. params empty? or science and longest? (the longest film that counts, minutes), longMinutes, scienceMin`,
    film_unlicensed: 'a film of the programme outside its licence window (availableFrom to availableTo, both days inside, either end open) on the calendar date of the start in the county zone; the first such film named. params filmId, title, date, from, to (empty: open), count',
    villager_dispute: "a villager's `not_held` report on this screening (POST /api/public/villages/{token}/reports) made after the bureau's last decision on it, or with none: the screening leaves the verified count and the subsidy until the bureau decides. params count (the reports)",
  };
  const flagList = flagCodes.map((c) => `- \`${c}\` (${flagSeverity[c]}): ${when[c]}`).join('\n');
  const checked = evidenceSchemas(config.timezone, () => Date.now());
  const fixKinds = checked.Fix.shape.kind.unwrap().options;
  const decision = enumOf([...reviewDecisions, null]);

  const fix = record({
    screeningId: integer,
    kind: enumOf(fixKinds),
    lat: { type: 'number' },
    lng: { type: 'number' },
    accuracy: { type: 'number', description: 'metres' },
    takenAt: time,
    receivedAt: time,
  });
  const photo = record({
    screeningId: integer,
    sha256: { type: 'string', description: 'of the original bytes; the files are named by it' },
    mediaType: enumOf(Object.keys(photoTypes)),
    bytes: integer,
      width: { type: 'integer', description: 'as seen, after the EXIF orientation' },
      height: { type: 'integer' },
      takenAt: { ...time, type: ['string', 'null'], description: "the EXIF time (in its offset, else the county's); null without one" },
      lat: { type: ['number', 'null'], description: 'the EXIF position' },
      lng: { type: ['number', 'null'] },
    createdAt: time,
    url: { type: 'string', description: 'GET it for the display copy' },
  });
  const screeningId = { ...idParam, description: 'the screening; ' + idParam.description };
  const token = { name: 'token', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{32}$' }, description: 'the screening\'s confirmation token (from its QR link); anything else is a 404' };
  const reviewItem: Schema = {
    allOf: [
      ref('Screening'),
      {
        type: 'object',
        properties: {
          village: {
            type: 'object',
            description: "the village's position in the registry, to read the fixes against",
            properties: { lat: { type: 'number' }, lng: { type: 'number' }, approximate: { type: 'boolean', description: 'the registry marks the position as approximate' } },
          },
          fixes: { type: 'array', items: ref('Fix') },
          photos: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, takenAt: { type: ['string', 'null'] }, width: { type: 'integer' }, height: { type: 'integer' }, url: { type: 'string' } } } },
          confirmations: {
            type: 'object',
            properties: {
              count: { type: 'integer' },
              ratings: { type: 'array', minItems: 5, maxItems: 5, items: { type: 'integer' }, description: 'how many gave 1, 2, 3, 4 and 5 stars' },
              averageRating: { type: ['number', 'null'] },
              comments: {
                type: 'array',
                description: 'the newest five comments, newest first',
                items: { type: 'object', properties: { rating: { type: ['integer', 'null'] }, comment: { type: 'string' }, createdAt: time } },
              },
            },
          },
        },
      },
    ],
  };
  const imageBody = Object.fromEntries(Object.keys(photoTypes).map((t) => [t, { schema: { type: 'string', format: 'binary' } }]));
  const storeUnavailable = {
    ...problem('The object storage (PHOTO_STORE=s3) did not answer: nothing was changed; try again'),
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds' } },
  };

  return {
    paths: {
      '/api/screenings/{id}/fix': {
        post: {
          operationId: 'createFix',
          tags: ['evidence'],
          parameters: [
            screeningId,
            { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 200 }, description: 'optional; as on POST /api/screenings: a retry returns the first answer and stores no second fix' },
          ],
          ...write('The reporting phone\'s position fix (partner of the team, admin); the screening and those around it are verified again. A cancelled screening: 409.', ref('NewFix'), '201', ref('Fix'), {
            '404': problem("Unknown screening, or another partner's"),
            '409': periodLockedOr('The screening is cancelled'),
          }),
        },
      },
      '/api/screenings/{id}/photos': {
        get: { operationId: 'listPhotos', tags: ['evidence'], ...read("A screening's photos (as the screening is visible)", page('Photo'), [screeningId, ...pagingParams], { '404': problem("Unknown screening, or another partner's") }) },
        post: {
          operationId: 'uploadPhoto',
          tags: ['evidence'],
          summary: 'A photo of the screening (partner of the team, admin): the body is the image itself',
          description: [
            `The body is the image, ${Object.keys(photoTypes).join(', ')} (image/jpg is taken as image/jpeg), at most ${config.photos.maxBytes / 1024 / 1024} MB (PHOTO_MAX_MB) and ${config.photos.maxPixels / 1e6} megapixels (PHOTO_MAX_MEGAPIXELS), not compressed again (Content-Encoding other than identity: 415).`,
            'The original bytes are kept in the photo store (PHOTO_STORE: the folder PHOTO_DIR, or the S3-compatible bucket S3_BUCKET), named by their SHA-256; a display copy (WebP, at most 1280 px a side, no metadata) beside them. The EXIF time and position are read; a 64-bit perceptual hash finds the same picture on another screening (duplicate_photo).',
            '201 for a new photo; 200 with the same photo when this screening already has these very bytes (a retry stores nothing twice). Nothing is stored half: the row and both objects, or none of them (a 503 when the object storage does not answer: send it again).',
          ].join('\n\n'),
          parameters: [screeningId],
          requestBody: { required: true, content: imageBody },
          responses: {
            '201': { description: 'Stored', headers: { Location: { schema: { type: 'string' } } }, ...json(ref('Photo')) },
            '200': { description: 'This screening already has this photo', ...json(ref('Photo')) },
            '400': problem('Not a whole, decodable image of the type sent (named `body`: another type\'s bytes, truncated, corrupt, more pixels than allowed), or EXIF that cannot be true (named `exif.<tag>`: a time that is no time, degrees out of range)'),
            ...common,
            '404': problem("Unknown screening, or another partner's"),
            '409': periodLockedOr(`The screening is cancelled, or has its ${config.photos.maxPerScreening} photos already (PHOTO_MAX_PER_SCREENING; named \`body\`)`),
            '413': problem(`Over ${config.photos.maxBytes / 1024 / 1024} MB`),
            '415': problem('Another Content-Type (named `Content-Type`), or a Content-Encoding (named `Content-Encoding`)'),
            '503': storeUnavailable,
          },
        },
      },
      '/api/screenings/{id}/confirmation': {
        get: {
          operationId: 'getConfirmationLink',
          tags: ['evidence'],
          ...read("The villagers' confirmation page of a screening: its absolute URL (for a QR code) and token (partner of the team, bureau, admin)", ref('ConfirmationLink'), [screeningId], {
            '404': problem("Unknown screening, or another partner's"),
          }),
        },
      },
      '/api/screenings/{id}/review': {
        post: {
          operationId: 'reviewScreening',
          tags: ['evidence'],
          parameters: [screeningId],
          ...write(
            "The bureau's decision on a completed screening (bureau, admin): accepted or rejected (a reason required), overriding its verification state; null takes it back. Audit-logged; the screening's version does not change.",
            ref('ReviewDecision'),
            '200',
            ref('Screening'),
            { '404': problem('Unknown screening'), '409': periodLockedOr('The screening is not completed') },
          ),
        },
      },
      '/api/photos/{id}': {
        get: {
          operationId: 'getPhoto',
          tags: ['evidence'],
          summary: 'A photo: the display copy (WebP), or with ?original=1 the file as it came (bureau, admin; partner: 403). Visible as its screening is.',
          description: [
            'Streamed from the photo store through this server, with an ETag naming the bytes (If-None-Match: 304 without reading the store) and Cache-Control private, max-age=86400.',
            'Not a redirect to a short-lived presigned URL of the bucket, on purpose: the bucket stays private and its address unknown to phones and browsers, which on a county network may reach only this server; the pages need one origin; the answer is the same whichever store keeps the photos (PHOTO_STORE). The price is this server\'s bandwidth: a display copy is about 200 KB and a reviewer reads each once (README "Photo storage").',
          ].join('\n\n'),
          parameters: [idParam, booleanParam('original', 'the file as it came instead of the display copy', '0')],
          responses: {
            '200': { description: 'The image', content: { 'image/webp': { schema: { type: 'string', format: 'binary' } }, ...imageBody } },
            '400': problem('A bad query parameter'),
            ...common,
            '404': problem("Unknown photo, another partner's, or its object is missing from the photo store"),
            '503': storeUnavailable,
          },
        },
      },
      '/api/review': {
        get: {
          operationId: 'listReviewQueue',
          tags: ['evidence'],
          ...read(
            "The review queue: completed screenings worst first — a critical flag, a warning, unverified, verified; those the bureau decided last — each with its fixes, photos and villagers' confirmations. A partner sees its own teams' (to add the evidence missing).",
            { type: 'object', required: ['items', 'total'], properties: { items: { type: 'array', items: ref('ReviewItem') }, total: { type: 'integer' } } },
            [
              { ...monthParam, description: 'YYYY-MM in the county zone; default: every month' },
              query('state', { type: 'string', pattern: '^(verified|flagged|unverified)(,(verified|flagged|unverified))*$' }, 'one state, or several separated by commas (flagged,unverified: what needs a look)'),
              query('decision', enumOf(checked.ReviewQuery.shape.decision.unwrap().options), 'none: not decided yet'),
              query('townshipId', { type: 'integer' }),
              query('teamId', { type: 'integer' }),
              query('flag', enumOf(flagCodes), 'only screenings with this flag'),
              query('screeningId', { type: 'integer' }, 'only this screening (the review page opens the one a flag names)'),
              ...pagingParams,
            ],
          ),
        },
      },
      '/api/review/accept': {
        post: {
          operationId: 'acceptScreenings',
          tags: ['evidence'],
          ...write('Accept a list of completed screenings at once (bureau, admin): all or nothing. Each audit-logged.', ref('AcceptMany'), '200', {
            type: 'object',
            properties: { accepted: { type: 'integer' }, ids: { type: 'array', items: { type: 'integer' } } },
          }, { '400': problem('Invalid body, or an unknown screening (ids.N): nothing accepted'), '409': periodLockedOr('A listed screening is not completed (ids.N), or one lies in a signed-off month: nothing accepted. The review page sends only screenings whose `locked` is false') }),
        },
      },
      '/api/review/recheck': {
        post: {
          operationId: 'recheckScreenings',
          tags: ['evidence'],
          ...write("Run the checks again on a month's completed screenings in the user's counties (bureau, admin; a bureau user with an area: its own), e.g. after a threshold changed or a load without triggers. It works in batches of whole teams, each its own transaction committed without waiting for the disk: a crash of the database server just after may take back the newest batches' states (never a fact), and running the recheck again writes them", ref('Recheck'), '200', {
            type: 'object',
            properties: { month: { type: 'string' }, checked: { type: 'integer' }, changed: { type: 'integer', description: 'screenings whose flags or state changed' } },
          }),
        },
      },
      '/api/confirmations/{token}': {
        get: {
          operationId: 'getConfirmation',
          tags: ['evidence'],
          summary: "What the villagers' page shows (no sign-in): the film, the village, the start; nothing personal. Sets the phone's device cookie when it has none.",
          security: [],
          parameters: [token],
          responses: { '200': { description: 'OK', ...json(ref('ConfirmationView')) }, '404': problem('Unknown token') },
        },
        post: {
          operationId: 'confirmScreening',
          tags: ['evidence'],
          summary: `A villager confirms the screening (no sign-in; any origin): from ${CONFIRM_BEFORE_MS / 3_600_000} h before the start to ${CONFIRM_AFTER_MS / 3_600_000} h after, one per phone`,
          description: [
            `A phone is told apart by a random cookie (film2131_device) the server sets; only a hash of it salted with the token is kept, and nothing else about the villager. An empty body is a confirmation without a rating.`,
            `At most ${config.confirmRate.max} requests per client address in ${config.confirmRate.windowMs / 60_000} minutes (CONFIRM_RATE_MAX, CONFIRM_RATE_WINDOW_MINUTES), counted in the database (every server together) under a salted hash of the address: 429 with Retry-After above.`,
            "A screening of a signed-off (locked) county-month takes no confirmation (DOMAIN.md \"Periods and settlement\"): 409 with type https://film2131.example/problems/period-locked and its `period` {countyId, month}, said before the window is looked at, as the answer that holds for good (the database refuses the insert too, should the month lock meanwhile). The choice: the plain refusal every other write of a locked month gets, not a pretended success; the villagers' page reads GET's `locked` (or this type) and thanks the villager in words (\"this month's screenings are already settled; thank you\"), never showing it as an error.",
          ].join('\n\n'),
          security: [],
          parameters: [token],
          requestBody: { required: false, ...json(ref('NewConfirmation')) },
          responses: {
            '201': { description: 'Confirmed', ...json({ type: 'object', properties: { rating: { type: ['integer', 'null'] }, comment: { type: ['string', 'null'] }, createdAt: time } }) },
            '400': problem('Invalid body'),
            '404': problem('Unknown token'),
            '409': periodLockedOr('Outside the window, the screening cancelled, or this phone has confirmed already; a signed-off month: nothing stored'),
            '413': problem('Body over 1 MB'),
            '415': problem('A body that is not JSON'),
            '429': problem('Too many requests from this address: see Retry-After'),
          },
        },
      },
    },
    schemas: {
      Fix: fix,
      NewFix: {
        type: 'object',
        additionalProperties: false,
        required: ['lat', 'lng', 'accuracy', 'takenAt'],
        properties: {
          lat: { type: 'number', minimum: -90, maximum: 90 },
          lng: { type: 'number', minimum: -180, maximum: 180 },
          accuracy: { type: 'number', exclusiveMinimum: 0, maximum: 100000, description: 'metres' },
          takenAt: { ...time, description: 'when the phone took it: at most 10 minutes ahead of the server\'s clock, and within the last year' },
          kind: enumOf(fixKinds, { default: 'report', description: 'report: taken when reporting done; arrival: on arriving in the village' }),
        },
      },
      Photo: photo,
      Flag: {
        type: 'object',
        required: ['code', 'severity', 'params', 'message', 'messageZh'],
        description: `What a check found. Codes, their severity and when they are raised:\n\n${flagList}`,
        properties: {
          code: enumOf(flagCodes),
          severity: enumOf(severities),
          params: { type: 'object', description: 'the facts the message names, by name, for a page to show or say in its own words' },
          related: {
            type: ['object', 'null'],
            description:
              "Only on the flags about another screening (duplicate_photo: params.otherScreeningId; impossible_travel: params.otherId): that screening's village, start and team, which the messages name too; null when the reader may not see it (another partner's, or outside a bureau user's area), and then neither names it. The audit log keeps flags without it.",
            required: ['screeningId', 'villageName', 'startsAt', 'teamName'],
            properties: {
              screeningId: { type: 'integer' },
              villageName: { type: 'string' },
              startsAt: { ...time, description: 'in the county zone, with its offset' },
              teamName: { type: 'string' },
            },
          },
          message: { type: 'string', description: 'in English; another screening is named by its village, start and team (never its id)' },
          messageZh: { type: 'string', description: 'in Chinese, as message' },
        },
      },
      Verification: {
        type: 'object',
        required: ['state', 'decision', 'reason', 'flags'],
        description: 'unverified: no fix; flagged: a flag above info (no_fix aside); verified: a fix and no flag above info. The decision overrides the state; a rejected screening counts as nothing.',
        properties: {
          state: enumOf(verificationStates),
          decision,
          reason: { type: ['string', 'null'] },
          reviewedAt: { ...time, type: ['string', 'null'] },
          flags: { type: 'array', items: ref('Flag'), description: 'worst first' },
        },
      },
      ReviewDecision: {
        type: 'object',
        additionalProperties: false,
        required: ['decision'],
        properties: { decision, reason: { type: ['string', 'null'], maxLength: 500, description: 'required to reject' } },
      },
      AcceptMany: {
        type: 'object',
        additionalProperties: false,
        required: ['ids'],
        properties: { ids: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'integer' } }, reason: { type: ['string', 'null'], maxLength: 500 } },
      },
      Recheck: { type: 'object', additionalProperties: false, required: ['month'], properties: { month: monthParam.schema } },
      ReviewItem: reviewItem,
      ConfirmationLink: { type: 'object', properties: { url: { type: 'string', description: 'http(s)://<this host>/c/<token>' }, token: { type: 'string' } } },
      ConfirmationView: {
        type: 'object',
        properties: {
          filmTitle: { type: ['string', 'null'], description: "the programme's first title" },
          films: {
            type: 'array',
            description: 'the programme, what is shown, in order',
            items: { type: 'object', properties: { title: { type: 'string' }, category: { type: 'string' }, minutes: { type: ['integer', 'null'] } } },
          },
          villageName: { type: 'string' },
          townshipName: { type: 'string' },
          villageToken: { type: 'string', pattern: '^[0-9a-f]{32}$', description: "the village page's token (/v/{token}): after confirming, the page offers its request form (POST /api/public/villages/{token}/requests)" },
          startsAt: time,
          status: enumOf(screeningStatuses),
          opensAt: time,
          closesAt: time,
          locked: { type: 'boolean', description: "the screening's county-month is signed off and locked: no confirmation is taken (POST answers 409 period-locked); the page thanks the villager instead" },
          open: { type: 'boolean', description: 'whether a confirmation is taken now (never in a locked month)' },
          confirmed: { type: 'boolean', description: 'whether this phone (its device cookie) has confirmed' },
        },
      },
      NewConfirmation: {
        type: 'object',
        additionalProperties: false,
        properties: { rating: { type: ['integer', 'null'], minimum: 1, maximum: 5 }, comment: { type: ['string', 'null'], maxLength: 500 } },
      },
    },
  };
};
