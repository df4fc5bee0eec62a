import { DateTime } from 'luxon';

// iCalendar (RFC 5545), written by hand: the few properties a team's feed needs, each as the RFC
// says — CRLF line ends, lines folded at 75 octets, TEXT values escaped, DTSTAMP and LAST-MODIFIED
// in UTC ("Z"), local times with a TZID whose VTIMEZONE is in the same object.

export interface IcsEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  location: string;
  description: string;
  status: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
  lastModified: Date;
}

export interface IcsCalendar {
  name: string;
  /** IANA zone the events are written in; null: UTC. */
  zone: string | null;
  /** The zone's VTIMEZONE, when `zone` is set. */
  vtimezone?: string;
  events: IcsEvent[];
  /** DTSTAMP of every event: when this object was made. */
  stamp: Date;
}

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline. */
export const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** A content line folded at 75 octets, never inside a UTF-8 sequence (RFC 5545 3.1). */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const utc = (d: Date) => DateTime.fromJSDate(d).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
const local = (d: Date, zone: string) => DateTime.fromJSDate(d).setZone(zone).toFormat("yyyyMMdd'T'HHmmss");
const dateTime = (name: string, d: Date, zone: string | null) => (zone ? `${name};TZID=${zone}:${local(d, zone)}` : `${name}:${utc(d)}`);

export function toIcs(cal: IcsCalendar): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//film2131//calendar//ZH', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(cal.name)}`];
  if (cal.zone) lines.push(`X-WR-TIMEZONE:${cal.zone}`);
  if (cal.zone && cal.vtimezone) lines.push(...cal.vtimezone.split('\r\n'));
  for (const e of cal.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utc(cal.stamp)}`,
      `SEQUENCE:${e.sequence}`,
      dateTime('DTSTART', e.start, cal.zone),
      dateTime('DTEND', e.end, cal.zone),
      `SUMMARY:${escapeText(e.summary)}`,
      `LOCATION:${escapeText(e.location)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      `STATUS:${e.status}`,
      `LAST-MODIFIED:${utc(e.lastModified)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
