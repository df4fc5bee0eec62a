// A status line whose words follow a change of language: it keeps how to say what it says (a
// message key, or a function of the language), and redraw() says it again in the new one. Its
// tone (ok, error, or none) is the element's data-tone, for the stylesheet and the tests.
import { t, type MessageKey } from '../i18n/index.js';

export type StatusLine = ReturnType<typeof statusLine>;

export function statusLine(target: HTMLElement, initial: () => string = () => '') {
  let text = initial;
  const line = {
    /** Says what t() alone cannot word (a file's name and the server's reason, say). */
    sayWith(next: () => string, tone = '') {
      text = next;
      target.dataset.tone = tone;
      target.textContent = text();
    },
    /** Says a message (none: empties the line). */
    say(key: MessageKey | null, params: Record<string, string | number> = {}, tone = '') {
      line.sayWith(() => (key ? t(key, params) : ''), tone);
    },
    redraw() {
      target.textContent = text();
    },
  };
  return line;
}
