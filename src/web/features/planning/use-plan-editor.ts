import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Change, Conflict } from '../../../contract/planning.ts';
import { ApiError, post } from '../../api/client.ts';
import { PK, type Plan } from './common.tsx';
import { applyEdits, type Edit, editPath } from './edits.ts';

export type { Edit } from './edits.ts';

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'offline' | 'conflict' | 'invalid';

interface Pending {
  edit: Edit;
  /** The plan revision this client last loaded the thing at. */
  base: number;
}

const DEBOUNCE_MS = 1500;
const RETRY_MS = 3000;

/**
 * The plan's working copy: edits are kept locally, debounced and sent as one batch with the revision
 * each was based on. A conflict keeps the user's edit and holds it until they choose; a network
 * failure is retried; the page never waits on a save.
 */
export function usePlanEditor(plan: Plan, amendmentReason: string | null) {
  const qc = useQueryClient();
  const [pending, setPending] = useState<Record<string, Pending>>({});
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [invalid, setInvalid] = useState<ApiError | null>(null);
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const pendingRef = useRef(pending);
  /** The ref is the source of truth (read by the save loop); the state re-renders. */
  const update = useCallback((fn: (cur: Record<string, Pending>) => Record<string, Pending>) => {
    const next = fn(pendingRef.current);
    pendingRef.current = next;
    setPending(next);
    return next;
  }, []);
  const planRef = useRef(plan);
  planRef.current = plan;
  const conflictRef = useRef<Set<string>>(new Set());
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reasonRef = useRef(amendmentReason);
  reasonRef.current = amendmentReason;

  const refresh = useCallback(() => qc.invalidateQueries({ queryKey: [PK, plan.id] }), [qc, plan.id]);

  const flushRef = useRef<() => Promise<void>>(async () => {});
  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void flushRef.current();
    }, DEBOUNCE_MS);
  }, []);

  const flush = useCallback(async () => {
    if (inFlight.current) return;
    const held = conflictRef.current;
    const batch = Object.entries(pendingRef.current).filter(([path]) => !held.has(path));
    if (!batch.length) return;
    inFlight.current = true;
    let ok = false;
    setStatus('saving');
    const changes = batch.map(([, p]) => ({ ...p.edit, baseRevision: p.base }) as Change);
    try {
      const res = await post<{ revision: number }>(`/api/pec/plans/${plan.id}/changes`, {
        changes,
        ...(reasonRef.current ? { amendmentReason: reasonRef.current } : {}),
      });
      const left = update((cur) => {
        const next = { ...cur };
        for (const [path, p] of batch) {
          const now = next[path];
          if (!now) continue;
          if (now.edit === p.edit) delete next[path];
          else next[path] = { ...now, base: res.revision };
        }
        return next;
      });
      setInvalid(null);
      setSavedAt(new Date().toISOString());
      setStatus(Object.keys(left).some((p) => !conflictRef.current.has(p)) ? 'pending' : 'saved');
      ok = true;
      void refresh();
    } catch (err) {
      if (err instanceof ApiError && err.problem.code === 'planning_conflict') {
        for (const c of err.problem.conflicts ?? []) conflictRef.current.add(c.path);
        setConflicts((cur) => {
          const known = new Set(cur.map((c) => c.path));
          return [...cur, ...(err.problem.conflicts ?? []).filter((c) => !known.has(c.path))] as Conflict[];
        });
        setStatus('conflict');
        ok = true;
        void refresh();
      } else if (err instanceof ApiError && (err.status === 0 || err.status >= 500)) {
        setStatus('offline');
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => {
          timer.current = null;
          void flushRef.current();
        }, RETRY_MS);
      } else {
        setInvalid(err instanceof ApiError ? err : null);
        setStatus('invalid');
      }
    } finally {
      inFlight.current = false;
    }
    // Edits made while the batch was on its way go out next.
    const left = Object.keys(pendingRef.current).filter((p) => !conflictRef.current.has(p));
    if (ok && left.length && !timer.current) schedule();
  }, [plan.id, refresh, schedule, update]);

  flushRef.current = flush;

  useEffect(() => {
    const online = () => void flush();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [flush]);

  const edit = useCallback(
    (...edits: Edit[]) => {
      update((cur) => {
        const next = { ...cur };
        for (const e of edits) {
          const path = editPath(e);
          next[path] = { edit: e, base: cur[path]?.base ?? planRef.current.revision };
        }
        return next;
      });
      setStatus((s) => (s === 'offline' || s === 'conflict' ? s : 'pending'));
      schedule();
    },
    [schedule, update],
  );

  /** Keep mine: resend my edit based on the revision that now holds theirs. */
  const keepMine = useCallback(
    async (path: string) => {
      await qc.refetchQueries({ queryKey: [PK, planRef.current.id], exact: true });
      const fresh = qc.getQueryData<Plan>([PK, planRef.current.id]) ?? planRef.current;
      update((cur) => {
        const p = cur[path];
        return p ? { ...cur, [path]: { ...p, base: fresh.revision } } : cur;
      });
      conflictRef.current.delete(path);
      setConflicts((cur) => cur.filter((c) => c.path !== path));
      setStatus('pending');
      schedule();
    },
    [qc, schedule, update],
  );

  /** Use theirs: drop my edit; the page shows what the server holds. */
  const takeTheirs = useCallback(
    (path: string) => {
      const left = update((cur) => {
        const next = { ...cur };
        delete next[path];
        return next;
      });
      conflictRef.current.delete(path);
      setConflicts((cur) => cur.filter((c) => c.path !== path));
      void refresh();
      setStatus(Object.keys(left).length ? 'pending' : 'saved');
      if (Object.keys(left).length) schedule();
    },
    [refresh, schedule, update],
  );

  // Leaving with unsaved edits asks first.
  const dirty = Object.keys(pending).length > 0;
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const edits = useMemo(() => Object.values(pending).map((p) => p.edit), [pending]);
  const content = useMemo(() => applyEdits(plan.content, edits), [plan.content, edits]);
  const mine = useMemo(
    () => Object.fromEntries(Object.entries(pending).map(([k, p]) => [k, p.edit])),
    [pending],
  );
  return {
    content,
    edit,
    flush,
    status,
    savedAt,
    conflicts,
    invalid,
    mine,
    keepMine,
    takeTheirs,
    dirty,
  };
}

export type PlanEditor = ReturnType<typeof usePlanEditor>;
