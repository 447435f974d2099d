import type { MailAttachment } from './schema.ts';

/**
 * iCalendar (RFC 5545) meeting invitations and cancellations, sent as an .ics attachment with
 * iTIP (RFC 5546) METHOD:REQUEST / METHOD:CANCEL. A cancellation or a change re-sends the same UID
 * with a higher SEQUENCE, so calendar clients update the event they already hold.
 */

export interface IcsPerson {
  name: string;
  email: string;
}

export interface MeetingIcsInput {
  /** Stable across updates and the cancellation of one meeting (e.g. `session-<id>@calidad`). */
  uid: string;
  /** 0 for the first invitation; incremented on every change and on the cancellation. */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  title: string;
  description: string;
  /** ISO 8601 instants (any offset); written in UTC. */
  startsAt: string;
  endsAt: string;
  location: string;
  url?: string | null;
  organizer: IcsPerson;
  attendees: readonly IcsPerson[];
  /** DTSTAMP; the current time by default. */
  now?: Date;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * A parameter value (CN): quoted when it holds `:`, `;` or `,`. A quoted string cannot contain
 * DQUOTE or control characters, so those are replaced.
 */
function paramValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/"/g, "'");
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** A URI value (mailto:, URL): no escaping exists, so whitespace and control characters go. */
function uriValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return value.replace(/[\u0000-\u0020\u007f]+/g, '');
}

/** `20261124T160000Z` from any ISO 8601 instant. */
export function icsUtc(iso: string | Date): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date-time: ${String(iso)}`);
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Folds one logical line into physical lines of at most 75 octets (RFC 5545 §3.1): each
 * continuation starts with one space, and a multi-octet UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (octets + n > MAX_OCTETS) {
      out.push(current);
      current = ` ${ch}`;
      octets = 1 + n;
    } else {
      current += ch;
      octets += n;
    }
  }
  out.push(current);
  return out.join(CRLF);
}

/** The inverse of folding: a CRLF followed by one space or tab disappears. */
export function unfold(text: string): string {
  return text.replace(/\r\n[ \t]/g, '');
}

/** The .ics text of one meeting invitation (METHOD:REQUEST) or cancellation (METHOD:CANCEL). */
export function meetingIcs(input: MeetingIcsInput): string {
  const start = icsUtc(input.startsAt);
  const end = icsUtc(input.endsAt);
  if (end <= start) throw new RangeError('a meeting must end after it starts');
  if (!Number.isInteger(input.sequence) || input.sequence < 0)
    throw new RangeError('SEQUENCE is a non-negative integer');
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Calidad//Alianza//ES',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${input.method}`,
    'BEGIN:VEVENT',
    `UID:${escapeText(input.uid)}`,
    `SEQUENCE:${input.sequence}`,
    `DTSTAMP:${icsUtc(input.now ?? new Date())}`,
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:${escapeText(input.title)}`,
  ];
  if (input.description) lines.push(`DESCRIPTION:${escapeText(input.description)}`);
  if (input.location) lines.push(`LOCATION:${escapeText(input.location)}`);
  if (input.url) lines.push(`URL:${uriValue(input.url)}`);
  lines.push(`ORGANIZER;CN=${paramValue(input.organizer.name)}:mailto:${uriValue(input.organizer.email)}`);
  for (const a of input.attendees) {
    lines.push(
      `ATTENDEE;CN=${paramValue(a.name)};ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:${uriValue(a.email)}`,
    );
  }
  lines.push(
    `STATUS:${input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  );
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** The mail attachment for {@link meetingIcs}: `invitacion.ics` (or `cancelacion.ics`). */
export function meetingIcsAttachment(input: MeetingIcsInput): MailAttachment {
  return {
    filename: input.method === 'CANCEL' ? 'cancelacion.ics' : 'invitacion.ics',
    contentType: `text/calendar; charset=utf-8; method=${input.method}`,
    content: meetingIcs(input),
  };
}
