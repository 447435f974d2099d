import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every e-mail is written here in the transaction that causes it (so a rolled-back change sends
 * nothing), then delivered by SMTP when configured. Without SMTP this table is the dev outbox.
 */
export const mailOutbox = pgTable('mail_outbox', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true, mode: 'string' }),
  transport: text('transport', { enum: ['smtp', 'outbox'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  error: text('error'),
});
