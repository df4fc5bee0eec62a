// The import card: choose a file, check it with a dry run (nothing stored), read the counts and
// the refused rows, then confirm the real run, which the server applies all or nothing.
import { importColumns, type ImportColumn } from '../../../domain/import-columns.js';
import { currentLang, formatNumber, isMessageKey, t, type MessageKey } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { statusLine, type StatusLine } from '../shared/status-line.js';
import { contentTypeOf, importErrorText, registryApi, type ImportError, type ImportResult } from './api.js';
import { renderHeaders } from './headers.js';
import { headerIndex, readRows, type FileRows } from './preview.js';

/** A county file with thousands of bad rows would make a page nobody reads: the first ones, and a count. */
const MAX_ERRORS_SHOWN = 300;

export interface ImporterEls {
  form: HTMLFormElement;
  file: HTMLInputElement;
  /** The village import's choice; an import without it has none. */
  retireMissing?: HTMLInputElement;
  dryRun: HTMLButtonElement;
  confirm: HTMLButtonElement;
  status: HTMLElement;
  result: HTMLElement;
  /** The table of the headers the import reads. */
  headers: HTMLElement;
}

/** What differs between the imports that share this card: the village registry's, the film catalogue's. */
export interface ImportKind {
  send(file: File, opts: { dryRun: boolean; retireMissing: boolean }): Promise<ImportResult>;
  /** The file's rows, read here only to show a refused row beside its reasons. */
  preview(file: File): Promise<FileRows | null>;
  /** The counts shown as tiles (refused rows always). */
  counts: readonly ('created' | 'updated' | 'unchanged' | 'retired')[];
  /** A refused column in the page's language. */
  columnName(column: string | null, rows: FileRows | null): string;
  /** The index of the file's header the server named (canonical name or as in the file); -1 when none. */
  headerIndex(header: readonly string[], column: string): number;
  /** Lists the headers this import reads. */
  renderHeaders(table: HTMLElement): void;
  forbidden: MessageKey;
}

const villages: ImportKind = {
  send: (file, opts) => registryApi.import(file, opts),
  preview: (file) => readRows(file, contentTypeOf(file)),
  counts: ['created', 'updated', 'unchanged', 'retired'],
  columnName,
  headerIndex,
  renderHeaders,
  forbidden: 'import.forbidden',
};

/** The import card, wired: a file chosen, checked (the form's submit), confirmed, redrawn on a change of language. */
export function setupImport(el: ImporterEls, onImported: () => void, kind: ImportKind = villages) {
  return new Importer(el, onImported, kind);
}

class Importer {
  /** The dry run that the confirm button would apply: for this file with this choice only. */
  private checked: { file: File; retireMissing: boolean; result: ImportResult; rows: FileRows | null } | null = null;
  /** The last run's answer, drawn under the form. */
  private last: { kind: 'dry' | 'real'; result: ImportResult; rows: FileRows | null } | null = null;
  private status: StatusLine;

