import type { Locale, Role, UnitKind } from '../../../contract/roles.ts';

export interface ActorAssignment {
  id: string;
  role: Role;
  unitId: number;
  unitKind: UnitKind;
  unitPath: string;
}

/** The signed-in person making a request, with every role they hold and where. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  locale: Locale;
  assignments: ActorAssignment[];
  sessionId: string;
  csrfToken: string;
}

/** Who did it and from where, for the audit trail. `actor` is null for system actions (CLI, seed). */
export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
}
