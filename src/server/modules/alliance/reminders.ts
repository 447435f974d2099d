import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.ts';
import { diff, recordAudit, SYSTEM } from '../../platform/audit/service.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/rows.ts';
import { addDays, todayMx } from '../../platform/time.ts';
import { bodyEmails } from './common.ts';
import { notify } from './notify.ts';

/** A task or deliverable is announced this many days before it falls due (and once more if it was missed). */
export const REMIND_DAYS_BEFORE = 3;

async function emailOf(tx: Tx, userId: string): Promise<string[]> {
  const found = await tx
    .select({ email: users.email, status: users.status })
    .from(users)
    .where(eq(users.id, userId));
  return found.filter((u) => u.status === 'active').map((u) => u.email);
}

/**
 * E-mails the people who answer for open tasks and unmet deliverables falling due within
 * REMIND_DAYS_BEFORE days. Each deadline is claimed with one UPDATE … RETURNING (`reminded_for`
 * set to the due date it was sent for), so any number of app servers running this send each
 * reminder once, and moving a due date earns a new one. The claim, the mail and the audit entry
 * commit together.
 */
export async function sendDueReminders(
  ctx: AppContext,
  today: string = todayMx(),
): Promise<{ tasks: number; deliverables: number }> {
  const horizon = addDays(today, REMIND_DAYS_BEFORE);
  return ctx.db.transaction(async (tx) => {
    const tasks = rowsOf(
      await tx.execute(sql`
        update alliance_tasks t set reminded_for = t.due_on
        from workflow_items w, alliance_bodies b
        where w.id = t.item_id and b.id = t.body_id and w.state <> 'done'
          and t.due_on <= ${horizon} and t.reminded_for is distinct from t.due_on
        returning t.id, t.title, t.due_on, t.responsible_id, t.body_id, b.code`),
    );
    for (const t of tasks) {
      const to = t.responsible_id
        ? await emailOf(tx, String(t.responsible_id))
        : await bodyEmails(tx, Number(t.body_id), true);
      await notify(tx, ctx, to, {
        kind: 'task_due',
        subject: `${String(t.code)} · ${String(t.title)}`,
        detail: `Fecha límite / due: ${String(t.due_on)}`,
        link: `/alianza/tareas/${String(t.id)}`,
      });
    }
    const deliverables = rowsOf(
      await tx.execute(sql`
        update alliance_deliverables d set reminded_for = d.due_on
        from alliance_bodies b
        where b.id = d.body_id and d.document_id is null
          and d.due_on <= ${horizon} and d.reminded_for is distinct from d.due_on
        returning d.id, d.title, d.due_on, d.body_id, b.code`),
    );
    for (const d of deliverables) {
      await notify(tx, ctx, await bodyEmails(tx, Number(d.body_id), true), {
        kind: 'deliverable_due',
        subject: `${String(d.code)} · ${String(d.title)}`,
        detail: `Fecha de entrega / due: ${String(d.due_on)}`,
        link: `/alianza/organos/${String(d.body_id)}`,
      });
    }
    if (tasks.length + deliverables.length > 0) {
      await recordAudit(tx, SYSTEM, {
        action: 'alliance.reminders_sent',
        entityType: 'alliance_reminders',
        entityId: today,
        unitPath: null,
        changes: diff(null, {
          tasks: tasks.map((t) => String(t.id)),
          deliverables: deliverables.map((d) => String(d.id)),
        }),
      });
    }
    return { tasks: tasks.length, deliverables: deliverables.length };
  });
}
