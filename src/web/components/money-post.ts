import { useRef } from 'react';
import { api } from '../api/client.ts';
import { useAction } from './use-action.ts';

/** A random key (crypto.randomUUID needs a secure context; the fallback does not). */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * The Idempotency-Key of one intent: the same key while the person retries the same submission
 * (so a retry after a lost answer moves, closes or records nothing twice), a new one when what is
 * sent changes or after it went through.
 */
export function useIntentKey() {
  const ref = useRef<{ payload: string; key: string } | null>(null);
  return {
    keyFor(payload: unknown): string {
      const p = JSON.stringify(payload);
      if (ref.current?.payload !== p) ref.current = { payload: p, key: newKey() };
      return ref.current.key;
    },
    done() {
      ref.current = null;
    },
  };
}

/** A money-moving POST with its Idempotency-Key. */
export const postMoney = <T>(url: string, key: string, body?: unknown) =>
  api<T>('POST', url, body, { 'idempotency-key': key });

/**
 * A money-moving POST as a user action: `useAction`'s busy flag and kept error, with the intent's
 * Idempotency-Key. `send` resolves to the server's answer, or null when it was refused (the error
 * is then in `error`). `intent` tells one intent from another when the body alone does not (the
 * school or state it is for).
 */
export function useMoneyPost() {
  const { run, busy, error, setError } = useAction();
  const intentKey = useIntentKey();
  const send = async <T>(url: string, body?: unknown, intent: unknown = body ?? url): Promise<T | null> => {
    let answer: T | null = null;
    const ok = await run(async () => {
      answer = await postMoney<T>(url, intentKey.keyFor(intent), body);
    });
    if (!ok) return null;
    intentKey.done();
    return answer;
  };
  return { send, busy, error, setError };
}
