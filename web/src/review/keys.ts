// The review page's keyboard: one key a decision, so a bureau clerk goes through a long queue
// without the mouse. Keys typed into a field (the reason, a filter) are the field's own.

export type KeyAction = 'next' | 'prev' | 'accept' | 'reject' | 'undo' | 'nextPage' | 'prevPage';

const KEYS: Record<string, KeyAction> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'prev',
  ArrowUp: 'prev',
  a: 'accept',
  r: 'reject',
  u: 'undo',
  ']': 'nextPage',
  '[': 'prevPage',
};

/** The action of a key press, or null: none, a modifier held (the browser's shortcuts), or typing in a field. */
export function keyAction(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; target?: EventTarget | null }): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const el = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName ?? ''))) return null;
  return KEYS[e.key] ?? null;
}

/** Decisions change nothing for a reader who may not make them (a partner). */
export const DECIDING: readonly KeyAction[] = ['accept', 'reject', 'undo'];
