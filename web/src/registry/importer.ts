// The import card: choose a file, check it with a dry run (nothing stored), read the counts and
// the refused rows, then confirm the real run, which the server applies all or nothing.
import { formatNumber, t } from '../i18n/index.js';
import { h } from '../shared/dom.js';
import { Problem } from '../shared/http.js';
import { contentTypeOf, importErrorText, registryApi, type ImportError, type ImportResult } from './api.js';
import { readRows, sameColumn, type FileRows } from './preview.js';

/** A county file with thousands of bad rows would make a page nobody reads: the first ones, and a count. */
const MAX_ERRORS_SHOWN = 300;

interface Els {
  form: HTMLFormElement;
  file: HTMLInputElement;
  retireMissing: HTMLInputElement;
  dryRun: HTMLButtonElement;
  confirm: HTMLButtonElement;
  status: HTMLElement;
  result: HTMLElement;
}

export function setupImport(el: Els, onImported: () => void) {
  // The dry run that the confirm button would apply: for this file with this choice only.
  let checked: { file: File; retireMissing: boolean; result: ImportResult; rows: FileRows | null } | null = null;
  let last: { kind: 'dry' | 'real'; result: ImportResult; rows: FileRows | null } | null = null;
  // The status line as a function of the language, so a switch of language redraws it.
  let statusText: () => string = () => t('import.choose');

  const say = (text: () => string, tone = '') => {
    statusText = text;
    delete el.status.dataset.code;
    el.status.dataset.tone = tone;
    el.status.textContent = text();
  };
  const setStatus = (key: Parameters<typeof t>[0] | null, params: Record<string, string | number> = {}, tone = '') =>
    say(() => (key ? t(key, params) : ''), tone);

  const reset = () => {
    checked = null;
    last = null;
    el.confirm.disabled = true;
    el.result.replaceChildren();
    setStatus(el.file.files?.[0] ? 'import.readyToCheck' : 'import.choose');
  };
  el.file.addEventListener('change', reset);
  el.retireMissing.addEventListener('change', () => {
    if (checked) reset();
  });

  const busy = (on: boolean) => {
    el.dryRun.disabled = on;
    el.file.disabled = on;
    el.retireMissing.disabled = on;
    if (on) el.confirm.disabled = true;
    el.form.setAttribute('aria-busy', String(on));
  };
  /** One run against the server (a dry run or the import), the form busy meanwhile. */
  const run = async (status: 'import.checking' | 'import.importing', file: File, work: () => Promise<void>) => {
    busy(true);
    setStatus(status);
    try {
      await work();
      render();
    } catch (err) {
      failed(err, file);
    } finally {
      busy(false);
      el.confirm.disabled = !checked;
    }
  };

  el.form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = el.file.files?.[0];
    if (!file) {
      setStatus('import.choose', {}, 'error');
      el.file.focus();
      return;
    }
    const retireMissing = el.retireMissing.checked;
    await run('import.checking', file, async () => {
      const [result, rows] = await Promise.all([
        registryApi.import(file, { dryRun: true, retireMissing }),
        readRows(file, contentTypeOf(file)),
      ]);
      last = { kind: 'dry', result, rows };
      if (result.errors.length) {
        checked = null;
        setStatus('import.refused', { count: formatNumber(result.errors.length) }, 'error');
      } else {
        checked = { file, retireMissing, result, rows };
        setStatus('import.checked', {}, 'ok');
      }
    });
  });

  el.confirm.addEventListener('click', async () => {
    if (!checked) return;
    const { file, retireMissing, rows } = checked;
    await run('import.importing', file, async () => {
      const result = await registryApi.import(file, { dryRun: false, retireMissing });
      last = { kind: result.errors.length ? 'dry' : 'real', result, rows };
      checked = null;
      if (result.errors.length) setStatus('import.refusedReal', { count: formatNumber(result.errors.length) }, 'error');
      else {
        setStatus('import.done', {}, 'ok');
        onImported();
      }
    });
  });

  function failed(err: unknown, file: File) {
    console.error(err);
    checked = null;
    const detail = err instanceof Problem ? err.message : String(err);
    // What the server says of the file as a whole (a workbook, an image, too large…), by its code.
    const first = err instanceof Problem ? (err.body.errors?.[0] as ImportError | undefined) : undefined;
    if (err instanceof Problem && err.status === 403) setStatus('import.forbidden', {}, 'error');
    else if (first?.code) say(() => t('import.fileRefused', { name: file.name, reason: importErrorText(first) }), 'error');
    else if (err instanceof Problem && err.status === 413) setStatus('import.tooLarge', {}, 'error');
    else setStatus('import.failed', { detail }, 'error');
    el.status.dataset.code = first?.code ?? '';
  }

  function render() {
    el.status.textContent = statusText();
    if (!last) return;
    const { kind, result, rows } = last;
    const counts = (['created', 'updated', 'unchanged', 'retired'] as const).map((k) =>
      h('div', { class: `tile tile-${k}`, 'data-count': k }, h('dt', {}, t(`import.count.${k}`)), h('dd', {}, formatNumber(result[k]))),
    );
    counts.push(
      h(
        'div',
        { class: `tile tile-errors${result.errors.length ? ' has-errors' : ''}`, 'data-count': 'errors' },
        h('dt', {}, t('import.count.errors')),
        h('dd', {}, formatNumber(result.errorCount ?? result.errors.length)),
      ),
    );
    const parts: HTMLElement[] = [h('h3', {}, t(kind === 'dry' ? 'import.dryTitle' : 'import.realTitle')), h('dl', { class: 'tiles' }, ...counts)];
    if (result.townshipsCreated) parts.push(h('p', { class: 'note-line' }, t('import.townshipsCreated', { count: formatNumber(result.townshipsCreated) })));
    if (result.errors.length) parts.push(errorTable(result, rows));
    if (result.missing?.length && !result.errors.length) parts.push(missingList(result, kind));
    el.result.replaceChildren(...parts);
    el.result.dataset.kind = kind;
  }

  return { render };
}

function errorTable(result: ImportResult, rows: FileRows | null): HTMLElement {
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
          h('td', {}, e.column ?? '—'),
          h('td', { class: 'message', 'data-code': e.code }, importErrorText(e)),
          rows ? h('td', { class: 'content' }, rowContent(rows, e.row, e.column)) : null,
        ),
      ),
    ),
  );
  const more = (result.errorCount ?? result.errors.length) - shown.length;
  return h('div', { class: 'table-wrap errors-wrap' }, table, more > 0 ? h('p', { class: 'more' }, t('import.moreErrors', { count: formatNumber(more) })) : null);
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
function rowContent(rows: FileRows, row: number, column: string | null): HTMLElement | string {
  const values = rows.rows[row - 1];
  if (!values) return '';
  const bad = column === null ? -1 : rows.header.findIndex((name) => sameColumn(name, column));
  return h(
    'span',
    { class: 'cells' },
    ...values.map((v, i) => h('span', { class: i === bad ? 'cell bad' : 'cell', title: rows.header[i] ?? '' }, v === '' ? '∅' : v)),
  );
}
