import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Actor } from '../../platform/permissions/actor.ts';
import { hasPermissionAnywhere } from '../../platform/permissions/policy.ts';
import { todayMx } from '../../platform/time.ts';
import type { BodyKind, Side } from './rules.ts';
import { allianceBodies, allianceSeats } from './schema.ts';

/**
 * Permissions in the Alianza follow seats, not org roles: a seat on a body covers that body and
 * its subtree (commission ⊃ eje ⊃ mesa). Officers (coordinator, technical secretary) act for
 * their body; members draft and read. The secretariat routes items across the whole tree; commission
 * members decide. A platform administrator (`alliance.manage`) may set up structure and seats, and
 * `alliance.read` (auditors) reads everything without acting.
 */

export type SeatPosition = 'coordinator' | 'technical_secretary' | 'member' | 'minute_taker';
export const OFFICER_POSITIONS: readonly SeatPosition[] = ['coordinator', 'technical_secretary'];

export interface ActorSeat {
  seatId: string;
  bodyId: number;
  bodyKind: BodyKind;
  bodyCode: string;
  bodyPath: string;
  side: Side;
  position: SeatPosition;
}

export interface AllianceActor {
  actor: Actor;
  seats: ActorSeat[];
  admin: boolean;
  readsAll: boolean;
}

export interface BodyRef {
  id: number;
  kind: BodyKind;
  code: string;
  path: string;
}

export async function allianceActor(db: Executor, actor: Actor): Promise<AllianceActor> {
  const today = todayMx();
  const rows = await db
    .select({
      seatId: allianceSeats.id,
      bodyId: allianceBodies.id,
      bodyKind: allianceBodies.kind,
      bodyCode: allianceBodies.code,
      bodyPath: allianceBodies.path,
      side: allianceSeats.side,
      position: allianceSeats.position,
    })
    .from(allianceSeats)
    .innerJoin(allianceBodies, eq(allianceBodies.id, allianceSeats.bodyId))
    .where(
      and(
        eq(allianceSeats.userId, actor.userId),
        lte(allianceSeats.designatedOn, today),
        or(isNull(allianceSeats.endsOn), gte(allianceSeats.endsOn, today)),
        isNull(allianceBodies.retiredAt),
      ),
    );
  const admin = hasPermissionAnywhere(actor, 'alliance.manage');
  const readsAll =
    admin ||
    hasPermissionAnywhere(actor, 'alliance.read') ||
    rows.some((s) => s.bodyKind === 'commission' || s.bodyKind === 'secretariat');
  return { actor, seats: rows, admin, readsAll };
}

export function canRead(aa: AllianceActor, body: BodyRef): boolean {
  return (
    aa.readsAll || aa.seats.some((s) => body.path.startsWith(s.bodyPath) || s.bodyPath.startsWith(body.path))
  );
}

/** Not even readable: 404, so scope cannot be probed; readable but not actionable: 403. */
function refuse(aa: AllianceActor, body: BodyRef): never {
  if (canRead(aa, body)) throw new AppError(403, 'out_of_scope');
  throw new AppError(404, 'not_found');
}

export function requireRead(aa: AllianceActor, body: BodyRef): void {
  if (!canRead(aa, body)) throw new AppError(404, 'not_found');
}

/** How an action is labelled in the timeline and audit trail: the seat it was taken under. */
export function seatLabel(seat: ActorSeat): string {
  return `alliance:${seat.bodyCode}:${seat.position}:${seat.side}`;
}

const ADMIN_LABEL = 'platform_admin';

/** Any seat on exactly this body (drafting, reporting progress). */
export function requireMember(aa: AllianceActor, body: BodyRef): string {
  const seat = aa.seats.find((s) => s.bodyId === body.id);
  if (seat) return seatLabel(seat);
  return refuse(aa, body);
}

/** An officer of this body (its coordinator or technical secretary). */
export function requireOfficer(aa: AllianceActor, body: BodyRef): string {
  const seat = aa.seats.find((s) => s.bodyId === body.id && OFFICER_POSITIONS.includes(s.position));
  if (seat) return seatLabel(seat);
  return refuse(aa, body);
}

/** An officer of the eje coordination above a mesa (or of the eje itself). */
export function requireEjeOfficer(aa: AllianceActor, body: BodyRef): string {
  const seat = aa.seats.find(
    (s) => s.bodyKind === 'eje' && body.path.startsWith(s.bodyPath) && OFFICER_POSITIONS.includes(s.position),
  );
  if (seat) return seatLabel(seat);
  return refuse(aa, body);
}

export function requireSecretariat(aa: AllianceActor, body: BodyRef): string {
  const seat = aa.seats.find((s) => s.bodyKind === 'secretariat');
  if (seat) return seatLabel(seat);
  return refuse(aa, body);
}

export function requireCommission(aa: AllianceActor, body: BodyRef): string {
  const seat = aa.seats.find((s) => s.bodyKind === 'commission');
  if (seat) return seatLabel(seat);
  return refuse(aa, body);
}

/** Structure (ejes, acuerdos, mesas, objectives) is the commission's; the platform admin sets it up. */
export function requireStructureEditor(aa: AllianceActor, body: BodyRef): string {
  if (aa.admin) return ADMIN_LABEL;
  return requireCommission(aa, body);
}

/** Seats are designated by the secretariat (or set up by the platform admin). */
export function requireSeatManager(aa: AllianceActor, body: BodyRef): string {
  if (aa.admin) return ADMIN_LABEL;
  return requireSecretariat(aa, body);
}

/** Who convenes a body's sessions: its own officers, or the secretariat for the commission. */
export function requireConvener(aa: AllianceActor, body: BodyRef): string {
  if (body.kind === 'commission') return requireSecretariat(aa, body);
  return requireOfficer(aa, body);
}

/**
 * The keys an actor answers to in `workflow_items.awaiting`: the bodies they are an officer or
 * member of, the secretariat and commission as wholes, and themselves.
 */
export function awaitingKeys(aa: AllianceActor): string[] {
  const keys = new Set<string>([awaitUser(aa.actor.userId)]);
  for (const s of aa.seats) {
    keys.add(awaitMembers(s.bodyId));
    if (OFFICER_POSITIONS.includes(s.position)) keys.add(awaitOfficers(s.bodyId));
    if (s.bodyKind === 'secretariat') keys.add(AWAIT_SECRETARIAT);
    if (s.bodyKind === 'commission') keys.add(AWAIT_COMMISSION);
  }
  return [...keys];
}

export const awaitOfficers = (bodyId: number) => `alliance:officers:${bodyId}`;
export const awaitMembers = (bodyId: number) => `alliance:members:${bodyId}`;
export const awaitUser = (userId: string) => `alliance:user:${userId}`;
export const AWAIT_SECRETARIAT = 'alliance:secretariat';
export const AWAIT_COMMISSION = 'alliance:commission';
