import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { meetingIcsAttachment } from '../../src/server/platform/mail/ics.ts';
import { Mailer } from '../../src/server/platform/mail/mailer.ts';
import { mailOutbox } from '../../src/server/platform/mail/schema.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// SMTP delivery is checked with a stand-in transport; the app itself runs without SMTP (the dev outbox).
const smtp = vi.hoisted(() => ({ sent: [] as Record<string, unknown>[] }));
vi.mock('nodemailer', () => ({
  default: {
    createTransport: () => ({
      sendMail: async (mail: Record<string, unknown>) => {
        smtp.sent.push(mail);
        return { messageId: 'x' };
      },
    }),
  },
}));

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const invitation = meetingIcsAttachment({
  uid: 'sesion-prueba@calidad',
  sequence: 0,
  method: 'REQUEST',
  title: 'Sesión de la Comisión Rectora',
  description: 'Revisión de metas; acuerdos, seguimiento',
  startsAt: '2026-11-24T10:00:00-06:00',
  endsAt: '2026-11-24T12:00:00-06:00',
  location: 'Ciudad de México',
  organizer: { name: 'Secretaría Técnica', email: 'st@sep.gob.mx' },
  attendees: [{ name: 'Núñez', email: 'nunez@snte.org.mx' }],
});

describe('outbox attachments', () => {
  it('lists attachment names and serves each one as a download to outbox readers only', async () => {
    await t.ctx.mailer.enqueue(t.ctx.db, {
      to: 'invitada@ejemplo.mx',
      subject: 'Invitación: Sesión de la Comisión Rectora',
      text: 'Le invitamos a la sesión.',
      attachments: [
        invitation,
        { filename: 'Notas "año" ñ.txt', contentType: 'text/plain', content: 'hola' },
      ],
    });
    const admin = await t.login('admin@demo.calidad.mx');
    const list = (await admin.get('/api/outbox')).json();
    const msg = list.items.find((m: { to: string }) => m.to === 'invitada@ejemplo.mx');
    expect(msg.attachments).toEqual([
      { filename: 'invitacion.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST' },
      { filename: 'Notas "año" ñ.txt', contentType: 'text/plain' },
    ]);
    expect(msg.attachments[0]).not.toHaveProperty('content');
    expect((await admin.get(`/api/outbox/${msg.id}`)).json().attachments).toHaveLength(2);

    const ics = await admin.get(`/api/outbox/${msg.id}/attachments/0`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(ics.headers['content-disposition']).toBe(
      `attachment; filename="invitacion.ics"; filename*=UTF-8''invitacion.ics`,
    );
    expect(ics.body).toBe(invitation.content);
    expect(ics.body).toContain('SUMMARY:Sesión de la Comisión Rectora\r\n');

    const notes = await admin.get(`/api/outbox/${msg.id}/attachments/1`);
    expect(notes.headers['content-disposition']).toBe(
      `attachment; filename="Notas _ano_ n.txt"; filename*=UTF-8''Notas%20%22a%C3%B1o%22%20%C3%B1.txt`,
    );

    expect((await admin.get(`/api/outbox/${msg.id}/attachments/2`)).statusCode).toBe(404);
    expect((await admin.get(`/api/outbox/${crypto.randomUUID()}/attachments/0`)).statusCode).toBe(404);
    expect((await admin.get(`/api/outbox/${msg.id}/attachments/x`)).statusCode).toBe(400);
    for (const who of ['nacional', 'auditor']) {
      const other = await t.login(`${who}@demo.calidad.mx`);
      expect((await other.get(`/api/outbox/${msg.id}/attachments/0`)).statusCode).toBe(403);
    }
    expect((await t.anonymous().get(`/api/outbox/${msg.id}/attachments/0`)).statusCode).toBe(401);
  });

  it('a message without attachments lists none', async () => {
    await t.ctx.mailer.enqueue(t.ctx.db, { to: 'sin-adjuntos@ejemplo.mx', subject: 's', text: 't' });
    const admin = await t.login('admin@demo.calidad.mx');
    const msg = (await admin.get('/api/outbox'))
      .json()
      .items.find((m: { to: string }) => m.to === 'sin-adjuntos@ejemplo.mx');
    expect(msg.attachments).toEqual([]);
  });

  it('hands the attachments to SMTP', async () => {
    const mailer = new Mailer(
      loadConfig({ SMTP_URL: 'smtp://localhost:2525', DATA_DIR: 'memory://' }),
      pino({ level: 'silent' }),
    );
    await mailer.enqueue(t.ctx.db, {
      to: 'smtp@ejemplo.mx',
      subject: 'Invitación',
      text: 'Adjunta la invitación.',
      attachments: [invitation],
    });
    expect(await mailer.deliverPending(t.ctx.db)).toBe(1);
    expect(smtp.sent).toHaveLength(1);
    expect(smtp.sent[0]).toMatchObject({
      to: 'smtp@ejemplo.mx',
      attachments: [
        { filename: 'invitacion.ics', contentType: invitation.contentType, content: invitation.content },
      ],
    });
    const [row] = await t.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'smtp@ejemplo.mx'));
    expect(row?.sentAt).not.toBeNull();
  });
});
