import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeText,
  foldLine,
  icsUtc,
  type MeetingIcsInput,
  meetingIcs,
  meetingIcsAttachment,
  unfold,
} from './ics.ts';

const base: MeetingIcsInput = {
  uid: 'sesion-42@calidad',
  sequence: 0,
  method: 'REQUEST',
  title: 'Sesión ordinaria de la Comisión Rectora',
  description: 'Orden del día:\n1. Revisión de metas; avances, acuerdos\n2. Asuntos generales',
  startsAt: '2026-11-24T10:00:00-06:00',
  endsAt: '2026-11-24T12:30:00-06:00',
  location: 'Sala "Benito Juárez", SEP, Ciudad de México',
  url: 'https://calidad.example.mx/alianza/sesiones/42',
  organizer: { name: 'Secretaría Técnica', email: 'secretaria@sep.gob.mx' },
  attendees: [
    { name: 'Ma. Núñez, SNTE', email: 'mnunez@snte.org.mx' },
    { name: 'José Peña', email: 'jpena@sep.gob.mx' },
  ],
  now: new Date('2026-11-01T18:00:00.123Z'),
};

/** The logical lines (unfolded) of an .ics text. */
const logical = (ics: string) => unfold(ics).split('\r\n').slice(0, -1);
const prop = (ics: string, name: string) => logical(ics).filter((l) => l.startsWith(name));

/** Strings rich in multi-octet characters and in the characters TEXT escapes. */
const richString = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      'á',
      'é',
      'í',
      'ó',
      'ú',
      'ñ',
      'Ñ',
      'ü',
      '¿',
      '¡',
      '€',
      '𝄞',
      '😀',
      ';',
      ',',
      '\\',
      '\n',
      ' ',
    ),
    fc.string({ minLength: 1, maxLength: 1 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 400,
  size: 'large',
});

