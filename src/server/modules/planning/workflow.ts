import type { Permission } from '../../../contract/roles.ts';
import type { Deadline } from '../../../contract/rules.ts';
import { defineWorkflow } from '../../platform/workflow/engine.ts';

/**
 * Plan review, on the one workflow engine: the director sends the plan; the zone supervisor
 * endorses it or returns it with observations; the state technical committee rules (dictamen):
 * approved, approved with observations, or returned. Approved plans are locked.
 */
export const planFlow = defineWorkflow({
  type: 'pec.plan',
  initial: 'draft',
  states: ['draft', 'submitted', 'returned', 'endorsed', 'approved', 'approved_with_observations'],
  transitions: {
    submit: { from: ['draft', 'returned'], to: 'submitted' },
    return: { from: ['submitted'], to: 'returned', comment: 'required' },
    endorse: { from: ['submitted'], to: 'endorsed' },
    approve: { from: ['endorsed'], to: 'approved' },
    approve_with_observations: { from: ['endorsed'], to: 'approved_with_observations', comment: 'required' },
    committee_return: { from: ['endorsed'], to: 'returned', comment: 'required' },
  },
});

export type PlanAction = keyof typeof planFlow.transitions;
export type PlanState = (typeof planFlow.states)[number];

/** Who takes each action (a permission on the school's path) and by which date of the calendar. */
export const PLAN_ACTIONS: Record<
  PlanAction,
  { permission: Permission; deadline: Deadline; observations: boolean }
> = {
  submit: { permission: 'pec.register', deadline: 'plan_delivery', observations: false },
  return: { permission: 'pec.review', deadline: 'plan_review', observations: true },
  endorse: { permission: 'pec.review', deadline: 'plan_review', observations: false },
  approve: { permission: 'pec.decide', deadline: 'ruling', observations: false },
  approve_with_observations: { permission: 'pec.decide', deadline: 'ruling', observations: true },
  committee_return: { permission: 'pec.decide', deadline: 'ruling', observations: true },
};

export const EDITABLE: readonly string[] = ['draft', 'returned'];
export const APPROVED: readonly string[] = ['approved', 'approved_with_observations'];

/** Who is expected to act next, as a key an inbox can match: the school, its zone or its state. */
export function awaitingFor(state: PlanState, path: string): string | null {
  const ids = path.split('/').filter(Boolean);
  if (state === 'draft' || state === 'returned') return `pec:school:${ids[4] ?? ''}`;
  if (state === 'submitted') return `pec:zone:${ids[3] ?? ''}`;
  if (state === 'endorsed') return `pec:state:${ids[1] ?? ''}`;
  return null;
}
