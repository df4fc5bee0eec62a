import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { allow, currentUser } from '../auth/guard.js';
import type { Caller } from '../auth/user.js';
import { contentDisposition, csvOf, CSV_TYPE, xlsxOf, XLSX_TYPE } from '../http/csv.js';
import { parse } from '../http/validate.js';
import { IssueBody, StatementFormat, StatementPath, StatementsQuery } from './schemas.js';
import { issueStatement, listStatements, readStatement } from './service.js';
import { statementTables, statementTitle } from './tables.js';

/** GET/POST /api/statements, GET /api/statements/:id (JSON, CSV, XLSX) — DOMAIN.md "Periods and settlement". */
export function statementRoutes(ctx: AppContext): Router {
  const r = Router();
  const rateFen = Math.round(ctx.config.subsidyPerScreeningYuan * 100);
  const caller = (req: Request): Caller => ({ db: ctx.db, user: currentUser(req), zone: ctx.config.timezone });
  r.use(allow('admin', 'bureau', 'partner'));
  r.get('/', async (req, res) => {
    res.json(await listStatements(caller(req), parse(StatementsQuery, req.query, 'query')));
  });
  r.post('/', allow('admin', 'bureau'), async (req, res) => {
    const { countyId, round } = parse(IssueBody, req.body);
    res.status(201).json(await issueStatement(caller(req), countyId, round, rateFen));
  });
  r.get('/:id', async (req, res) => {
    const { format } = parse(StatementFormat, req.query, 'query');
    const s = await readStatement(caller(req), parse(StatementPath, req.params, 'path parameter').id);
    if (format === 'json') return void res.json(s);
    const name = `statement-${s.number}.${format}`;
    const sheets = { title: statementTitle(s), zone: ctx.config.timezone };
    res.setHeader('Content-Disposition', contentDisposition(name));
    if (format === 'csv') return void res.type(CSV_TYPE).send(csvOf(statementTables(s, true), sheets.title));
    res.type(XLSX_TYPE).send(await xlsxOf(statementTables(s, false), sheets));
  });
  return r;
}
