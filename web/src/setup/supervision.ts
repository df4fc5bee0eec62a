// The supervision phone (监督电话) of an area (DOMAIN.md "Villagers' voice"): printed on every
// 公示 and shown on every village page of the area's counties. Set on a province, prefecture or
// county, inherited downward (server/voice/settings.ts): the section shows the chosen area's
// effective phone and where it comes from, and lets the roles that may write it (admin, bureau
// inside its area: GET/PUT /api/areas/:id/settings) set or clear the area's own.
import { t } from '../i18n/index.js';
import { areaPicker, knownArea } from '../shared/area-picker.js';
import { byId } from '../shared/dom.js';
import { get, Problem, request } from '../shared/http.js';
import { statusLine } from '../shared/status-line.js';
import type { SetupContext } from './state.js';

export interface AreaSettings {
  areaId: number;
  supervisionPhone: { value: string | null; areaId: number | null; areaName: string | null };
}

export const settingsApi = {
  get: (areaId: number) => get<AreaSettings>(`/api/areas/${areaId}/settings`),
  put: (areaId: number, supervisionPhone: string | null) => request<AreaSettings>('PUT', `/api/areas/${areaId}/settings`, { body: { supervisionPhone } }),
};

export function supervisionSection(ctx: SetupContext) {
  const f = {
    select: byId<HTMLSelectElement>('supervision-area'),
    filter: byId<HTMLInputElement>('supervision-area-filter'),
    current: byId('supervision-current'),
    form: byId<HTMLFormElement>('supervision-form'),
    phone: byId<HTMLInputElement>('supervision-phone'),
    clear: byId<HTMLButtonElement>('supervision-clear'),
  };
  const status = statusLine(byId('supervision-status'));
  let settings: AreaSettings | null = null;
  let started = false;

  const picker = areaPicker({ select: f.select, filter: f.filter, change: () => void show() });

  function draw() {
    byId('supervision').hidden = false;
    const phone = settings?.supervisionPhone;
    const own = Boolean(phone?.value && settings && phone.areaId === settings.areaId);
    f.current.dataset.source = !phone?.value ? 'none' : own ? 'own' : 'inherited';
    f.current.textContent = !settings
      ? ''
      : !phone?.value
        ? t('supervision.none')
        : own
          ? t('supervision.own', { phone: phone.value })
          : t('supervision.inherited', { phone: phone.value, area: phone.areaName ?? '' });
    f.clear.disabled = !own;
    picker.render();
    status.redraw();
  }

  async function show() {
    const id = Number(picker.value);
    settings = null;
    if (id) {
      try {
        settings = await settingsApi.get(id);
      } catch (err) {
        status.sayWith(() => (err instanceof Problem ? err.message : String(err)), 'error');
      }
    }
    const phone = settings?.supervisionPhone;
    f.phone.value = phone?.value && phone.areaId === settings?.areaId ? phone.value : '';
    draw();
  }

  async function save(value: string | null) {
    const id = Number(picker.value);
    if (!id) return;
    try {
      settings = await settingsApi.put(id, value);
      const name = knownArea(id)?.name ?? '';
      status.say(value ? 'supervision.saved' : 'supervision.cleared', { area: name, phone: value ?? '' }, 'ok');
      f.phone.value = value ?? '';
    } catch (err) {
      status.sayWith(() => (err instanceof Problem ? err.message : String(err)), 'error');
    }
    draw();
  }

  f.form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = f.phone.value.trim();
    void save(value || null);
  });
  f.clear.addEventListener('click', () => void save(null));

  return () => {
    if (!started) {
      started = true;
      // The deployment's county first, where there is one; else the first area the reader sees (a bureau user's own).
      void picker.load().then(async () => {
        if (ctx.data.county) await picker.set(String(ctx.data.county.id));
        await show();
      });
    }
    draw();
  };
}
