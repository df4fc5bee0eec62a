/** The items (or what `value` makes of each) in lists by their key, in the order they came. */
export function groupBy<T, K, V = T>(items: readonly T[], key: (t: T) => K, value: (t: T) => V = (t) => t as unknown as V): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const item of items) {
    const k = key(item);
    const v = value(item);
    const list = out.get(k);
    if (list) list.push(v);
    else out.set(k, [v]);
  }
  return out;
}
