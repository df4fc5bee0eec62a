// A team's base village, picked by search: type a part of the name (or the start of the code),
// pick one of the first matches; the pick shows as "name (township)" with a button to clear it.
import { t } from '../i18n/index.js';
import type { Village } from '../shared/api.js';
import { byId, h } from '../shared/dom.js';
import { setupApi } from './api.js';

const DEBOUNCE_MS = 200;

export class VillagePicker {
  value: Village | null = null;
  private readonly input = byId<HTMLInputElement>('team-village');
  private readonly results = byId('team-village-results');
  private readonly picked = byId('team-village-picked');
  private found: Village[] = [];
  private timer = 0;
  private asking: AbortController | null = null;

  /** `registryEmpty`: no village to find yet, said when a search finds nothing. */
  constructor(private readonly registryEmpty: () => boolean) {
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.search(), DEBOUNCE_MS);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault(); // Enter picks the first match rather than sending the form
      if (this.found[0]) this.set(this.found[0]);
    });
    byId('team-village-clear').addEventListener('click', () => {
      this.set(null);
      this.input.focus();
    });
  }

  set(village: Village | null) {
    this.value = village;
    this.found = [];
    this.input.value = '';
    this.input.hidden = village !== null;
    this.results.replaceChildren();
    this.render();
  }

  render() {
    this.picked.hidden = this.value === null;
    this.picked.querySelector('.village-name')!.textContent = this.value ? t('text.paren', { text: this.value.name, note: this.value.townshipName }) : '';
  }

  private async search() {
    const q = this.input.value.trim();
    this.asking?.abort();
    if (!q) return this.results.replaceChildren();
    const asking = (this.asking = new AbortController());
    try {
      this.found = await setupApi.findVillages(q, asking.signal);
    } catch {
      return; // a newer search, or no answer: the list stays as it was
    }
    if (!this.found.length) {
      this.results.replaceChildren(h('li', { class: 'empty' }, t(this.registryEmpty() ? 'teams.baseEmpty' : 'teams.baseNoMatch')));
      return;
    }
    this.results.replaceChildren(
      ...this.found.map((v) => {
        const b = h('button', { type: 'button', class: 'village-option', 'data-id': v.id }, v.name, h('small', {}, `${v.townshipName}${v.code ? ` · ${v.code}` : ''}`));
        b.addEventListener('click', () => this.set(v));
        return h('li', {}, b);
      }),
    );
  }
}
