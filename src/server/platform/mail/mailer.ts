import { and, eq, isNull, lt } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../db/client.ts';
import { type MailAttachment, mailOutbox } from './schema.ts';

export type { MailAttachment };

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Small text files (an .ics invitation from `ics.ts`), stored with the message. */
  attachments?: MailAttachment[];
}

/**
 * Mail is queued in the caller's transaction and delivered after commit. Without SMTP_URL the
 * queue is the dev outbox that administrators read in the UI.
 */
export class Mailer {
  readonly #transport: Transporter | null;
  readonly #cfg: Config;
  readonly #log: Logger;

  constructor(cfg: Config, log: Logger) {
    this.#cfg = cfg;
    this.#log = log;
    this.#transport = cfg.SMTP_URL ? nodemailer.createTransport(cfg.SMTP_URL) : null;
  }

  get usesSmtp(): boolean {
    return this.#transport !== null;
  }

  async enqueue(tx: Executor, msg: MailMessage): Promise<void> {
    await this.enqueueAll(tx, [msg]);
  }

  /** Several messages in one insert (a batch of plan steps notifies many people at once). */
  async enqueueAll(tx: Executor, msgs: MailMessage[]): Promise<void> {
    if (!msgs.length) return;
    const transport: 'smtp' | 'outbox' = this.#transport ? 'smtp' : 'outbox';
    const rows = msgs.map((msg) => ({
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      attachments: msg.attachments ?? [],
      transport,
    }));
    // In slices: a statement carries at most 65,535 parameters.
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(mailOutbox).values(rows.slice(i, i + 1000));
  }

  /** Sends what is pending (SMTP only). Safe to call from any process at any time. */
  async deliverPending(db: Db): Promise<number> {
    if (!this.#transport) return 0;
    const pending = await db
      .select()
      .from(mailOutbox)
      .where(and(isNull(mailOutbox.sentAt), eq(mailOutbox.transport, 'smtp'), lt(mailOutbox.attempts, 5)))
      .limit(50);
    let sent = 0;
    for (const m of pending) {
      try {
        await this.#transport.sendMail({
          from: this.#cfg.MAIL_FROM,
          to: m.to,
          subject: m.subject,
          text: m.text,
          attachments: m.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: a.content,
          })),
        });
        await db
          .update(mailOutbox)
          .set({ sentAt: new Date().toISOString(), error: null })
          .where(eq(mailOutbox.id, m.id));
        sent++;
      } catch (err) {
        this.#log.warn({ err, mailId: m.id }, 'mail delivery failed');
        await db
          .update(mailOutbox)
          .set({ attempts: m.attempts + 1, error: String((err as Error).message).slice(0, 500) })
          .where(eq(mailOutbox.id, m.id));
      }
    }
    return sent;
  }
}
