import type { Tx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { pesos } from '../../platform/money.ts';
import { type AccountKind, accountFor, forgetAccount, lockAccounts, post } from './ledger.ts';

/**
 * Every way money moves in the programme, as journal entries (debit + / credit −):
 *
 *   federal allocation   state trust ← federal programme            (SEP → FNEC → FEEC)
 *   state contribution   state trust ← state government
 *   transfer             school ← state trust                       (initial grant or match)
 *   school contribution  school ← contributor (parents, municipality, donors…)
 *   expense              expense:category ← school
 *   school return        state trust ← school                       (reintegro of unspent money)
 *   federal return       federal programme ← state trust            (reintegro up the chain)
 *   interest             state trust ← interest earned
 *
 * Accounts that hold money (trust funds, schools) may not go below zero: the move is refused,
 * naming the account and the amounts. Sources (federal, state government, contributors, interest)
 * carry negative balances by construction: what they have put in.
 */

interface UnitRef {
  id: number;
  path: string;
}

export type Operation =
  | { type: 'federal_allocation'; cycleId: number; nation: UnitRef; state: UnitRef; amount: number }
  | { type: 'state_contribution'; cycleId: number; state: UnitRef; amount: number }
  | {
      type: 'transfer';
      cycleId: number;
      state: UnitRef;
      school: UnitRef;
      amount: number;
      grant: 'initial' | 'match';
    }
  | { type: 'school_contribution'; cycleId: number; school: UnitRef; source: string; amount: number }
  | { type: 'expense'; cycleId: number; school: UnitRef; category: string; amount: number }
  | { type: 'school_return'; cycleId: number; state: UnitRef; school: UnitRef; amount: number }
  | { type: 'federal_return'; cycleId: number; nation: UnitRef; state: UnitRef; amount: number }
  | { type: 'interest'; cycleId: number; state: UnitRef; amount: number };

/** Which accounts an operation moves money between: [debited (receives), credited (gives)]. */
export function legs(
  op: Operation,
): [
  { kind: AccountKind; unit: UnitRef; detail?: string },
  { kind: AccountKind; unit: UnitRef; detail?: string },
] {
  switch (op.type) {
    case 'federal_allocation':
      return [
        { kind: 'state_trust', unit: op.state },
        { kind: 'federal', unit: op.nation },
      ];
    case 'state_contribution':
      return [
        { kind: 'state_trust', unit: op.state },
        { kind: 'state_gov', unit: op.state },
      ];
    case 'transfer':
      return [
        { kind: 'school', unit: op.school },
        { kind: 'state_trust', unit: op.state },
      ];
    case 'school_contribution':
      return [
        { kind: 'school', unit: op.school },
        { kind: 'contributor', unit: op.school, detail: op.source },
      ];
    case 'expense':
      return [
        { kind: 'expense', unit: op.school, detail: op.category },
        { kind: 'school', unit: op.school },
      ];
    case 'school_return':
      return [
        { kind: 'state_trust', unit: op.state },
        { kind: 'school', unit: op.school },
      ];
    case 'federal_return':
      return [
        { kind: 'federal', unit: op.nation },
        { kind: 'state_trust', unit: op.state },
      ];
    case 'interest':
      return [
        { kind: 'state_trust', unit: op.state },
        { kind: 'interest', unit: op.state },
      ];
  }
}

/** Kinds of account that hold money and so may never be overdrawn. */
const HOLDS_MONEY: ReadonlySet<AccountKind> = new Set(['state_trust', 'school']);

export interface Posted {
  entryId: number;
  debit: { id: number; kind: string; balance: number };
  credit: { id: number; kind: string; balance: number };
}

/** Posts one operation in the caller's transaction (the caller audits it in the same transaction). */
export async function postOperation(
  tx: Tx,
  op: Operation,
  by: string | null,
  source: { type?: string; id?: string; memo?: string } = {},
): Promise<Posted> {
  if (!Number.isSafeInteger(op.amount) || op.amount <= 0) throw new AppError(422, 'validation_failed');
  const [d, c] = legs(op);
  const dKey = { cycleId: op.cycleId, ...d };
  const cKey = { cycleId: op.cycleId, ...c };
  let debit = await accountFor(tx, dKey);
  let credit = await accountFor(tx, cKey);
  let balances = await lockAccounts(tx, [debit.id, credit.id]);
  if (!balances.has(debit.id) || !balances.has(credit.id)) {
    // A remembered account was created by a transaction that rolled back: look it up afresh.
    forgetAccount(dKey);
    forgetAccount(cKey);
    debit = await accountFor(tx, dKey);
    credit = await accountFor(tx, cKey);
    balances = await lockAccounts(tx, [debit.id, credit.id]);
  }
  if (HOLDS_MONEY.has(credit.kind as AccountKind)) {
    const available = balances.get(credit.id) ?? 0;
    if (available < op.amount) {
      throw new AppError(422, 'ledger_insufficient', {
        account: credit.kind === 'school' ? 'la cuenta de la escuela' : 'el fideicomiso estatal',
        available: pesos(available),
        amount: pesos(op.amount),
      });
    }
  }
  const entryId = await post(tx, {
    cycleId: op.cycleId,
    kind: op.type,
    memo: source.memo ?? '',
    lines: [
      { accountId: debit.id, amount: op.amount },
      { accountId: credit.id, amount: -op.amount },
    ],
    ...(source.type ? { sourceType: source.type } : {}),
    ...(source.id ? { sourceId: source.id } : {}),
    createdBy: by,
  });
  return {
    entryId,
    debit: { id: debit.id, kind: debit.kind, balance: (balances.get(debit.id) ?? 0) + op.amount },
    credit: { id: credit.id, kind: credit.kind, balance: (balances.get(credit.id) ?? 0) - op.amount },
  };
}
