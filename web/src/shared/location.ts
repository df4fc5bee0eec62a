/**
 * Puts a page's filters in its address (`search`: '?…' or ''), unless they are there already: a new
 * history entry, or (`replace`) the current one rewritten, so back and a shared link reopen the view.
 */
export function showSearch(search: string, replace = false): void {
  const url = `${location.pathname}${search}`;
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}
