import {
  Anchor,
  type AnchorProps,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  BodyRef,
  ParityInfo,
  PersonRef,
  Side,
  TimelineEvent,
  WorkflowInfo,
} from '../../../contract/alliance.ts';
import { post } from '../../api/client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import { useInvalidate } from '../../components/use-invalidate.ts';

export type Parity = z.infer<typeof ParityInfo>;
export type Timeline = z.infer<typeof TimelineEvent>[];
export type Workflow = z.infer<typeof WorkflowInfo>;
export type Person = z.infer<typeof PersonRef>;
export type SideT = z.infer<typeof Side>;

/** Every Alianza query key starts here, so one invalidation refreshes whatever changed. */
export const AK = 'alliance';

export const useRefresh = () => useInvalidate([AK]);

/** A calendar date ('2026-12-31') as a Mexican reader expects it, never shifted by time zone. */
export function formatDay(date: string | null | undefined, lang: string): string {
  if (!date) return '—';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-MX', {
    dateStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(`${date.slice(0, 10)}T12:00:00Z`));
}

export function useFormat() {
  const { i18n } = useTranslation();
  return {
    day: (d: string | null | undefined) => formatDay(d, i18n.language),
    time: (iso: string) => formatDateTime(iso, i18n.language),
    num: (n: number | null | undefined) =>
      n === null || n === undefined
        ? '—'
        : new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'es-MX').format(n),
  };
}

