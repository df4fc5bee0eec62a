// Small builders for the report tables and figures: text in, elements out (names are user data).
import { h } from '../shared/dom.js';

export type Cell = string | Node | { text: string | Node; num?: boolean; field?: string; class?: string };

export function tile(field: string, label: string, value: string, extra?: string): HTMLElement {
  // A <dl>'s groups hold only <dt> and <dd>: the extra line is a second <dd>.
  return h('div', { class: 'stat', 'data-field': field }, h('dt', {}, label), h('dd', {}, value), extra ? h('dd', { class: 'extra' }, h('small', {}, extra)) : null);
}

export function table(opts: { caption?: string; head: Cell[]; rows: { cells: Cell[]; attrs?: Record<string, string | number> }[]; foot?: Cell[]; class?: string }): HTMLElement {
  const cell = (tag: 'td' | 'th', c: Cell, scope?: string) => {
    if (typeof c === 'string' || c instanceof Node) return h(tag, scope ? { scope } : {}, c);
    return h(tag, { class: [c.num ? 'num' : '', c.class ?? ''].join(' ').trim() || undefined, 'data-field': c.field, scope }, c.text);
  };
  // On a phone a wide table scrolls in a box of its own, never the page: focusable, so the
  // keyboard scrolls it too (WCAG 2.1.1), and a region named by its caption where it has one.
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: opts.caption ? 'region' : undefined, 'aria-label': opts.caption },
    h(
      'table',
      { class: `report-table ${opts.class ?? ''}`.trim() },
      opts.caption ? h('caption', {}, opts.caption) : null,
      h('thead', {}, h('tr', {}, ...opts.head.map((c) => cell('th', c, 'col')))),
      h('tbody', {}, ...opts.rows.map((r) => h('tr', r.attrs ?? {}, ...r.cells.map((c, i) => cell(i === 0 ? 'th' : 'td', c, i === 0 ? 'row' : undefined))))),
      opts.foot ? h('tfoot', {}, h('tr', {}, ...opts.foot.map((c, i) => cell(i === 0 ? 'th' : 'td', c, i === 0 ? 'row' : undefined)))) : null,
    ),
  );
}

/** A coverage share as a percentage and a bar, so the lowest townships stand out. */
export function coverageCell(share: string, coverage: number): Cell {
  return {
    num: true,
    field: 'coverage',
    class: 'coverage',
    text: h('span', { class: 'cov' }, h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: `width:${(coverage * 100).toFixed(1)}%` })), h('span', { class: 'pct' }, share)),
  };
}
