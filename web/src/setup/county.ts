// The county (admin names it; bureau and admin read it): the deployment's one county, its name
// and 6-digit code, made on the first day of a county installed from empty. The server places
// it under its province and prefecture and puts the townships in no county in it; a code it does
// not know asks for their names (the two fields below, named in its refusal). Once named, the
// form renames it (the same code); the other sections read the county from ctx.data.
import { t } from '../i18n/index.js';
import { byId } from '../shared/dom.js';
import { setupApi } from './api.js';
import { RecordForm } from './form.js';
import type { SetupContext } from './state.js';

export function countySection(ctx: SetupContext) {
  const f = {
    name: byId<HTMLInputElement>('county-name'),
    code: byId<HTMLInputElement>('county-code'),
    prefecture: byId<HTMLInputElement>('county-prefecture'),
    province: byId<HTMLInputElement>('county-province'),
  };
  const admin = ctx.user.role === 'admin';
  const form = new RecordForm<never>(byId('county-form'), {
    section: 'county',
    editTitle: () => t('county.new'),
    fill: () => {
      const c = ctx.data.county;
      f.name.value = c?.name ?? '';
      f.code.value = c?.code ?? '';
      f.prefecture.value = '';
      f.province.value = '';
    },
    send: async () => {
      const saved = await setupApi.nameCounty({
        code: f.code.value,
        name: f.name.value,
        // Left out when empty: the server asks for them only for a code it does not know.
        prefectureName: f.prefecture.value.trim() || undefined,
        provinceName: f.province.value.trim() || undefined,
      });
      return () => t('county.saved', { name: saved.county.name, code: saved.county.code, placed: saved.townshipsPlaced });
    },
    saved: ctx.reload,
  });

  return () => {
    const { county } = ctx.data;
    byId('county').hidden = false;
    byId('county-current').textContent = county ? t('county.current', { name: county.name, code: county.code }) : admin ? t('county.notNamed') : `${t('county.notNamed')} ${t('county.readOnly')}`;
    byId('county-current').dataset.named = String(Boolean(county));
    // Named: what the admin may still change is its name; several counties: the areas import's.
    byId('county-form').hidden = !admin || ctx.data.countyCount > 1;
    if (county && !f.code.value) form.edit(null);
    // Once named, only its name changes: the code and the areas above it stay.
    f.code.readOnly = Boolean(county);
    byId('county-above').hidden = Boolean(county);
    form.render();
  };
}
