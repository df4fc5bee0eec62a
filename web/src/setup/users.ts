// Accounts: the list with role, partner (and a projectionist's team), area and state; add an
// account (a bureau account with an area, or none for the whole deployment; a projectionist with
// its team); reset a password (the form in edit mode asks for the new one only); disable or enable
// one — never one's own. The admin manages every account; a partner the projectionists of its own
// teams, and only those (DOMAIN.md roles): its form makes a projectionist and nothing else.
import { t } from '../i18n/index.js';
import { areaLabel, areaPicker, knownArea, type AreaPicker } from '../shared/area-picker.js';
import { byId, elements, h } from '../shared/dom.js';
import { setupApi, type Account } from './api.js';
import { problemText, RecordForm } from './form.js';
import { partnerName, partnerOptions, type SetupContext } from './state.js';
import { renderRows, rowButton } from './table.js';

type UserFields = ReturnType<typeof userFields>;

const userFields = () =>
  elements({
    form: 'form#user-form',
    username: 'input#user-username',
    role: 'select#user-role',
    partner: 'select#user-partner',
    team: 'select#user-team',
    teamField: 'user-team-field',
    password: 'input#user-password',
    partnerField: 'user-partner-field',
    areaField: 'user-area-field',
    passwordLabel: 'user-password-label',
  });

export function usersSection(ctx: SetupContext) {
  const f = userFields();
  const area = areaPicker({ select: byId<HTMLSelectElement>('user-area'), filter: byId<HTMLInputElement>('user-area-filter'), empty: () => t('users.areaAll') });
  const { form, fields } = userForm(ctx, f, area);

  async function toggle(u: Account) {
    try {
      await setupApi.saveUser(u.id, { disabled: !u.disabled });
      await ctx.reload();
      form.say(() => t(u.disabled ? 'users.enabledDone' : 'users.disabledDone', { name: u.username }));
    } catch (err) {
      form.say(() => t('users.changeFailed', { name: u.username, detail: problemText(err) }), 'error');
    }
  }

  const partner = ctx.user.role === 'partner';
  return () => {
    byId('users').hidden = false;
    byId('users-partner-hint').hidden = !partner;
    byId('users-title').textContent = t(partner ? 'users.projectionistsTitle' : 'users.title');
    byId('users-table').classList.toggle('no-area', partner);
    partnerOptions(f.partner, ctx.data.partners);
    teamOptions(f.team, ctx);
    renderRows(byId<HTMLTableElement>('users-table'), byId('users-count'), ctx.data.users, 'users.none', (u) =>
      userRow(ctx, u, { reset: () => form.edit(u), toggle: () => void toggle(u) }),
    );
    fields();
    area.render();
    form.render();
  };
}

/** The form: a new account, or a password reset of the one picked. */
function userForm(ctx: SetupContext, f: UserFields, area: AreaPicker) {
  const newOnly = [...f.form.querySelectorAll<HTMLElement>('.new-only')];
  let areasRead: Promise<void> | null = null;

  /** The fields of the form's mode: all for a new account (the partner only for the partner role), the password alone for a reset. */
  function fields() {
    const resetting = form.editing !== null;
    for (const x of newOnly) x.hidden = resetting;
    // A partner makes projectionists only: the role is not a choice for it.
    if (ctx.user.role === 'partner') f.role.value = 'projectionist';
    f.role.closest<HTMLElement>('.field')!.hidden = ctx.user.role === 'partner';
    f.partnerField.hidden = resetting || f.role.value !== 'partner';
    f.teamField.hidden = resetting || f.role.value !== 'projectionist';
    f.areaField.hidden = resetting || f.role.value !== 'bureau';
    // The areas are read the first time a bureau account is being made.
    if (!f.areaField.hidden) areasRead ??= area.load().catch(() => void (areasRead = null));
    f.passwordLabel.textContent = t(resetting ? 'users.newPassword' : 'users.password');
  }

  const form: RecordForm<Account> = new RecordForm<Account>(f.form, {
    section: 'users',
    editTitle: (u) => t('users.resetTitle', { name: u.username }),
    fill: (u) => {
      f.password.value = '';
      if (!u) {
        f.username.value = '';
        void area.set('');
      }
      fields();
    },
    send: async (editing) => {
      if (editing) {
        await setupApi.saveUser(editing.id, { password: f.password.value });
        return () => t('users.resetDone', { name: editing.username });
      }
      const role = f.role.value;
      const partnerId = role === 'partner' && f.partner.value ? Number(f.partner.value) : null;
      const areaId = role === 'bureau' && area.value ? Number(area.value) : null;
      const teamId = role === 'projectionist' && f.team.value ? Number(f.team.value) : null;
      const saved = await setupApi.saveUser(null, { username: f.username.value, password: f.password.value, role, partnerId, areaId, teamId });
      return () => t('users.added', { name: saved.username });
    },
    saved: ctx.reload,
  });
  f.role.addEventListener('change', fields);
  return { form, fields };
}

/** The teams a projectionist may be bound to: every team for the admin, a partner's own (what GET /api/teams gives it). */
function teamOptions(select: HTMLSelectElement, ctx: SetupContext) {
  const kept = select.value;
  select.replaceChildren(...ctx.data.teams.map((tm) => h('option', { value: tm.id }, ctx.user.role === 'partner' ? tm.name : `${tm.name} · ${partnerName(ctx.data, tm.partnerId)}`)));
  if ([...select.options].some((o) => o.value === kept)) select.value = kept;
}

/** The company column: a partner account's company; a projectionist's team, with its company. */
function companyOf(ctx: SetupContext, u: Account) {
  if (u.role !== 'projectionist') return partnerName(ctx.data, u.partnerId);
  const team = ctx.data.teams.find((tm) => tm.id === u.teamId)?.name ?? `#${u.teamId}`;
  return `${partnerName(ctx.data, u.partnerId)} · ${team}`;
}

/** A bureau account's area, or the whole deployment; nothing for the other roles. */
function areaOf(u: Account) {
  if (u.role !== 'bureau') return '';
  if (u.areaId === null) return t('users.areaAll');
  const a = knownArea(u.areaId);
  return a ? areaLabel(a) : `#${u.areaId}`;
}

/** An account's row, with its reset and its disable or enable (not for one's own). */
function userRow(ctx: SetupContext, u: Account, act: { reset(): void; toggle(): void }) {
  const self = u.id === ctx.user.id;
  return h(
    'tr',
    { 'data-id': u.id, class: u.disabled ? 'disabled' : undefined },
    h('th', { scope: 'row' }, u.username),
    h('td', {}, t(`role.${u.role}`)),
    h('td', {}, companyOf(ctx, u)),
    h('td', { class: 'area', 'data-area': u.areaId ?? undefined }, areaOf(u)),
    h('td', { class: 'state' }, t(u.disabled ? 'users.disabled' : 'users.active')),
    h(
      'td',
      { class: 'actions' },
      rowButton(t('users.reset'), act.reset, { 'data-action': 'reset' }),
      rowButton(t(u.disabled ? 'users.enable' : 'users.disable'), act.toggle, {
        'data-action': u.disabled ? 'enable' : 'disable',
        class: u.disabled ? 'small' : 'small danger',
        disabled: self,
        title: self ? t('users.self') : undefined,
      }),
    ),
  );
}
