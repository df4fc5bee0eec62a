/** Passes the bytes through, and stops with `onTooLarge()` once more than `max` have come. */
export async function* limitBytes(source: AsyncIterable<Buffer | string>, max: number, onTooLarge: () => Error): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    seen += buf.length;
    if (seen > max) throw onTooLarge();
    yield buf;
  }
}