  constructor(
    private el: ImporterEls,
    private onImported: () => void,
    private kind: ImportKind,
  ) {
    this.status = statusLine(el.status, () => t('import.choose'));
    el.file.addEventListener('change', () => this.reset());
    el.retireMissing?.addEventListener('change', () => {
      if (this.checked) this.reset();
    });
    el.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.check();
    });
    el.confirm.addEventListener('click', () => void this.confirm());
  }

  private say(key: MessageKey, params: Record<string, string | number> = {}, tone = '') {
    delete this.el.status.dataset.code;
    this.status.say(key, params, tone);
  }

  private reset() {
    this.checked = null;
    this.last = null;
    this.el.confirm.disabled = true;
    this.el.result.replaceChildren();
    this.say(this.el.file.files?.[0] ? 'import.readyToCheck' : 'import.choose');
  }

  private busy(on: boolean) {
    this.el.dryRun.disabled = on;
    this.el.file.disabled = on;
    if (this.el.retireMissing) this.el.retireMissing.disabled = on;
    if (on) this.el.confirm.disabled = true;
    this.el.form.setAttribute('aria-busy', String(on));
  }

  /** One run against the server (a dry run or the import), the form busy meanwhile. */
  private async run(status: 'import.checking' | 'import.importing', file: File, work: () => Promise<void>) {
    this.busy(true);
    this.say(status);
    try {
      await work();
      this.render();
    } catch (err) {
      this.failed(err, file);
    } finally {
      this.busy(false);
      this.el.confirm.disabled = !this.checked;
    }
  }

  /** The dry run: nothing stored; the counts and the refused rows, beside the file's own rows. */
  private async check() {
    const file = this.el.file.files?.[0];
    if (!file) {
      this.say('import.choose', {}, 'error');
      this.el.file.focus();
      return;
    }
    const retireMissing = this.el.retireMissing?.checked ?? false;
    await this.run('import.checking', file, async () => {
      const [result, rows] = await Promise.all([this.kind.send(file, { dryRun: true, retireMissing }), this.kind.preview(file)]);
      this.last = { kind: 'dry', result, rows };
      if (result.errors.length) {
        this.checked = null;
        this.say('import.refused', { count: formatNumber(result.errors.length) }, 'error');
      } else {
        this.checked = { file, retireMissing, result, rows };
        this.say('import.checked', {}, 'ok');
      }
    });
  }

  /** The real run of the file checked, all or nothing. */
  private async confirm() {
    if (!this.checked) return;
    const { file, retireMissing, rows } = this.checked;
    await this.run('import.importing', file, async () => {
      const result = await this.kind.send(file, { dryRun: false, retireMissing });
      this.last = { kind: result.errors.length ? 'dry' : 'real', result, rows };
      this.checked = null;
      if (result.errors.length) this.say('import.refusedReal', { count: formatNumber(result.errors.length) }, 'error');
      else {
        this.say('import.done', {}, 'ok');
        this.onImported();
      }
    });
  }

  private failed(err: unknown, file: File) {
    console.error(err);
    this.checked = null;
    const detail = err instanceof Problem ? err.message : String(err);
    // What the server says of the file as a whole (a workbook, an image, too large…), by its code.
    const first = err instanceof Problem ? (err.body.errors?.[0] as ImportError | undefined) : undefined;
    if (err instanceof Problem && err.status === 403) this.say(this.kind.forbidden, {}, 'error');
    else if (first?.code) this.status.sayWith(() => t('import.fileRefused', { name: file.name, reason: importErrorText(first) }), 'error');
    else if (err instanceof Problem && err.status === 413) this.say('import.tooLarge', {}, 'error');
    else this.say('import.failed', { detail }, 'error');
    this.el.status.dataset.code = first?.code ?? '';
  }

  render() {
    this.status.redraw();
    this.kind.renderHeaders(this.el.headers);
    if (!this.last) return;
    const { kind, result, rows } = this.last;
    const parts: HTMLElement[] = [h('h3', {}, t(kind === 'dry' ? 'import.dryTitle' : 'import.realTitle')), countTiles(result, this.kind.counts)];
    if (result.newTownships?.length) parts.push(newTownships(result, kind));
    else if (result.townshipsCreated) parts.push(h('p', { class: 'note-line' }, t('import.townshipsCreated', { count: formatNumber(result.townshipsCreated) })));
    if (result.errors.length) parts.push(errorTable(result, rows, this.kind));
    if (result.missing?.length && !result.errors.length) parts.push(missingList(result, kind));
    this.el.result.replaceChildren(...parts);
    this.el.result.dataset.kind = kind;
  }
}

/** The run's counts as tiles: created, updated, unchanged, retired, refused. */
function countTiles(result: ImportResult, shown: ImportKind['counts']): HTMLElement {
  const counts = shown.map((k) =>
    h('div', { class: `tile tile-${k}`, 'data-count': k }, h('dt', {}, t(`import.count.${k}`)), h('dd', {}, formatNumber(result[k] ?? 0))),
  );
  counts.push(
    h(
      'div',
      { class: `tile tile-errors${result.errors.length ? ' has-errors' : ''}`, 'data-count': 'errors' },
      h('dt', {}, t('import.count.errors')),
      h('dd', {}, formatNumber(result.errorCount ?? result.errors.length)),
    ),
  );
  return h('dl', { class: 'tiles' }, ...counts);
}

