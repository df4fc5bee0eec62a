import type { Request, Response } from 'express';
import { preconditionFailed } from './problem.js';

export const setVersionTag = (res: Response, version: number) => res.setHeader('ETag', `"${version}"`);

/** The versions an If-Match header names (weak or strong form, quotes off); undefined when it is absent or `*`: anything passes. */
export type IfMatch = string[] | undefined;

/** The route reads the header; the service checks the plain value it gives (checkIfMatch). */
export function ifMatchOf(req: Request): IfMatch {
  const header = req.get('if-match');
  if (header === undefined || header.trim() === '*') return undefined;
  return header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
}

/** If-Match against a row's version: one of the listed tags must be the current version, else 412 and nothing is written. */
export function checkIfMatch(tags: IfMatch, version: number): void {
  if (tags && !tags.includes(String(version))) {
    throw preconditionFailed(`The screening has changed (now version ${version}); reload it and apply your change again.`);
  }
}