describe('iCalendar invitations', () => {
  it('writes a REQUEST with every property, CRLF line endings and UTC times', () => {
    const ics = meetingIcs(base);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = logical(ics);
    expect(lines.slice(0, 6)).toEqual([
      'BEGIN:VCALENDAR',
      'PRODID:-//Calidad//Alianza//ES',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
    ]);
    expect(lines.slice(-3)).toEqual(['STATUS:CONFIRMED', 'END:VEVENT', 'END:VCALENDAR']);
    expect(lines).toEqual(
      expect.arrayContaining([
        'UID:sesion-42@calidad',
        'SEQUENCE:0',
        'DTSTAMP:20261101T180000Z',
        'DTSTART:20261124T160000Z',
        'DTEND:20261124T183000Z',
        'SUMMARY:Sesión ordinaria de la Comisión Rectora',
        'DESCRIPTION:Orden del día:\\n1. Revisión de metas\\; avances\\, acuerdos\\n2. Asuntos generales',
        'LOCATION:Sala "Benito Juárez"\\, SEP\\, Ciudad de México',
        'URL:https://calidad.example.mx/alianza/sesiones/42',
        'ORGANIZER;CN=Secretaría Técnica:mailto:secretaria@sep.gob.mx',
        'ATTENDEE;CN="Ma. Núñez, SNTE";ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:mnunez@snte.org.mx',
        'ATTENDEE;CN=José Peña;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:jpena@sep.gob.mx',
      ]),
    );
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });

  it('writes a CANCEL with the same UID, the given SEQUENCE and STATUS:CANCELLED', () => {
    const ics = meetingIcs({ ...base, method: 'CANCEL', sequence: 2, url: undefined });
    expect(prop(ics, 'METHOD:')).toEqual(['METHOD:CANCEL']);
    expect(prop(ics, 'UID:')).toEqual(['UID:sesion-42@calidad']);
    expect(prop(ics, 'SEQUENCE:')).toEqual(['SEQUENCE:2']);
    expect(prop(ics, 'STATUS:')).toEqual(['STATUS:CANCELLED']);
    expect(prop(ics, 'URL:')).toEqual([]);
  });

  it('keeps parameter values well-formed and addresses free of injected lines', () => {
    const ics = meetingIcs({
      ...base,
      organizer: { name: 'A "B"\r\nX-EVIL:1', email: 'a@b.mx\r\nX-EVIL:2' },
      attendees: [{ name: 'Solo: uno', email: ' c@d.mx ' }],
    });
    const lines = logical(ics);
    expect(lines.some((l) => l.startsWith('X-EVIL'))).toBe(false);
    expect(prop(ics, 'ORGANIZER')).toEqual([`ORGANIZER;CN="A 'B' X-EVIL:1":mailto:a@b.mxX-EVIL:2`]);
    expect(prop(ics, 'ATTENDEE')).toEqual([
      'ATTENDEE;CN="Solo: uno";ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:c@d.mx',
    ]);
  });

  it('refuses impossible times and sequences', () => {
    expect(() => meetingIcs({ ...base, startsAt: 'mañana' })).toThrow(RangeError);
    expect(() => meetingIcs({ ...base, endsAt: base.startsAt })).toThrow(RangeError);
    expect(() => meetingIcs({ ...base, sequence: -1 })).toThrow(RangeError);
  });

  it('formats instants in UTC', () => {
    expect(icsUtc('2026-01-05T23:30:00-06:00')).toBe('20260106T053000Z');
    expect(icsUtc(new Date('2026-07-01T00:00:00.999Z'))).toBe('20260701T000000Z');
  });

  it('escapes TEXT so that unescaping restores it', () => {
    const unescapeText = (s: string) =>
      s.replace(/\\([\\;,nN])/g, (_, c: string) => (c.toLowerCase() === 'n' ? '\n' : c));
    fc.assert(
      fc.property(richString, (s) => {
        const e = escapeText(s);
        expect(e).not.toMatch(/[\r\n]/);
        // No unescaped ; or , remains.
        expect(e.replace(/\\./g, '')).not.toMatch(/[;,\\]/);
        expect(unescapeText(e)).toBe(s.replace(/\r\n|\r/g, '\n'));
      }),
    );
  });

  it('folds every physical line to at most 75 octets without splitting a character', () => {
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.constantFrom('SUMMARY:', 'DESCRIPTION:', 'X:'), richString, (name, value) => {
        const line = name + escapeText(value);
        const folded = foldLine(line);
        // Work on the bytes a mail carries: a character cut in two would not decode.
        const bytes = Buffer.from(folded, 'utf8');
        const physical: string[] = [];
        let from = 0;
        for (let i = bytes.indexOf('\r\n'); ; i = bytes.indexOf('\r\n', from)) {
          const chunk = bytes.subarray(from, i === -1 ? bytes.length : i);
          expect(chunk.length).toBeLessThanOrEqual(75);
          physical.push(utf8.decode(chunk));
          if (i === -1) break;
          from = i + 2;
        }
        for (const p of physical.slice(1)) expect(p).toMatch(/^ ./su);
        expect(unfold(physical.join('\r\n'))).toBe(line);
      }),
    );
  });

  it('survives arbitrary Spanish (and not so Spanish) titles end to end, as UTF-8 bytes', () => {
    fc.assert(
      fc.property(richString, richString, (title, description) => {
        const ics = meetingIcs({ ...base, title, description });
        const bytes = Buffer.from(ics, 'utf8');
        for (const p of bytes.toString('utf8').split('\r\n'))
          expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
        const summary = prop(bytes.toString('utf8'), 'SUMMARY:');
        expect(summary).toEqual([`SUMMARY:${escapeText(title)}`]);
      }),
    );
    const ics = meetingIcs({
      ...base,
      title: 'Reunión de educación básica: niñas y niños, ¿qué sigue? '.repeat(4),
    });
    expect(ics).toContain('Reunión');
    expect(unfold(ics)).toContain(
      `SUMMARY:${'Reunión de educación básica: niñas y niños\\, ¿qué sigue? '.repeat(4)}`,
    );
  });

  it('makes a mail attachment', () => {
    expect(meetingIcsAttachment(base)).toMatchObject({
      filename: 'invitacion.ics',
      contentType: 'text/calendar; charset=utf-8; method=REQUEST',
    });
    expect(meetingIcsAttachment({ ...base, method: 'CANCEL', sequence: 1 }).filename).toBe('cancelacion.ics');
  });
});
