// Projection teams: the admin's of every partner, a partner's own (its company is fixed, so the
// partner column and choice are left out). Add one, or change its name, partner, base village and phone.
import { t } from '../i18n/index.js';
import type { Team } from '../shared/api.js';
import { byId, h } from '../shared/dom.js';
import { setupApi } from './api.js';
import { RecordForm } from './form.js';
import { partnerName, onlyPartner, partnerOptions, type SetupContext } from './state.js';
import { renderRows, rowButton } from './table.js';
import { VillagePicker } from './village-picker.js';

export function teamsSection(ctx: SetupContext) {
  const choosesPartner = ctx.user.role !== 'partner';
  const f = {
    name: byId<HTMLInputElement>('team-name'),
    partner: byId<HTMLSelectElement>('team-partner'),
    phone: byId<HTMLInputElement>('team-phone'),
  };
  const base = new VillagePicker(() => ctx.data.registryEmpty);
  byId('team-partner-field').hidden = !choosesPartner;
  for (const col of document.querySelectorAll<HTMLElement>('#teams-table .partner-col')) col.hidden = !choosesPartner;

  const form = new RecordForm<Team>(byId('team-form'), {
    section: 'teams',
    editTitle: (team) => t('teams.editTitle', { name: team.name }),
    fill: (team) => {
      f.name.value = team?.name ?? '';
      f.partner.value = team ? String(team.partnerId) : onlyPartner(ctx.data.partners);
      f.phone.value = team?.phone ?? '';
      base.set(team?.baseVillageId ? (ctx.data.villages.get(team.baseVillageId) ?? null) : null);
    },
    send: async (editing) => {
      const body: Record<string, unknown> = { name: f.name.value, baseVillageId: base.value?.id ?? null, phone: f.phone.value };
      if (choosesPartner) body.partnerId = f.partner.value ? Number(f.partner.value) : undefined;
      const saved = await setupApi.saveTeam(editing?.id ?? null, body);
      return () => t(editing ? 'teams.saved' : 'teams.added', { name: saved.name });
    },
    saved: ctx.reload,
  });

  return () => {
    const { teams, partners, villages } = ctx.data;
    byId('teams').hidden = false;
    byId('team-need-partner').hidden = !choosesPartner || partners.length > 0;
    partnerOptions(f.partner, partners);
    renderRows(byId<HTMLTableElement>('teams-table'), byId('teams-count'), teams, 'teams.none', (team) => {
      const village = team.baseVillageId ? villages.get(team.baseVillageId) : undefined;
      return h(
        'tr',
        { 'data-id': team.id },
        h('th', { scope: 'row' }, team.name),
        choosesPartner ? h('td', { class: 'partner-col' }, partnerName(ctx.data, team.partnerId)) : null,
        h('td', {}, village ? t('text.paren', { text: village.name, note: village.townshipName }) : ''),
        h('td', {}, team.phone ?? ''),
        h('td', { class: 'actions' }, rowButton(t('setup.edit'), () => form.edit(team), { 'data-action': 'edit' })),
      );
    });
    base.render();
    form.render();
  };
}
