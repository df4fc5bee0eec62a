// Accounts (admin only): the list with role, partner, area and state; add an account (a bureau
// account with an area, or none for the whole deployment); reset a password
// (the form in edit mode asks for the new one only); disable or enable one — never one's own.
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

  return () => {
    byId('users').hidden = false;
    partnerOptions(f.partner, ctx.data.partners);
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
    f.partnerField.hidden = resetting || f.role.value !== 'partner';
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
      const saved = await setupApi.saveUser(null, { username: f.username.value, password: f.password.value, role, partnerId, areaId });
      return () => t('users.added', { name: saved.username });
    },
    saved: ctx.reload,
  });
  f.role.addEventListener('change', fields);
  return { form, fields };
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
    h('td', {}, partnerName(ctx.data, u.partnerId)),
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
