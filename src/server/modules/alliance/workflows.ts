import { defineWorkflow } from '../../platform/workflow/engine.ts';

/** Mesa → eje coordination: the mesa drafts and submits; the eje validates or returns with observations. */
export const documentFlow = defineWorkflow({
  type: 'alliance.document',
  initial: 'draft',
  states: ['draft', 'submitted', 'returned', 'validated'],
  transitions: {
    submit: { from: ['draft', 'returned'], to: 'submitted' },
    return: { from: ['submitted'], to: 'returned', comment: 'required' },
    validate: { from: ['submitted'], to: 'validated' },
  },
});

/**
 * Eje coordination → Secretariado Técnico → Comisión Rectora. A deferred item goes back to the
 * secretariat to be placed on a later session; a returned one back to the eje to revise and resend.
 */
export const synthesisFlow = defineWorkflow({
  type: 'alliance.synthesis',
  initial: 'draft',
  states: ['draft', 'sent', 'on_agenda', 'approved', 'returned', 'rejected'],
  transitions: {
    send: { from: ['draft', 'returned'], to: 'sent' },
    schedule: { from: ['sent'], to: 'on_agenda' },
    approve: { from: ['on_agenda'], to: 'approved' },
    return: { from: ['on_agenda'], to: 'returned', comment: 'required' },
    reject: { from: ['on_agenda'], to: 'rejected', comment: 'required' },
    defer: { from: ['on_agenda'], to: 'sent' },
  },
});

/** A resolution flows back: the secretariat sends it to the eje coordination, which informs its mesas. */
export const resolutionFlow = defineWorkflow({
  type: 'alliance.resolution',
  initial: 'issued',
  states: ['issued', 'distributed', 'informed'],
  transitions: {
    distribute: { from: ['issued'], to: 'distributed' },
    inform: { from: ['distributed'], to: 'informed' },
  },
});

export const meetingFlow = defineWorkflow({
  type: 'alliance.meeting',
  initial: 'convened',
  states: ['convened', 'held', 'minutes_approved', 'cancelled'],
  transitions: {
    hold: { from: ['convened'], to: 'held' },
    approve_minutes: { from: ['held'], to: 'minutes_approved' },
    cancel: { from: ['convened'], to: 'cancelled', comment: 'required' },
  },
});

/** A follow-up task: closing it needs its evidence; reopening, a reason. */
export const taskFlow = defineWorkflow({
  type: 'alliance.task',
  initial: 'open',
  states: ['open', 'in_progress', 'done'],
  transitions: {
    start: { from: ['open'], to: 'in_progress' },
    close: { from: ['open', 'in_progress'], to: 'done', comment: 'required' },
    reopen: { from: ['done'], to: 'open', comment: 'required' },
  },
});

export type DocumentState = (typeof documentFlow.states)[number];
export type SynthesisState = (typeof synthesisFlow.states)[number];
export type MeetingState = (typeof meetingFlow.states)[number];
export type TaskState = (typeof taskFlow.states)[number];
