import { t } from '../i18n/index.js';
import type { MessageKey } from '../i18n/zh-CN.js';

type Role = 'admin' | 'bureau' | 'partner';

// The pages each role works in; the map is for everyone.
const pages: { href: string; key: MessageKey; roles: Role[] }[] = [
  { href: '/', key: 'nav.map', roles: ['admin', 'bureau', 'partner'] },
  { href: '/plan', key: 'nav.plan', roles: ['admin', 'partner'] },
  { href: '/report', key: 'nav.report', roles: ['admin', 'partner'] },
  { href: '/registry', key: 'nav.registry', roles: ['admin', 'bureau'] },
  { href: '/reports', key: 'nav.reports', roles: ['admin', 'bureau'] },
];

/** Links to the pages this user's role works in, the current one marked. */
export function renderNav(container: HTMLElement, role: Role, current: string): void {
  container.replaceChildren(
    ...pages
      .filter((p) => p.roles.includes(role))
      .map((p) => {
        const a = document.createElement('a');
        a.href = p.href;
        a.textContent = t(p.key);
        if (p.href === current) a.setAttribute('aria-current', 'page');
        return a;
      }),
  );
}
