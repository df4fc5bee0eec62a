// The colours that mean something on every page. A status has its Okabe–Ito colour (distinguishable
// with the common colour-vision deficiencies) and, wherever it is drawn, a second cue (shape, fill,
// outline, symbol). A month still to come is grey: not yet due is no status colour. Whatever else is
// coloured — a team's route on the auto-plan map — takes its colours from ROUTE_COLOURS, which
// leaves every one of these out, so nobody reads a route as a row of blind spots.
import type { UnitStatus } from '../../../domain/status.js';

export const STATUS_COLOURS: Record<UnitStatus, string> = {
  gap: '#D55E00', // vermilion
  overdue: '#E69F00', // orange
  planned: '#0072B2', // blue
  covered: '#009E73', // bluish green
};

/** A unit of a month that has not begun: neutral grey. */
export const NOT_DUE_COLOUR = '#8C8C8C';

/**
 * One a team: the Okabe–Ito colours the statuses leave (reddish purple, sky blue, black), then
 * three of Paul Tol's that are far from every status colour (indigo, wine, olive). Past six teams
 * the colours come round again with a dashed line (ROUTE_DASHES), so no two routes look the same.
 */
export const ROUTE_COLOURS = ['#CC79A7', '#56B4E9', '#000000', '#332288', '#882255', '#999933'] as const;
export const ROUTE_DASHES = [undefined, '10 6', '2 6'] as const;

/** The colour and dash of the route of the team at `index` (its place in the page's team list). */
export function routeStyle(index: number): { color: string; dashArray: string | undefined } {
  const i = Math.max(0, index);
  return { color: ROUTE_COLOURS[i % ROUTE_COLOURS.length]!, dashArray: ROUTE_DASHES[Math.floor(i / ROUTE_COLOURS.length) % ROUTE_DASHES.length] };
}
