import { describe, expect, it } from 'vitest';
import { NOT_DUE_COLOUR, ROUTE_COLOURS, routeStyle, STATUS_COLOURS } from '../../web/src/shared/colours.js';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((x, i) => x - rgb(b)[i]!));
const meaningful = [...Object.values(STATUS_COLOURS), NOT_DUE_COLOUR];

describe('route colours on the auto-plan map', () => {
  it('are never a status colour (nor not yet due grey), nor close to one (RGB distance over 70)', () => {
    for (const route of ROUTE_COLOURS) {
      for (const status of meaningful) {
        expect(route.toLowerCase()).not.toBe(status.toLowerCase());
        expect(distance(route, status), `${route} against ${status}`).toBeGreaterThan(70);
      }
    }
  });

  it('give every team of a big partner its own colour and dash, and never the gap colour', () => {
    const styles = Array.from({ length: 18 }, (_, i) => routeStyle(i));
    expect(new Set(styles.map((s) => `${s.color} ${s.dashArray}`)).size).toBe(18);
    expect(styles.some((s) => s.color === STATUS_COLOURS.gap)).toBe(false);
    expect(routeStyle(-1)).toEqual(routeStyle(0));
  });
});
