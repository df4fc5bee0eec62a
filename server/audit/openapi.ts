import { countyTime, enumOf, integer, page, pagingParams, query, read, record, text, type ApiPieceOf } from '../openapi/build.js';
import { auditActions, entities } from './log.js';

export const auditApi: ApiPieceOf = (config) => ({
  paths: {
    '/api/audit': {
      get: {
        operationId: 'listAuditEntries',
        tags: ['audit'],
        ...read('Audit log, newest first (admin, bureau)', page('AuditEntry'), [
          query('entity', enumOf(entities)),
          query('id', { type: 'integer' }, 'the entity id'),
          query('userId', { type: 'integer' }, 'who made the change'),
          ...pagingParams,
        ]),
      },
    },
  },
  schemas: {
    AuditEntry: record({
      entity: enumOf(entities),
      entityId: integer,
      action: enumOf(auditActions),
      user: { type: ['object', 'null'], properties: { id: integer, username: text } },
      at: countyTime(config),
      before: { type: ['object', 'null'] },
      after: { type: ['object', 'null'] },
    }),
  },
});
