import { filmCategories } from '../../domain/programme.js';
import { screeningStatuses } from '../../domain/status.js';
import { common, enumOf, idParam, json, monthPattern, problem, query, read, ref, write, type ApiPieceOf, type Schema } from '../openapi/build.js';
import { programmeReasons } from './programmes.js';
import { periodLockedOr } from '../periods/openapi.js';

const date = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD, in the county zone' };

export const planApi: ApiPieceOf = (config) => {
  const time = { type: 'string', format: 'date-time', description: `ISO 8601 with the county offset (${config.timezone}); input without an offset is read in it` };
  const programme = { type: 'array', maxItems: 6, uniqueItems: true, items: { type: 'integer' }, description: 'the films shown, in order (as on POST /api/screenings)' };
  const film: Schema = {
    type: 'object',
    properties: { id: { type: 'integer' }, title: { type: 'string' }, category: enumOf([...filmCategories]), minutes: { type: ['integer', 'null'] } },
  };
  const reason: Schema = {
    type: 'object',
    required: ['filmId', 'reason'],
    properties: {
      filmId: { type: ['integer', 'null'], description: 'the film; null: the programme as a whole' },
      requests: { type: 'integer', minimum: 1, description: "with reason requested: how many villagers (phones) of the unit asked for the film in the planned month and the month before" },
      reason: {
        ...enumOf([...programmeReasons]),
        description:
          "requested: the unit's villagers asked for it; campaign: a running campaign's film and the unit, inside its area, is not yet covered for it; feature: what makes the programme one 场 — its long film, or (no long film left for the unit) its science shorts; science_share: a science film added so that the team's month keeps the county's effective scienceShare; no_qualifying_programme (filmId null): the catalogue cannot make one 场 for this unit on this date, and the programme is the best it could do",
      },
    },
  };
  const item: Schema = {
    type: 'object',
    additionalProperties: false,
    required: ['villageId', 'teamId', 'startsAt'],
    properties: {
      villageId: { type: 'integer' },
      teamId: { type: 'integer' },
      startsAt: time,
      filmId: { type: ['integer', 'null'], description: 'shorthand for programme: [filmId]; both given and different: 400' },
      programme,
      repeatReason: { type: 'string', maxLength: 500 },
      films: { type: 'array', description: "as the draft answered it: ignored (a draft's items may be sent back as they came)" },
      reasons: { type: 'array', description: 'as the draft answered it: ignored' },
    },
  };
  const draftItem: Schema = {
    type: 'object',
    required: ['villageId', 'teamId', 'startsAt', 'programme', 'films', 'reasons'],
    properties: {
      villageId: { type: 'integer' },
      teamId: { type: 'integer' },
      startsAt: time,
      programme: { ...programme, description: 'a qualifying programme, its long film first (empty only when the catalogue holds nothing usable for the unit that evening)' },
      films: { type: 'array', items: film, description: 'the programme\'s films, in its order' },
      reasons: {
        type: 'array',
        items: reason,
        description: "one entry per film, in the programme's order, saying why it is there; then {filmId: null, reason: 'no_qualifying_programme'} when the programme does not make one 场",
      },
    },
  };
  const draftBody: Schema = {
    type: 'object',
    additionalProperties: false,
    required: ['month'],
    properties: {
      month: { type: 'string', pattern: monthPattern },
      teamIds: { type: 'array', minItems: 1, items: { type: 'integer' }, description: "default: the partner's own teams, or every team for admin and bureau; a team the user cannot see is a 400 naming teamIds.N" },
      from: { ...date, description: 'first date to plan; default tomorrow in the county zone, or the month\'s first day if later. Evenings already begun are never planned.' },
      evenings: {
        type: 'object',
        additionalProperties: false,
        properties: {
          startTime: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', default: '19:30', description: 'local start of every planned screening' },
          unavailable: {
            type: 'array',
            items: { type: 'object', additionalProperties: false, required: ['teamId', 'date'], properties: { teamId: { type: 'integer' }, date } },
            description: 'evenings a team cannot show; entries for teams not planned are ignored',
          },
        },
      },
    },
  };
  const draft: Schema = {
    type: 'object',
    required: ['month', 'items', 'uncovered', 'routeKm', 'science'],
    properties: {
      month: { type: 'string' },
      items: { type: 'array', items: draftItem, description: 'by start, then team' },
      uncovered: { type: 'array', items: { type: 'integer' }, description: 'gap units (administrative villages) the free evenings could not reach' },
      routeKm: { type: 'number', description: 'total straight-line route of all teams, base → first village → … → last, km (1 decimal)' },
      science: {
        type: 'object',
        properties: {
          screenings: { type: 'integer', description: 'proposed screenings whose programme qualifies' },
          withScience: { type: 'integer', description: 'of those, the ones holding a science film' },
          share: { type: ['number', 'null'], description: 'withScience / screenings; null: none qualifies' },
          target: { type: ['number', 'null'], description: "the effective scienceShare of the units' counties (GET /api/areas/{id}/targets/{year}), averaged over the screenings with one; null: none set" },
        },
      },
    },
  };
  const runsheet: Schema = {
    type: 'object',
    properties: {
      team: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, partnerId: { type: 'integer' }, phone: { type: ['string', 'null'] } } },
      month: { type: 'string' },
      rows: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'integer', description: 'the screening' },
            startsAt: time,
            villageId: { type: 'integer' },
            villageName: { type: 'string' },
            townshipName: { type: 'string' },
            filmTitle: { type: ['string', 'null'], description: "the programme's first film" },
            programme: { type: 'array', items: { type: 'integer' }, description: 'the film ids, in order' },
            films: {
              type: 'array',
              description: 'the programme, in order',
              items: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, category: { type: 'string' }, minutes: { type: ['integer', 'null'] } } },
            },
            contact: { type: ['string', 'null'], description: "the team's phone" },
            status: enumOf(screeningStatuses.filter((s) => s !== 'cancelled')),
          },
        },
      },
    },
  };

  const paths = {
    '/api/plans/draft': {
      post: {
        operationId: 'draftPlan',
        tags: ['plans'],
        ...write(
          "Propose screenings for the month's gap units (administrative level): one per team per evening, never on a booked (a live screening less than 3 hours away) or unavailable evening, shared fairly (two teams' counts differ by at most one unless a team runs out of free evenings), each team routed from its base (nearest neighbour improved by 2-opt and Or-opt). Each screening gets a programme (DOMAIN.md \"Films and programmes\"): one 场 — a long film (LONG_FILM_MINUTES, any category but other) or three science shorts; no film shown or planned in the unit (a natural village counting for its parent) within 365 days of the evening, nor twice in the draft; only films licensed on the evening's date and not retired; one film of each running campaign for the units of its area not yet covered for it; science films so that each team's month keeps the county's effective scienceShare; the villagers' requested films first. Stores nothing. Admin, bureau; a partner for its own teams.",
          draftBody,
          '200',
          draft,
        ),
      },
    },
    '/api/plans/accept': {
      post: {
        operationId: 'acceptPlan',
        tags: ['plans'],
        parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 200 }, description: 'optional; as on POST /api/screenings' }],
        ...write(
          'Store a (possibly edited) draft as scheduled screenings, all in one transaction or none, with the rules of POST /api/screenings. Admin; a partner for its own teams. Bureau: 403.',
          { type: 'object', additionalProperties: false, required: ['month', 'items'], properties: { month: { type: 'string', pattern: monthPattern }, items: { type: 'array', minItems: 1, maxItems: 2000, items: item } } },
          '201',
          { type: 'object', properties: { created: { type: 'array', items: ref('Screening') } } },
          {
            '400': problem('An invalid item: errors name items.N.field (unknown or another partner\'s team, retired village or one outside the user\'s counties, a start outside the month…); nothing stored'),
            '409': periodLockedOr('An item clashes with a screening of its team less than 3 hours away, two items do, or its village got a screening this month since the draft (items.N.startsAt / items.N.villageId); nothing stored'),
          },
        ),
      },
    },
    '/api/plans/runsheet': {
      get: {
        operationId: 'getRunSheet',
        tags: ['plans'],
        ...read(
          "A team's screenings of a month (not the cancelled ones) for the printed run sheet: those the user may see as screenings (a partner's own team's; anyone else's only inside the user's counties). A team the user cannot see is a 400 naming teamId.",
          runsheet,
          [query('teamId', { type: 'integer' }, 'required'), query('month', { type: 'string', pattern: monthPattern }, 'default: the current month')],
        ),
      },
    },
    '/api/teams/{id}/calendar.ics': {
      get: {
        operationId: 'getTeamCalendar',
        tags: ['plans'],
        summary: "A team's screenings from about three months back as an iCalendar feed (RFC 5545) for a phone: each a 2-hour event in the county zone with STATUS:CONFIRMED, or STATUS:CANCELLED for a cancelled one, so subscribed calendars take it out. The secret link needs no sign-in.",
        security: [],
        parameters: [idParam, query('token', { type: 'string' }, "the team's calendar token (from calendar-link)")],
        responses: { '200': { description: 'text/calendar', content: { 'text/calendar': { schema: { type: 'string' } } } }, '404': problem('Unknown team, or a missing or wrong token') },
      },
    },
    '/api/teams/{id}/calendar-link': {
      get: {
        operationId: 'getTeamCalendarLink',
        tags: ['plans'],
        summary: "The secret calendar link of a team: for the admin and the team's partner (another partner's team: 404; bureau: 403)",
        parameters: [idParam],
        responses: {
          '200': { description: 'OK', ...json({ type: 'object', properties: { teamId: { type: 'integer' }, path: { type: 'string' }, url: { type: 'string', description: 'absolute, as this request reached the server' } } }) },
          ...common,
          '404': problem('Unknown team, or another partner\'s'),
        },
      },
    },
  };
  return { paths };
};
