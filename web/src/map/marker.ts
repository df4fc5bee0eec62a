// A circle marker that can also be a square, on the map's one canvas: overdue needs a shape of its
// own (DOMAIN.md's statuses each have a second cue), and a Leaflet marker a village would cost
// thousands of DOM nodes. Leaflet's canvas renderer draws a CircleMarker through _updatePath; a
// square draws its own path there and lets the renderer fill and stroke it as it does a circle
// (so styles, dashes, hit testing within the radius and partial redraws stay Leaflet's).
import L from 'leaflet';
import type { Shape } from './style.js';

interface CanvasRenderer {
  _drawing?: boolean;
  _ctx?: CanvasRenderingContext2D;
  _fillStroke(ctx: CanvasRenderingContext2D, layer: L.Path): void;
  _updateCircle(layer: L.Path): void;
}

interface Internals {
  _renderer: CanvasRenderer;
  _point: L.Point;
  _radius: number;
  _empty(): boolean;
  options: L.CircleMarkerOptions & { shape?: Shape };
}

export type ShapeMarker = L.CircleMarker & { setShape(shape: Shape): void };

const ShapeMarkerClass = L.CircleMarker.extend({
  setShape(this: L.CircleMarker & Internals, shape: Shape) {
    if (this.options.shape === shape) return;
    this.options.shape = shape;
    this.redraw();
  },
  _updatePath(this: L.CircleMarker & Internals) {
    const r = this._renderer;
    // Only the canvas can be drawn on here; any other renderer (SVG) draws its circle.
    if (this.options.shape !== 'square' || !r._ctx) return r._updateCircle(this);
    if (!r._drawing || this._empty()) return;
    const p = this._point;
    const s = Math.max(Math.round(this._radius), 1);
    r._ctx.beginPath();
    r._ctx.rect(p.x - s, p.y - s, 2 * s, 2 * s);
    r._fillStroke(r._ctx, this);
  },
}) as unknown as new (latLng: L.LatLngExpression, options: L.CircleMarkerOptions & { shape?: Shape }) => ShapeMarker;

export const shapeMarker = (latLng: L.LatLngExpression, options: L.CircleMarkerOptions & { shape?: Shape }) => new ShapeMarkerClass(latLng, options);
