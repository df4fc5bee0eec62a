import type { Caller } from '../auth/user.js';
import { fetchPage } from '../db/page.js';
import { auditList, auditMapper } from './queries.js';
import type { AuditQuery } from './schemas.js';

export const auditLog = { list: (c: Caller, q: AuditQuery) => fetchPage(auditList(c.db, q, c.user), q, auditMapper(c.zone)) };