function errorTable(result: ImportResult, rows: FileRows | null, kind: ImportKind): HTMLElement {
  const shown = result.errors.slice(0, MAX_ERRORS_SHOWN);
  const table = h(
    'table',
    { class: 'data import-errors' },
    h('caption', {}, t('import.errorsCaption')),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, t('import.col.row')), h('th', { scope: 'col' }, t('import.col.column')), h('th', { scope: 'col' }, t('import.col.message')), rows ? h('th', { scope: 'col' }, t('import.col.content')) : null),
    ),
    h(
      'tbody',
      {},
      ...shown.map((e) =>
        h(
          'tr',
          { class: 'error-row', 'data-row': e.row },
          h('td', { class: 'num' }, e.row ? formatNumber(e.row) : '—'),
          h('td', { class: 'column', 'data-column': e.column ?? '', title: e.column ?? '' }, kind.columnName(e.column, rows)),
          h('td', { class: 'message', 'data-code': e.code }, importErrorText(e)),
          rows ? h('td', { class: 'content' }, rowContent(rows, e.row, e.column, kind)) : null,
        ),
      ),
    ),
  );
  const more = (result.errorCount ?? result.errors.length) - shown.length;
  return h('div', { class: 'table-wrap errors-wrap' }, table, more > 0 ? h('p', { class: 'more' }, t('import.moreErrors', { count: formatNumber(more) })) : null);
}

/** The townships the file brings (to be created in a dry run): code, the file's name for it, its villages. */
function newTownships(result: ImportResult, kind: 'dry' | 'real'): HTMLElement {
  const list = result.newTownships ?? [];
  const count = formatNumber(result.townshipsCreated ?? list.length);
  return h(
    'div',
    { class: 'new-townships' },
    h('p', { class: 'note-line' }, t(kind === 'dry' ? 'import.townshipsToCreate' : 'import.townshipsCreated', { count })),
    h('ul', {}, ...list.map((tw) => h('li', { 'data-code': tw.code }, h('b', {}, tw.name ?? '—'), ' ', h('small', {}, `${tw.code} · ${t('import.townshipVillages', { count: formatNumber(tw.villages) })}`)))),
  );
}

const CJK = /[\u3400-\u9fff]/;

/**
 * A refused column in the page's language: in Chinese the header the file gave it when that is
 * Chinese (村委会, 纬度), else the column's Chinese name; in English the column's English name.
 * A column the import does not know (a header, `geometry`) is shown as it came.
 */
function columnName(column: string | null, rows: FileRows | null): string {
  if (!column) return '—';
  if (!importColumns.includes(column as ImportColumn)) {
    const key = `import.column.${column}`;
    return isMessageKey(key) ? t(key) : column;
  }
  if (currentLang() === 'zh-CN' && rows) {
    const header = rows.header[headerIndex(rows.header, column)];
    if (header && CJK.test(header)) return header;
  }
  return t(`import.column.${column as ImportColumn}`);
}

/** Villages of the file's townships that the file leaves out: retired only when asked to. */
function missingList(result: ImportResult, kind: 'dry' | 'real'): HTMLElement {
  const missing = result.missing ?? [];
  const total = result.missingTotal ?? missing.length;
  const title = kind === 'real' && result.retired ? 'import.missingRetired' : 'import.missing';
  return h(
    'details',
    { class: 'missing' },
    h('summary', {}, t(title, { count: formatNumber(total) })),
    h('ul', {}, ...missing.slice(0, MAX_ERRORS_SHOWN).map((m) => h('li', {}, `${m.code} ${m.name}`, h('small', {}, ` · ${m.townshipName}`)))),
    total > Math.min(missing.length, MAX_ERRORS_SHOWN) ? h('p', { class: 'more' }, t('import.moreMissing', { count: formatNumber(total - Math.min(missing.length, MAX_ERRORS_SHOWN)) })) : null,
  );
}

/** The refused row's values, the bad column's value marked (matched by its header, in either language). */
function rowContent(rows: FileRows, row: number, column: string | null, kind: ImportKind): HTMLElement | string {
  const values = rows.rows[row - 1];
  if (!values) return '';
  const bad = column === null ? -1 : kind.headerIndex(rows.header, column);
  return h(
    'span',
    { class: 'cells' },
    ...values.map((v, i) => h('span', { class: i === bad ? 'cell bad' : 'cell', title: rows.header[i] ?? '' }, v === '' ? '∅' : v)),
  );
}
