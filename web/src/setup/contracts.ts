// Contracts (admin, bureau): which partner works which county from which month to which (open
// when no last month). The list with the county's name and code, add one, delete one. The server
// judges overlaps (409, named on `from`) and the bureau's own counties (400 on `countyId`); the
// form shows them beside those fields, as the other forms do. A deployment of one county (or none
// yet) needs no contract — a partner without contracts works the whole deployment (DOMAIN.md
// "Areas and scopes") — so there the section says so instead of offering an empty county list,
// and only lists the contracts already made.
import { formatMonth, t } from '../i18n/index.js';
import { areaLabel, areaPicker, knownArea } from '../shared/area-picker.js';
import { byId, h } from '../shared/dom.js';
import { setupApi, type Contract } from './api.js';
import { problemText, RecordForm } from './form.js';
import { partnerName, partnerOptions, type SetupContext } from './state.js';
import { renderRows, rowButton } from './table.js';

export function contractsSection(ctx: SetupContext) {
  const f = {
    partner: byId<HTMLSelectElement>('contract-partner'),
    from: byId<HTMLInputElement>('contract-from'),
    to: byId<HTMLInputElement>('contract-to'),
  };
  const county = areaPicker({
    select: byId<HTMLSelectElement>('contract-county'),
    filter: byId<HTMLInputElement>('contract-county-filter'),
    level: 'county',
    empty: () => t('contracts.countyPick'),
  });
  const loaded = county.load().catch(() => undefined);

  const form = new RecordForm<Contract>(byId('contract-form'), {
    section: 'contracts',
    editTitle: () => t('contracts.new'),
    fill: () => {
      f.from.value = '';
      f.to.value = '';
    },
    send: async () => {
      const saved = await setupApi.saveContract({
        // Left out when not chosen: the server says which is required.
        partnerId: f.partner.value ? Number(f.partner.value) : undefined,
        countyId: county.value ? Number(county.value) : undefined,
        from: f.from.value,
        to: f.to.value || null,
      });
      const c = knownArea(saved.countyId);
      return () => t('contracts.added', { partner: partnerName(ctx.data, saved.partnerId), county: c ? c.name : `#${saved.countyId}` });
    },
    saved: ctx.reload,
  });

  async function remove(k: Contract) {
    const what = { partner: partnerName(ctx.data, k.partnerId), county: knownArea(k.countyId)?.name ?? `#${k.countyId}` };
    if (!confirm(t('contracts.confirmDelete', what))) return;
    try {
      await setupApi.deleteContract(k.id);
      await ctx.reload();
      form.say(() => t('contracts.deleted', what));
    } catch (err) {
      form.say(() => t('contracts.deleteFailed', { detail: problemText(err) }), 'error');
    }
  }

  const period = (m: string | null) => (m ? h('time', { datetime: m }, formatMonth(m)) : h('span', { class: 'open' }, t('contracts.open')));

  return () => {
    const { contracts, partners, county: only, countyCount } = ctx.data;
    byId('contracts').hidden = false;
    const needed = countyCount > 1;
    const single = byId('contracts-single');
    single.hidden = needed;
    single.textContent = needed ? '' : `${only ? t('contracts.singleCounty', { county: only.name }) : t('contracts.noCounty')}${contracts.length ? ` ${t('contracts.singleCountyKept')}` : ''}`;
    byId('contract-form').hidden = !needed;
    byId('contracts-table').closest<HTMLElement>('.table-wrap')!.hidden = !needed && !contracts.length;
    partnerOptions(f.partner, partners);
    void loaded.then(() => county.render());
    renderRows(byId<HTMLTableElement>('contracts-table'), byId('contracts-count'), contracts, 'contracts.none', (k) => {
      const c = knownArea(k.countyId);
      return h(
        'tr',
        { 'data-id': k.id, 'data-county': k.countyId, 'data-partner': k.partnerId },
        h('th', { scope: 'row' }, partnerName(ctx.data, k.partnerId)),
        h('td', { class: 'county' }, c ? areaLabel(c) : `#${k.countyId}`),
        h('td', { class: 'from' }, period(k.from)),
        h('td', { class: 'to' }, period(k.to)),
        h('td', { class: 'actions' }, rowButton(t('contracts.delete'), () => void remove(k), { 'data-action': 'delete', class: 'small danger' })),
      );
    });
    form.render();
  };
}
