import type { Messages } from './zh-CN.js';

// English. Same keys as zh-CN.ts; the compiler checks none is missing.
export const en: Messages = {
  'app.title': 'Rural film coverage map',
  'app.subtitle': '2131 project · one film a village a month',
  'lang.switch': '中文',
  'lang.switchLabel': 'Switch to Chinese',

  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.busy': 'Signing in…',
  'login.wrong': 'Wrong username or password.',
  'login.tooMany': 'Too many failed sign-ins; try again later.',
  'login.failed': 'Sign-in failed; try again later.',

  'nav.signOut': 'Sign out',
  'nav.signedInAs': 'Signed in as {name}',

  'month.label': 'Month',
  'month.prev': 'Previous month',
  'month.next': 'Next month',
  'month.current': 'This month',
  'level.label': 'Count by',
  'level.administrative': 'Administrative villages',
  'level.natural': 'Natural villages',
  'township.label': 'Township',
  'township.all': 'All townships',

  'status.covered': 'Covered',
  'status.planned': 'Planned',
  'status.overdue': 'Overdue',
  'status.gap': 'Gap',
  'status.none': 'Not counted this month',

  'legend.title': 'Screenings, {month}',
  'legend.total': '{units} units, coverage {coverage}',
  'legend.covered.hint': 'small filled dot',
  'legend.planned.hint': 'hollow ring',
  'legend.overdue.hint': 'dashed ring',
  'legend.gap.hint': 'large, thick dark outline',

  'panel.townships': 'Coverage by township (worst first)',
  'panel.townshipRow': '{name}: {covered}/{units}, {coverage}',
  'panel.gaps': 'Gap villages ({count})',
  'panel.noGaps': 'No gaps this month.',
  'panel.more': '{count} more not listed',
  'panel.search': 'Find a village by name or code',
  'panel.searchPlaceholder': 'Village name or code',
  'panel.noMatch': 'Nothing found.',
  'panel.clearTownship': 'Show all townships',

  'popup.loading': 'Loading…',
  'popup.failed': 'Could not load.',
  'popup.township': 'Township',
  'popup.kind': 'Kind',
  'popup.code': 'Code',
  'popup.status': 'Status this month',
  'popup.screenings': 'Screenings this month',
  'popup.noScreenings': 'No screenings this month.',
  'popup.last': 'Last completed screening',
  'popup.never': 'None on record',
  'popup.audience': '{count} people',
  'popup.by': '{team}',

  'screening.scheduled': 'Scheduled',
  'screening.completed': 'Completed',
  'screening.cancelled': 'Cancelled',

  'map.tilesUnavailable': 'Base map unavailable; showing village points only.',
  'map.loading': 'Loading…',
  'map.loadFailed': 'Could not load the data; retrying shortly.',
  'map.updated': 'Updated {time}',
  'map.label': 'Map of village points',

  'print.title': 'Rural film coverage, {month}',
};
