// Partner companies (admin, bureau): the list with each one's teams, add one, rename one.
import { formatNumber, t } from '../i18n/index.js';
import { byId, h } from '../shared/dom.js';
import { setupApi, type Partner } from './api.js';
import { RecordForm } from './form.js';
import type { SetupContext } from './state.js';
import { renderRows, rowButton } from './table.js';

export function partnersSection(ctx: SetupContext) {
  const name = byId<HTMLInputElement>('partner-name');
  const form = new RecordForm<Partner>(byId('partner-form'), {
    section: 'partners',
    editTitle: (p) => t('partners.renameTitle', { name: p.name }),
    fill: (p) => (name.value = p?.name ?? ''),
    send: async (editing) => {
      const saved = await setupApi.savePartner(editing?.id ?? null, { name: name.value });
      return () => t(editing ? 'partners.renamed' : 'partners.added', { name: saved.name });
    },
    saved: ctx.reload,
  });

  return () => {
    const { partners, teams } = ctx.data;
    byId('partners').hidden = false;
    renderRows(byId<HTMLTableElement>('partners-table'), byId('partners-count'), partners, 'partners.none', (p) =>
      h(
        'tr',
        { 'data-id': p.id },
        h('th', { scope: 'row' }, p.name),
        h('td', { class: 'num' }, formatNumber(teams.filter((tm) => tm.partnerId === p.id).length)),
        h('td', { class: 'actions' }, rowButton(t('partners.rename'), () => form.edit(p), { 'data-action': 'rename' })),
      ),
    );
    form.render();
  };
}
