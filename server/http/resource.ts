import { Router, type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { currentUser } from '../auth/guard.js';
import type { Caller, User } from '../auth/user.js';
import type { Db } from '../db/index.js';
import type { Page } from './paging.js';
import type { FieldError } from './problem.js';
import { parse, parseAll, parseId } from './validate.js';

/** A feature's service as its routes call it, with what the client sent already read. */
export interface ResourceService<T extends { id: number }, Q, C, P> {
  list?: (c: Caller, q: Q) => Promise<Page<T>>;
  find?: (c: Caller, id: number) => Promise<T>;
  create?: (c: Caller, body: C) => Promise<T>;
  update?: (c: Caller, id: number, body: P) => Promise<T>;
  remove?: (c: Caller, id: number) => Promise<void>;
}

export interface ResourceOptions<Q, C, P> {
  /** Where the router is mounted: a created record's Location is `${path}/${id}`. */
  path: string;
  /** How the client's input is read: the list's query, a new record, a change. */
  schemas: { ListQuery?: z.ZodType<Q>; Create?: z.ZodType<C>; Patch?: z.ZodType<P> };
  /** The ids a body names that no row has, reported with the schema's other bad fields in one 400. */
  references?: (db: Db, user: User) => (body: Record<string, unknown>) => Promise<FieldError[]>;
  /** Runs for every request that reaches the router, matched or not (e.g. writableBy). */
  guard?: RequestHandler;
  /** Runs before the writes only (POST, PATCH, DELETE), before anything is read. */
  writers?: RequestHandler;
}

const noReferences = async (): Promise<FieldError[]> => [];

function schemaOf<S>(schema: S | undefined, name: string, path: string): S {
  if (!schema) throw new Error(`${path}: the service writes, but the resource has no ${name} schema`);
  return schema;
}

/**
 * The thin routes of a registry-like resource — GET /, GET /:id, POST /, PATCH /:id, DELETE /:id,
 * as far as the service has them. Each reads the request with the feature's schemas, asks the
 * service, and answers the plain object it gets back: 201 with a Location for a creation, 204 for a
 * deletion. Errors are thrown and rendered once, by the error middleware.
 */
export function resourceRoutes<T extends { id: number }, Q, C, P>(ctx: AppContext, o: ResourceOptions<Q, C, P>, s: ResourceService<T, Q, C, P>): Router {
  const r = Router();
  const caller = (req: Request): Caller => ({ db: ctx.db, user: currentUser(req), zone: ctx.config.timezone });
  const references = (req: Request) => o.references?.(ctx.db, currentUser(req)) ?? noReferences;
  const writers = o.writers ? [o.writers] : [];
  const { list, find, create, update, remove } = s;
  if (o.guard) r.use(o.guard);

  if (list) {
    const ListQuery = schemaOf(o.schemas.ListQuery, 'ListQuery', o.path);
    r.get('/', async (req, res) => {
      res.json(await list(caller(req), parse(ListQuery, req.query, 'query')));
    });
  }
  if (find) {
    r.get('/:id', async (req, res) => {
      res.json(await find(caller(req), parseId(req.params.id)));
    });
  }
  if (create) {
    const Create = schemaOf(o.schemas.Create, 'Create', o.path);
    r.post('/', ...writers, async (req, res) => {
      const created = await create(caller(req), await parseAll(Create, req.body, references(req)));
      res.status(201).location(`${o.path}/${created.id}`).json(created);
    });
  }
  if (update) {
    const Patch = schemaOf(o.schemas.Patch, 'Patch', o.path);
    r.patch('/:id', ...writers, async (req, res) => {
      const id = parseId(req.params.id);
      res.json(await update(caller(req), id, await parseAll(Patch, req.body, references(req))));
    });
  }
  if (remove) {
    r.delete('/:id', ...writers, async (req, res) => {
      await remove(caller(req), parseId(req.params.id));
      res.status(204).end();
    });
  }
  return r;
}
