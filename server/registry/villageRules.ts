import type { Db } from '../db/index.js';
import { badRequest, conflict, type FieldError } from '../http/problem.js';

export interface VillageShape {
  kind: 'administrative' | 'natural';
  townshipId: number;
  parentId: number | null;
}

/**
 * The parent rule of DOMAIN.md: a natural village has an administrative parent in the same
 * township; an administrative village has none, and cannot turn natural (or move township) while
 * natural villages hang under it. The schema enforces the same; this names the field for the client.
 */
export async function checkVillageShape(db: Db, next: VillageShape, selfId?: number): Promise<void> {
  const errors: FieldError[] = [];
  const township = await db('townships').where({ id: next.townshipId }).first('id');
  if (!township) errors.push({ path: 'townshipId', message: 'no such township' });

  if (next.kind === 'administrative' && next.parentId !== null) {
    errors.push({ path: 'parentId', message: 'an administrative village has no parent' });
  }
  if (next.kind === 'natural') {
    if (next.parentId === null) errors.push({ path: 'parentId', message: 'a natural village needs its administrative village' });
    else if (next.parentId === selfId) errors.push({ path: 'parentId', message: 'a village cannot be its own parent' });
    else {
      const parent = await db('villages').where({ id: next.parentId }).first('kind', 'township_id');
      if (!parent) errors.push({ path: 'parentId', message: 'no such village' });
      else if (parent.kind !== 'administrative') errors.push({ path: 'parentId', message: 'must be an administrative village' });
      else if (township && parent.township_id !== next.townshipId) {
        errors.push({ path: 'parentId', message: 'must be in the same township' });
      }
    }
  }
  // Natural villages under it are the real obstacle: say so (409) before a missing parent (400).
  if (selfId !== undefined) {
    const children = await db('villages').where({ parent_id: selfId }).count({ n: '*' }).first();
    const current = await db('villages').where({ id: selfId }).first('kind', 'township_id');
    if (Number(children?.n) > 0 && current) {
      if (next.kind !== 'administrative') {
        throw conflict(`This village has ${children?.n} natural villages; move or retire them before it becomes natural.`, [
          { path: 'kind', message: 'has natural villages under it' },
        ]);
      }
      if (next.townshipId !== current.township_id) {
        throw conflict(`This village has ${children?.n} natural villages; move them with it first.`, [
          { path: 'townshipId', message: 'has natural villages under it' },
        ]);
      }
    }
  }

  if (errors.length) throw badRequest(`Invalid body: ${errors.map((e) => e.path).join(', ')}.`, errors);
}
