import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../../../contract/roles.ts';
import type { Actor } from './actor.ts';
import { authorize, can, minimalRoots } from './policy.ts';

// Paths of a small random tree: "/1/", "/1/4/", "/1/4/9/" …
const pathArb = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 })
  .map((ids) => `/${ids.join('/')}/`);
const assignmentArb = fc.record({ role: fc.constantFrom(...ROLES), unitPath: pathArb });

const actorWith = (assignments: { role: Role; unitPath: string }[]): Actor => ({
  userId: 'u',
  email: 'u@x.mx',
  name: 'U',
  locale: 'es',
  sessionId: 's',
  csrfToken: 'c',
  assignments: assignments.map((a, i) => ({ id: String(i), unitId: i, unitKind: 'zone', ...a })),
});

describe('policy', () => {
  it('grants a permission exactly on the subtrees of assignments that carry it', () => {
    fc.assert(
      fc.property(fc.array(assignmentArb, { maxLength: 5 }), pathArb, (assignments, target) => {
        const actor = actorWith(assignments);
        for (const perm of ['org.read', 'users.manage', 'audit.read'] as const) {
          const expected = assignments.some(
            (a) => ROLE_PERMISSIONS[a.role].includes(perm) && target.startsWith(a.unitPath),
          );
          expect(can(actor, perm, target)).toBe(expected);
        }
      }),
    );
  });

  it('hides what cannot be read (404) and refuses what can be read but not changed (403)', () => {
    fc.assert(
      fc.property(fc.array(assignmentArb, { maxLength: 4 }), pathArb, (assignments, target) => {
        const actor = actorWith(assignments);
        if (can(actor, 'org.manage', target)) return;
        const status = (() => {
          try {
            authorize(actor, 'org.manage', target);
            return 200;
          } catch (e) {
            return (e as { status: number }).status;
          }
        })();
        expect(status).toBe(can(actor, 'org.read', target) ? 403 : 404);
      }),
    );
  });

  it('minimal roots cover the same paths and none contains another', () => {
    fc.assert(
      fc.property(fc.array(pathArb, { maxLength: 8 }), pathArb, (paths, probe) => {
        const roots = minimalRoots(paths);
        expect(roots.some((r) => probe.startsWith(r))).toBe(paths.some((p) => probe.startsWith(p)));
        for (const a of roots) for (const b of roots) if (a !== b) expect(b.startsWith(a)).toBe(false);
      }),
    );
  });
});
