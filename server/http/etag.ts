import type { Request, Response } from 'express';
import { preconditionFailed } from './problem.js';

export const setVersionTag = (res: Response, version: number) => res.setHeader('ETag', `"${version}"`);

/**
 * If-Match against a row's version: absent or `*` passes; otherwise one of the listed tags must be
 * the current version (weak or strong form), else 412 and nothing is written.
 */
export function checkIfMatch(req: Request, version: number): void {
  const header = req.get('if-match');
  if (header === undefined || header.trim() === '*') return;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
  if (!tags.includes(String(version))) {
    throw preconditionFailed(`The screening has changed (now version ${version}); reload it and apply your change again.`);
  }
}
