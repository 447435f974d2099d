import { Alert, Anchor, Badge, Group, List, Paper, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type CSSProperties, type ReactNode, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import { formatDateTime } from '../../components/format.ts';

/** Every query of this feature starts with this key, so one invalidation refreshes what a close or a return moved. */
export const YK = 'pec-year-end';

export function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: [YK] });
}

/**
 * Mantine's error red is just under WCAG AA for small text on white; the feature's pages set a
 * darker one, and use filled badges in dark colours (light/subtle variants fail here).
 */
export const CONTRAST_VARS = { '--mantine-color-error': '#c92a2a' } as CSSProperties;
export const GREEN = '#2b6e35';
export const RED = '#b02525';
export const AMBER = '#8a5a00';
export const BLUE = '#1864ab';
export const LINK_COLOR = 'var(--mantine-color-blue-8)';

export const yearEndRoutes = {
  closing: '/pec/cierre/$cycleId/$unitId',
  accountability: '/pec/rendicion/$cycleId/$schoolId',
} as const;

/** Pesos from centavos ("$12,345.67"), long calendar dates, times. */
export function useFmt() {
  const { i18n: i } = useTranslation();
  const locale = i.language === 'en' ? 'en-US' : 'es-MX';
  return {
    pesos: (centavos: number | null | undefined) =>
      centavos === null || centavos === undefined
        ? '—'
        : new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' }).format(centavos / 100),
    num: (n: number | null | undefined) =>
      n === null || n === undefined ? '—' : new Intl.NumberFormat(locale).format(n),
    /** A calendar date (YYYY-MM-DD, already Mexico City) as a long date, never shifted by time zone. */
    day: (date: string | null | undefined) =>
      date
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
            new Date(`${date.slice(0, 10)}T12:00:00Z`),
          )
        : '—',
    time: (iso: string | null | undefined) => (iso ? formatDateTime(iso, i.language) : '—'),
    /** The Mexico City calendar day of a moment, as a long date. */
    dateOf: (iso: string | null | undefined) =>
      iso
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'America/Mexico_City' }).format(
            new Date(iso),
          )
        : '—',
  };
}

/**
 * Centavos from what a person types as pesos: "2500", "2,500.50", "$2,500". Null when it is not
 * a positive amount with at most two decimals.
 */
export function parsePesos(text: string): number | null {
  const clean = text.replace(/[\s$,]/g, '').replace(/^MXN/i, '');
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(clean)) return null;
  const [whole = '0', frac = ''] = clean.split('.');
  const centavos = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return centavos > 0 ? centavos : null;
}

/** Today in Mexico City as YYYY-MM-DD. */
export function todayMx(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' }).format(new Date());
}

/** A random key (crypto.randomUUID needs a secure context; the fallback does not). */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * The Idempotency-Key of one intent: the same key while the person retries the same submission
 * (so a retry after a lost answer closes or moves nothing twice), a new one when what is sent
 * changes or after it went through.
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
export const postMoney = <T,>(url: string, key: string, body?: unknown) =>
  api<T>('POST', url, body, { 'idempotency-key': key });

export const put = <T,>(url: string, body: unknown) => api<T>('PUT', url, body);

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

/** A link inside the app, in the feature's AA-contrast blue. */
export function AppLink({
  to,
  params,
  search,
  children,
  label,
}: {
  to: string;
  params?: Record<string, string>;
  search?: Record<string, unknown>;
  children: ReactNode;
  label?: string;
}) {
  return (
    <Anchor
      renderRoot={(props) => (
        <Link {...props} to={to as never} params={params as never} search={search as never} />
      )}
      style={{ color: LINK_COLOR }}
      aria-label={label}
    >
      {children}
    </Anchor>
  );
}

/** Badges hold whole phrases: they wrap instead of cutting. */
const WRAP_BADGE = {
  root: { height: 'auto', minHeight: 20, paddingBlock: 2, maxWidth: '100%', borderRadius: 4 },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
} as const;

export function TagBadge({ color, children }: { color: string; children: ReactNode }) {
  return (
    <Badge color={color} variant="filled" style={{ flexShrink: 0 }} styles={WRAP_BADGE}>
      {children}
    </Badge>
  );
}

/** One figure of a report as a card: what it is, the amount, and a line that explains it. */
export function Figure({
  label,
  value,
  note,
  strong = false,
  testId,
}: {
  label: string;
  value: string;
  note?: ReactNode;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <Paper withBorder p="sm" style={strong ? { borderColor: BLUE, borderWidth: 2 } : undefined}>
      <Text size="sm" fw={600} component="p">
        {label}
      </Text>
      <Text size="xl" fw={700} component="p" data-testid={testId}>
        {value}
      </Text>
      {note && (
        <Text size="sm" component="div">
          {note}
        </Text>
      )}
    </Paper>
  );
}

/** The red and green alerts' titles are just under WCAG AA on their tinted background: darker ones. */
export const ALERT_STYLES = { title: { color: '#9b1c1c' } } as const;
export const ALERT_OK_STYLES = { title: { color: '#1e5e2c' } } as const;

/**
 * The server's refusal, in the reader's language: its explanation and every point a 422 names.
 */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
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
    <Alert color="red" role="alert" title={title ?? error.problem.title} styles={ALERT_STYLES}>
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

/** A school's return (reintegro): returned, overdue or still due. */
export function ReturnBadge({ returnedAt, overdue }: { returnedAt: string | null; overdue: boolean }) {
  const { t } = useTranslation();
  if (returnedAt) return <TagBadge color={GREEN}>{t('yearEnd.returns.returned')}</TagBadge>;
  if (overdue) return <TagBadge color={RED}>{t('yearEnd.returns.overdue')}</TagBadge>;
  return <TagBadge color={AMBER}>{t('yearEnd.returns.due')}</TagBadge>;
}
