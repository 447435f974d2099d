import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { Password } from '../contract/api.ts';
import { ROLE_UNIT_KINDS, Role } from '../contract/roles.ts';
import type { AppContext } from '../server/context.ts';
import { issuePasswordToken } from '../server/modules/auth/service.ts';
import { orgUnits, roleAssignments } from '../server/modules/org/schema.ts';
import { diff, recordAudit, SYSTEM } from '../server/platform/audit/service.ts';
import { hashPassword } from '../server/platform/auth/passwords.ts';
import { users } from '../server/platform/auth/schema.ts';
import type { Executor } from '../server/platform/db/client.ts';

const Args = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(2),
  role: Role,
  unit: z.string().trim().min(1),
  password: Password.optional(),
});

/** A unit by the codes people know: MX for the nation, a state's INEGI code, or a school's CCT. */
async function findUnitByCode(db: Executor, code: string) {
  const kind = code.toUpperCase() === 'MX' ? 'nation' : /^\d{2}$/.test(code) ? 'state' : 'school';
  const [row] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, kind), eq(orgUnits.code, kind === 'nation' ? 'MX' : code.toUpperCase())));
  return row;
}

export async function createUserCommand(
  ctx: AppContext,
  raw: Record<string, string | boolean | undefined>,
): Promise<number> {
  const parsed = Args.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`--${i.path.join('.')}: ${i.message}`);
    return 2;
  }
  const a = parsed.data;
  const unit = await findUnitByCode(ctx.db, a.unit);
  if (!unit) {
    console.error(`No unit with code ${a.unit}. Use MX (nation), a state code (01–32) or a school's CCT.`);
    return 2;
  }
  if (!ROLE_UNIT_KINDS[a.role].includes(unit.kind)) {
    console.error(
      `The role ${a.role} is granted on ${ROLE_UNIT_KINDS[a.role].join(' or ')}, not on a ${unit.kind}.`,
    );
    return 2;
  }
  const passwordHash = a.password ? await hashPassword(a.password) : null;
  const token = await ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: a.email, name: a.name, passwordHash, status: passwordHash ? 'active' : 'invited' })
      .onConflictDoNothing()
      .returning();
    if (!user) throw new Error(`A user with the e-mail ${a.email} already exists.`);
    const [ra] = await tx
      .insert(roleAssignments)
      .values({ userId: user.id, role: a.role, unitId: unit.id })
      .returning();
    await recordAudit(tx, SYSTEM, {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      unitPath: unit.path,
      changes: diff(null, {
        email: user.email,
        name: user.name,
        role: a.role,
        unitId: unit.id,
        assignmentId: ra?.id,
      }),
    });
    return passwordHash ? null : issuePasswordToken(tx, user.id, 'invite', 7 * 24 * 60);
  });
  console.log(`Created ${a.email} as ${a.role} on ${unit.name}.`);
  if (token) {
    console.log(
      `Open this link within 7 days to choose the password:\n  ${ctx.cfg.publicUrl}/reset-password?token=${token}&invite=1`,
    );
  }
  return 0;
}
