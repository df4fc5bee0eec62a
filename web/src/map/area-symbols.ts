// The drill-down map above the villages: one symbol per child area of the area looked at, at the
// mean position of its villages — a circle sized by its units (square-root scale), filled by its
// coverage (COVERAGE_STEPS), the month's gap count written in it and the name and coverage under
// it. Each is a Leaflet marker of its own (a few dozen at most): a real element, so it can be
// clicked, reached with Tab and opened with Enter, and the tests can find it.
import L from 'leaflet';
import { formatNumber, formatPercent, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import type { AreaCoverage, AreaRegistry } from './api.js';
import { COLOURS, coverageColour, coverageStep, symbolRadius } from './style.js';

export type AreaRow = AreaCoverage['groups'][number];
export type AreaGroup = AreaRegistry['groups'][number];

export class AreaLayer {
  private group = L.layerGroup();
  private placed: { group: AreaGroup; marker: L.Marker }[] = [];
  private drawn = '';

  constructor(
    private map: L.Map,
    private onSelect: (group: AreaGroup) => void,
  ) {
    this.group.addTo(map);
  }

  /**
   * Draws the registry's groups that hold units, with the month's counts of each (`rows`, joined by
   * id). In a month that has not begun (`due` false) a circle is grey and counts what is planned.
   * Returns how many symbols are drawn.
   */
  draw(groups: AreaGroup[], rows: AreaRow[], due: boolean): number {
    // The same symbols again (the minute's refresh, nothing changed): left as they are, so a
    // symbol the reader is on keeps its focus and hover.
    const drawn = JSON.stringify([groups, rows, due, t('map.area.symbol')]);
    if (drawn === this.drawn && this.placed.length) return this.placed.length;
    this.clear();
    this.drawn = drawn;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const shown = groups.filter((g) => g.units > 0 && g.lat !== null && g.lng !== null);
    const most = Math.max(0, ...shown.map((g) => g.units));
    for (const g of shown) {
      const row = byId.get(g.id);
      const units = row?.units ?? g.units;
      const r = symbolRadius(units, most);
      const coverage = row?.coverage ?? 0;
      const count = row ? (due ? row.gap : row.planned) : null;
      const label = row
        ? due
          ? t('map.area.symbol', { name: g.name, gap: formatNumber(row.gap), coverage: formatPercent(coverage), units: formatNumber(units) })
          : t('map.area.symbolNotDue', { name: g.name, planned: formatNumber(row.planned), units: formatNumber(units) })
        : g.name;
      const html = h(
        'div',
        { class: 'area-symbol-body' },
        h(
          'span',
          { class: 'area-circle', style: `width:${2 * r}px;height:${2 * r}px;background:${due ? coverageColour(coverage) : COLOURS.notDue}` },
          h('span', { class: 'area-count' }, count === null ? '' : formatNumber(count)),
        ),
        h('span', { class: 'area-name' }, g.name, due && row ? h('small', {}, ` ${formatPercent(coverage)}`) : null),
      );
      const icon = L.divIcon({ html, className: 'area-symbol', iconSize: [2 * r, 2 * r], iconAnchor: [r, r] });
      // Smaller circles over bigger ones, so each can still be clicked.
      const marker = L.marker([g.lat!, g.lng!], { icon, keyboard: g.id !== null, interactive: g.id !== null, riseOnHover: true, zIndexOffset: Math.round(1000 * (40 - r)) });
      // The units in no county are no area to go into: drawn and counted, not a way down.
      if (g.id !== null) marker.on('click', () => this.onSelect(g));
      // Its element exists once the map has a view (the first fit comes after the first draw).
      marker.on('add', () => {
        const el = marker.getElement();
        if (!el) return;
        if (g.id !== null) el.setAttribute('role', 'button');
        el.setAttribute('aria-label', label);
        el.title = label;
        el.dataset.area = String(g.id ?? '');
        el.dataset.level = g.level;
        el.dataset.units = String(units);
        if (row) el.dataset.gap = String(row.gap);
        if (due && row) el.dataset.step = String(coverageStep(coverage));
      });
      marker.addTo(this.group);
      this.placed.push({ group: g, marker });
    }
    return this.placed.length;
  }

  clear() {
    this.group.clearLayers();
    this.placed = [];
    this.drawn = '';
  }

  get count() {
    return this.placed.length;
  }

  /** The symbols whose centre is in the map's view now (also one of units in no county). */
  inView(): AreaGroup[] {
    const view = this.map.getBounds();
    return this.placed.filter((p) => view.contains(p.marker.getLatLng())).map((p) => p.group);
  }

  /** Where the drawn groups' villages are, or undefined when none is drawn. */
  bounds(): L.LatLngBounds | undefined {
    let b: L.LatLngBounds | undefined;
    for (const { group, marker } of this.placed) {
      const part = group.bounds ? L.latLngBounds(group.bounds) : L.latLngBounds([marker.getLatLng()]);
      b = b ? b.extend(part) : part;
    }
    return b?.isValid() ? b : undefined;
  }
}
