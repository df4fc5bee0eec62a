// What an empty county's pages say instead of "no gaps" over zero villages: the first steps, in
// order — import the registry, add a partner company, add a team — each done (with its count) or
// still to do, with a link to the page that does it when the reader's role may use that page.
import { formatNumber, t, type MessageKey } from '../i18n/index.js';
import type { Role } from './api.js';
import { h } from './dom.js';
import { get } from './http.js';

export interface SetupCounts {
  villages: number;
  partners: number;
  teams: number;
}

const total = async (path: string) => (await get<{ total: number }>(`${path}${path.includes('?') ? '&' : '?'}limit=1`)).total;

/** How far the county is set up, as this reader sees it (a partner counts its own company and teams). */
export async function setupCounts(): Promise<SetupCounts> {
  const [villages, partners, teams] = await Promise.all([total('/api/villages?retired=false'), total('/api/partners'), total('/api/teams')]);
  return { villages, partners, teams };
}

interface Step {
  key: 'registry' | 'partner' | 'team';
  count: number;
  href: string;
  link: MessageKey;
  /** Who does it, for a reader whose role may not. */
  other: MessageKey;
  roles: readonly Role[];
}

function steps(c: SetupCounts): Step[] {
  return [
    { key: 'registry', count: c.villages, href: '/registry', link: 'steps.registryLink', other: 'steps.registryOther', roles: ['admin', 'bureau'] },
    { key: 'partner', count: c.partners, href: '/setup#partners', link: 'steps.setupLink', other: 'steps.partnerOther', roles: ['admin', 'bureau'] },
    { key: 'team', count: c.teams, href: '/setup#teams', link: 'steps.setupLink', other: 'steps.teamOther', roles: ['admin', 'partner'] },
  ];
}

/**
 * The first-steps card of a page: `refresh()` reads the counts and shows the card when `needed`
 * says so, `hide()` takes it away. Its words are data-i18n, so the page's translate() switches
 * their language with the rest of the page.
 */
export function firstSteps(role: Role, needed: (c: SetupCounts) => boolean) {
  const el = h('section', { class: 'first-steps', id: 'first-steps', 'aria-labelledby': 'first-steps-title', hidden: true });
  const say = (key: MessageKey, tag: 'span' | 'a' | 'h2' | 'p' = 'span', attrs: Record<string, string> = {}) => h(tag, { ...attrs, 'data-i18n': key }, t(key));

  function render(counts: SetupCounts | null) {
    el.hidden = !counts || !needed(counts);
    if (!counts || el.hidden) return el.replaceChildren();
    el.replaceChildren(
      say('steps.title', 'h2', { id: 'first-steps-title' }),
      say('steps.intro', 'p'),
      h(
        'ol',
        {},
        ...steps(counts).map((s) => {
          const done = s.count > 0;
          const action = done
            ? h('span', { class: 'step-count' }, say('steps.done'), ` · ${formatNumber(s.count)}`)
            : s.roles.includes(role)
              ? say(s.link, 'a', { href: s.href, class: 'step-link' })
              : say(s.other, 'span', { class: 'step-other' });
          return h(
            'li',
            { 'data-step': s.key, 'data-done': String(done) },
            h('span', { class: 'step-mark', 'aria-hidden': 'true' }, done ? '✓' : ''),
            say(`steps.${s.key}`, 'span', { class: 'step-name' }),
            action,
          );
        }),
      ),
    );
  }

  return {
    el,
    /** Never throws: without the counts (a failed request) the card stays away, and the page goes on. */
    async refresh(): Promise<SetupCounts | null> {
      const counts = await setupCounts().catch(() => null);
      render(counts);
      return counts;
    },
    hide: () => render(null),
  };
}
