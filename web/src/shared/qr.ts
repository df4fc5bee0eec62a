// QR codes drawn in the page as SVG (qrcode-generator makes the matrix): no network, no canvas, sharp
// at any size on a phone held up to the projector and on paper. The field page shows a
// screening's villagers' link large; the run sheet prints one a row.
import qrcode from 'qrcode-generator';

/** Quiet zone around the code, in modules: the standard asks for four. */
export const QUIET = 4;

/**
 * The dark modules as one SVG path, a rectangle per horizontal run of dark modules, in module units
 * offset by the quiet zone (so the viewBox is 0 0 n+2·QUIET n+2·QUIET).
 */
export function qrPath(size: number, isDark: (row: number, col: number) => boolean): string {
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!isDark(row, col)) {
        col++;
        continue;
      }
      const from = col;
      while (col < size && isDark(row, col)) col++;
      parts.push(`M${from + QUIET} ${row + QUIET}h${col - from}v1h${from - col}z`);
    }
  }
  return parts.join('');
}

/** The QR matrix of `text` (error correction M: a smudged printout still reads). */
export function qrMatrix(text: string) {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return { size: qr.getModuleCount(), isDark: (r: number, c: number) => qr.isDark(r, c) };
}

const SVG = 'http://www.w3.org/2000/svg';

/** An <svg> of `text`'s QR code that fills its box; `label` is what a screen reader says. */
export function qrSvg(text: string, label: string): SVGSVGElement {
  const { size, isDark } = qrMatrix(text);
  const side = size + 2 * QUIET;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.dataset.text = text;
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('width', String(side));
  bg.setAttribute('height', String(side));
  bg.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', qrPath(size, isDark));
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}
