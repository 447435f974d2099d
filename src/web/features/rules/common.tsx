import { Badge, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { RulesVersionInfo } from '../../../contract/rules.ts';
import { ApiError } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CONTRAST_VARS, GREEN } from '../../components/contrast.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../components/use-action.ts';
import { useInvalidate } from '../../components/use-invalidate.ts';

export type VersionInfo = z.infer<typeof RulesVersionInfo>;

/** Every query of this feature starts with this key, so one invalidation refreshes what changed. */
export const RK = 'pec-rules';

export const useRefreshRules = () => useInvalidate([RK]);

/**
 * The server's refusals by rule path ("calendar.registration_closes", "money.matchCap"), from a
 * 422's `errors[]` or a 400's body paths ("body.document.money.matchCap").
 */
export function problemsByPath(error: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) {
    const path = e.path.replace(/^body\./, '').replace(/^document\./, '');
    out.set(path, out.has(path) ? `${out.get(path)} ${e.message}` : e.message);
  }
  return out;
}

/** The message for a field: its own path, or any problem naming a rule inside it. */
export function fieldProblem(problems: Map<string, string>, ...paths: string[]): string | undefined {
  const found: string[] = [];
  for (const [p, m] of problems)
    if (paths.some((path) => p === path || p.startsWith(`${path}.`))) found.push(m);
  return found.length ? found.join(' ') : undefined;
}

/** A difference marked with words, not colour alone. */
export function ModifiedBadge({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color="#9a3412" variant="filled" style={{ flexShrink: 0 }}>
      {label ?? t('rules.modified')}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: 'draft' | 'published' }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'published' ? GREEN : 'gray.8'} variant="filled">
      {t(`rules.status.${status}`)}
    </Badge>
  );
}

/** The confirmation before publishing: what will happen, and the reason a correction needs. */
export function PublishDialog({
  opened,
  onClose,
  onPublish,
  version,
  correcting,
  what,
}: {
  opened: boolean;
  onClose: () => void;
  onPublish: (reason: string) => Promise<unknown>;
  version: number | null;
  correcting: boolean;
  what: string;
}) {
  const { t } = useTranslation();
  const action = useAction();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const close = () => {
    setReason('');
    setMissing(false);
    action.setError(null);
    onClose();
  };
  return (
    <ConfirmDialog
      opened={opened}
      title={t('rules.publish.title', { version: version ?? '' })}
      onCancel={close}
      confirmLabel={t('rules.publish.confirm')}
      busy={action.busy}
      error={null}
      onConfirm={() => {
        if (correcting && !reason.trim()) {
          setMissing(true);
          return;
        }
        void action
          .run(() => onPublish(reason.trim()))
          .then((ok) => {
            if (ok) close();
          });
      }}
    >
      <Stack style={CONTRAST_VARS}>
        <Text>{t('rules.publish.body', { what, version: version ?? '' })}</Text>
        <Text size="sm">{t('rules.publish.immutable')}</Text>
        <Textarea
          label={correcting ? t('rules.publish.reason') : t('rules.publish.reasonOptional')}
          description={correcting ? t('rules.publish.reasonHelp') : undefined}
          required={correcting}
          autosize
          minRows={3}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            if (e.currentTarget.value.trim()) setMissing(false);
          }}
          error={missing ? t('rules.publish.reasonMissing') : undefined}
          data-autofocus
        />
        <ProblemAlert error={action.error} />
      </Stack>
    </ConfirmDialog>
  );
}

/**
 * The foot of a draft form (federal rules or a state adaptation): the server's refusal, a way back
 * to the current version after a stale save, and cancel / save kept in view while scrolling.
 */
export function DraftActions({
  error,
  busy,
  stale,
  onDiscard,
}: {
  error: unknown;
  busy: boolean;
  stale: boolean;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ProblemAlert error={error} />
      {stale && (
        <Group>
          <Button variant="default" onClick={onDiscard}>
            {t('rules.draft.reloadCurrent')}
          </Button>
        </Group>
      )}
      <Group justify="flex-end" style={{ position: 'sticky', bottom: 0, background: 'white', padding: 8 }}>
        <Button variant="default" onClick={onDiscard}>
          {t('rules.draft.cancel')}
        </Button>
        <Button type="submit" loading={busy}>
          {t('rules.draft.save')}
        </Button>
      </Group>
    </>
  );
}