/** A `datetime-local` value read as Mexico City time (UTC−6, without daylight saving since 2022). */
export function mxLocalToIso(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}-06:00`;
}

const STATE_COLOR: Record<string, string> = {
  draft: 'gray.8',
  submitted: 'blue.8',
  returned: '#9a3412',
  validated: '#2b6e35',
  sent: 'blue.8',
  on_agenda: 'indigo.8',
  approved: '#2b6e35',
  rejected: 'red.9',
  issued: 'blue.8',
  distributed: 'indigo.8',
  informed: '#2b6e35',
  convened: 'blue.8',
  held: 'indigo.8',
  minutes_approved: '#2b6e35',
  cancelled: 'red.9',
  open: 'blue.8',
  in_progress: 'indigo.8',
  done: '#2b6e35',
  retired: 'gray.8',
  pending: '#9a3412',
  on_track: '#2b6e35',
  at_risk: '#9a3412',
  no_data: 'gray.8',
};

export function StateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLOR[state] ?? 'gray.8'} variant="filled" style={{ flexShrink: 0 }}>
      {t(`alliance.states.${state}`, { defaultValue: state })}
    </Badge>
  );
}

export function SideBadge({ side }: { side: string }) {
  return (
    <Badge color={side === 'sep' ? 'blue.8' : 'grape.8'} variant="filled">
      {side === 'sep' ? 'SEP' : side === 'snte' ? 'SNTE' : side}
    </Badge>
  );
}

/** "SEP 3 · SNTE 3" and whether the body may sit to decide, with the reason when it may not. */
export function ParityBadge({ parity, withText = false }: { parity: Parity; withText?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Group gap={6} wrap="wrap">
        <Badge color="gray.8" variant="outline">
          SEP {parity.sep} · SNTE {parity.snte}
        </Badge>
        <Badge color={parity.ok ? '#2b6e35' : 'red.9'} variant="filled">
          {parity.ok ? t('alliance.parity.ok') : t('alliance.parity.broken')}
        </Badge>
      </Group>
      {!parity.ok && (withText || parity.problem) && (
        <Text size="sm" c="red.9">
          {t(`alliance.parity.problem.${parity.problem ?? 'unequal'}`)} {t('alliance.parity.cannotDecide')}
        </Text>
      )}
    </Stack>
  );
}

/** Links to a body's page, labelled with its code and name. */
export function BodyLink({ body, full = true }: { body: z.infer<typeof BodyRef>; full?: boolean }) {
  return (
    <ALink to="/alianza/organos/$bodyId" params={{ bodyId: String(body.id) }}>
      {full ? `${body.code} · ${body.name}` : body.code}
    </ALink>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed" component="div">
        {label}
      </Text>
      <Text component="div">{children}</Text>
    </div>
  );
}

/** Long text as written, keeping its line breaks. */
export function Prose({ text }: { text: string }) {
  return (
    <Text style={{ whiteSpace: 'pre-wrap' }} component="div">
      {text || '—'}
    </Text>
  );
}

/** "Coordinación · I.1 · SEP": the seat an action was taken under. */
export function useActingAs() {
  const { t } = useTranslation();
  return (a: z.infer<typeof TimelineEvent>['actingAs']) => {
    if (!a) return '';
    if (!a.bodyCode) return t(`roles.${a.position}`, { defaultValue: a.position });
    return `${t(`alliance.positions.${a.position}`, { defaultValue: a.position })} · ${a.bodyCode} · ${a.side.toUpperCase()}`;
  };
}

/** Who did what, acting as which seat, when, and what they wrote. */
export function TimelineList({ events }: { events: Timeline }) {
  const { t } = useTranslation();
  const f = useFormat();
  const acting = useActingAs();
  return (
    <Section title={t('alliance.timeline.title')}>
      {events.length === 0 ? (
        <Text>{t('alliance.timeline.empty')}</Text>
      ) : (
        <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {events.map((e) => (
            <Card key={e.seq} withBorder padding="sm" component="li">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Text fw={600}>
                  {t(`alliance.actions.${e.action}`, { defaultValue: e.action })}
                  {e.fromState !== e.toState &&
                    ` → ${t(`alliance.states.${e.toState}`, { defaultValue: e.toState })}`}
                </Text>
                <Text size="sm">{f.time(e.at)}</Text>
              </Group>
              <Text size="sm">
                {e.actor?.name ?? t('alliance.timeline.system')}
                {e.actingAs ? ` — ${t('alliance.timeline.actingAs', { seat: acting(e.actingAs) })}` : ''}
              </Text>
              {e.comment && (
                <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                  {e.comment}
                </Text>
              )}
            </Card>
          ))}
        </Stack>
      )}
    </Section>
  );
}

/**
 * The workflow buttons the server offers this user now. An action that needs a comment (return,
 * reject, cancel, close, reopen…) opens a dialog that will not send without one; every action
 * carries the version the page showed, so acting on a stale view gets the server's 409 message.
 */
/** Actions that send something back or stop it: offered as secondary buttons. */
const CAUTIOUS = ['return', 'reject', 'cancel', 'reopen', 'defer'];

export function WorkflowButtons({
  workflow,
  url,
  only,
  commentRequired = [],
  commentLabel,
  onDone,
}: {
  workflow: Workflow;
  /** `/api/alliance/documents/ID`: the action name is appended. */
  url: string;
  only?: string[];
  commentRequired?: string[];
  commentLabel?: Record<string, string>;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const [open, setOpen] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const actions = workflow.actions.filter((a) => !only || only.includes(a));
  // Kept while a dialog or an error is showing: a refusal (say, a stale view) refreshes the page's
  // data, which may take the action away, and the person must still read why it failed.
  if (actions.length === 0 && !open && !error) return null;
  const act = async (action: string, text?: string) => {
    const ok = await run(() =>
      post(`${url}/${action}`, {
        expectedVersion: workflow.version,
        ...(text ? { comment: text } : {}),
      }),
    );
    await refresh();
    if (ok) {
      setOpen(null);
      onDone?.();
    }
  };
  return (
    <Stack gap="xs">
      <ErrorAlert error={open ? null : error} />
      <Group gap="xs">
        {actions.map((a) => (
          <Button
            key={a}
            variant={CAUTIOUS.includes(a) ? 'default' : 'filled'}
            loading={busy && !open}
            onClick={() => {
              setError(null);
              setComment('');
              setMissing(false);
              setOpen(a);
            }}
          >
            {t(`alliance.do.${a}`, { defaultValue: a })}
          </Button>
        ))}
      </Group>
      <Dialog
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={open ? t(`alliance.do.${open}`, { defaultValue: open }) : ''}
      >
        {open && (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              const needs = commentRequired.includes(open);
              if (needs && !comment.trim()) {
                setMissing(true);
                return;
              }
              void act(open, comment.trim() || undefined);
            }}
          >
            <Stack>
              <ErrorAlert error={error} />
              <Text>{t(`alliance.confirm.${open}`, { defaultValue: t('alliance.confirm.generic') })}</Text>
              <Textarea
                label={commentLabel?.[open] ?? t('alliance.comment')}
                required={commentRequired.includes(open)}
                autosize
                minRows={3}
                value={comment}
                error={missing ? t('alliance.commentRequired') : undefined}
                onChange={(e) => {
                  setComment(e.currentTarget.value);
                  setMissing(false);
                }}
                data-autofocus
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setOpen(null)}>
                  {t('common.cancel')}
                </Button>
                <Button
                  type="submit"
                  loading={busy}
                  color={['reject', 'cancel'].includes(open) ? 'red.9' : undefined}
                >
                  {t(`alliance.do.${open}`, { defaultValue: open })}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Dialog>
    </Stack>
  );
}

export function PageHeader({
  title,
  state,
  above,
  children,
}: {
  title: string;
  state?: string;
  above?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Stack gap={4}>
      {above}
      <Group justify="space-between" wrap="wrap" align="start">
        <Title order={1}>{title}</Title>
        {state && <StateBadge state={state} />}
      </Group>
      {children}
    </Stack>
  );
}

export function BackToAlliance() {
  const { t } = useTranslation();
  return (
    <ALink to="/alianza" size="sm">
      ← {t('alliance.overview.title')}
    </ALink>
  );
}

type AllianceTo =
  | '/alianza/organos/$bodyId'
  | '/alianza/documentos/$id'
  | '/alianza/sintesis/$id'
  | '/alianza/sesiones/$id'
  | '/alianza/resoluciones/$id'
  | '/alianza/tareas/$id'
  | '/alianza'
  | '/alianza/pendientes'
  | '/login'
  | '/transparencia/alianza';

/** A router link that looks like Mantine's Anchor. */
export function ALink({
  to,
  params,
  children,
  ...rest
}: { to: AllianceTo; params?: Record<string, string>; children: ReactNode } & Omit<AnchorProps, 'children'>) {
  return (
    <Anchor {...rest} renderRoot={(props) => <Link to={to} params={params as never} {...props} />}>
      {children}
    </Anchor>
  );
}
