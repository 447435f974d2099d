import { Alert, Badge, Button, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type CSSProperties, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { RulesVersionInfo } from '../../../contract/rules.ts';
import { ApiError, api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { formatDateTime } from '../../components/format.ts';
import { useAction } from '../../components/use-action.ts';

export type VersionInfo = z.infer<typeof RulesVersionInfo>;

/**
 * Mantine's error red (#e03131 at this theme's shade) is just under WCAG AA on white for small
 * text; every page and dialog of this feature sets a darker one for its fields.
 */
export const CONTRAST_VARS = { '--mantine-color-error': '#c92a2a' } as CSSProperties;

/** Every query of this feature starts with this key, so one invalidation refreshes what changed. */
export const RK = 'pec-rules';

export function useRefreshRules() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: [RK] });
}

export const put = <T,>(url: string, body: unknown) => api<T>('PUT', url, body);

/** Formatting as a Mexican reader expects it: pesos from centavos, percentages from basis points, long dates. */
export function useFmt() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-US' : 'es-MX';
  return {
    pesos: (centavos: number | null | undefined) =>
      centavos === null || centavos === undefined
        ? '—'
        : new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' }).format(centavos / 100),
    pct: (bp: number | null | undefined) =>
      bp === null || bp === undefined
        ? '—'
        : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(bp / 100)} %`,
    num: (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n),
    /** A calendar date (YYYY-MM-DD, already Mexico City) as a long date, never shifted by time zone. */
    day: (date: string | null | undefined) =>
      date
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
            new Date(`${date.slice(0, 10)}T12:00:00Z`),
          )
        : '—',
    time: (iso: string | null | undefined) => (iso ? formatDateTime(iso, i18n.language) : '—'),
  };
}

/** Today in Mexico City as YYYY-MM-DD. */
export function todayMx(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' }).format(new Date());
}

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

/** The server's refusal on top of a form, with every point it names listed. */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <Alert color="red" role="alert">
        {t('errors.generic')}
      </Alert>
    );
  }
  const errors = error.problem.errors ?? [];
  return (
    <Alert color="red" role="alert" title={error.problem.title}>
      <Text size="sm">{error.message}</Text>
      {errors.length > 0 && (
        <List size="sm" mt="xs">
          {errors.map((e) => (
            <List.Item key={`${e.path}:${e.message}`}>{e.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </section>
  );
}

export function SubTitle({ children }: { children: ReactNode }) {
  return (
    <Title order={3} size="h5" mt="sm" mb={4}>
      {children}
    </Title>
  );
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
    <Badge color={status === 'published' ? '#2b6e35' : 'gray.8'} variant="filled">
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
