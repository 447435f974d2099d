import {
  Alert,
  Anchor,
  Badge,
  Group,
  List,
  NativeSelect,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type CSSProperties, type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CycleSummary } from '../../../contract/rules.ts';
import { ApiError, api, get } from '../../api/client.ts';
import { formatDateTime } from '../../components/format.ts';

/** Every query of this feature starts with this key, so one invalidation refreshes what money moved. */
export const FK = 'pec-finance';

export function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: [FK] });
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

/** Pesos from centavos ("$12,345.67"), percentages from basis points, long dates, times. */
export function useFmt() {
  const { i18n: i } = useTranslation();
  const locale = i.language === 'en' ? 'en-US' : 'es-MX';
  return {
    pesos: (centavos: number | null | undefined) =>
      centavos === null || centavos === undefined
        ? '—'
        : new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' }).format(centavos / 100),
    pct: (bp: number | null | undefined) =>
      bp === null || bp === undefined
        ? '—'
        : `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(bp / 100)} %`,
    num: (n: number | null | undefined) =>
      n === null || n === undefined
        ? '—'
        : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n),
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
 * (so a retry after a lost answer moves nothing twice), a new one when what is sent changes or
 * after it went through.
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

/** The cycles, newest first. */
export function useCycles() {
  return useQuery({
    queryKey: [FK, 'cycles'],
    queryFn: async () => {
      const list = await get<CycleSummary[]>('/api/pec/cycles');
      return [...list].sort((a, b) => b.schoolYear.localeCompare(a.schoolYear) || b.id - a.id);
    },
  });
}

/** The school year of a cycle, for titles ("2025-2026"). */
export function useCycleName(cycleId: number): string | undefined {
  const cycles = useCycles();
  return cycles.data?.find((c) => c.id === cycleId)?.schoolYear;
}

export function CycleSelect({
  cycles,
  value,
  onChange,
}: {
  cycles: CycleSummary[];
  value: number;
  onChange: (id: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('finance.cycle')}
      data={cycles.map((c) => ({
        value: String(c.id),
        label: t('finance.cycleName', { year: c.schoolYear }),
      }))}
      value={String(value)}
      onChange={(e) => onChange(Number(e.currentTarget.value))}
      w={240}
    />
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

/** A link inside the app, in the feature's AA-contrast blue. */
export function AppLink({
  to,
  params,
  children,
  label,
}: {
  to: string;
  params?: Record<string, string>;
  children: ReactNode;
  label?: string;
}) {
  return (
    <Anchor
      renderRoot={(props) => <Link {...props} to={to as never} params={params as never} />}
      style={{ color: LINK_COLOR }}
      aria-label={label}
    >
      {children}
    </Anchor>
  );
}

export const moneyRoutes = {
  allocation: '/pec/recursos/$cycleId',
  state: '/pec/recursos/$cycleId/estados/$stateId',
  school: '/pec/recursos/$cycleId/escuelas/$schoolId',
  /** The school's accountability report (features/year-end). */
  accountability: '/pec/rendicion/$cycleId/$schoolId',
} as const;

/** Badges hold whole phrases: they wrap instead of cutting. */
export const WRAP_BADGE = {
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

const CONTRIBUTION_COLOR: Record<string, string> = { registered: AMBER, approved: GREEN, rejected: RED };
export function ContributionStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <TagBadge color={CONTRIBUTION_COLOR[status] ?? 'gray.8'}>
      {t(`finance.contributionStatus.${status}`)}
    </TagBadge>
  );
}

const EXPENSE_COLOR: Record<string, string> = {
  submitted: BLUE,
  observed: AMBER,
  accepted: GREEN,
  rejected: RED,
};
export function ExpenseStateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <TagBadge color={EXPENSE_COLOR[state] ?? 'gray.8'}>
      {t(`finance.expenseState.${state}`, { defaultValue: state })}
    </TagBadge>
  );
}

/**
 * The server's refusal, in the reader's language: its explanation and every point a 422 names
 * (each failed check of an invoice, each field of a form).
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

/** The red and green alerts' titles are just under WCAG AA on its tinted background: a darker red. */
export const ALERT_STYLES = { title: { color: '#9b1c1c' } } as const;
export const ALERT_OK_STYLES = { title: { color: '#1e5e2c' } } as const;

export type SortDir = 'asc' | 'desc';

/** Client-side sorting of a list by one column at a time; the header says which, for screen readers too. */
export function useSorted<T, K extends string>(
  items: readonly T[],
  value: (item: T, key: K) => string | number | null,
  initial: { key: K; dir: SortDir },
) {
  const [sort, setSort] = useState(initial);
  const sorted = [...items].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    const c =
      x === null || y === null
        ? (x === null ? 1 : 0) - (y === null ? 1 : 0)
        : typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y), 'es');
    return sort.dir === 'asc' ? c : -c;
  });
  const toggle = (key: K) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));
  return { sorted, sort, toggle };
}

/** A column header that sorts its table: a button inside the header cell, with aria-sort on the cell. */
export function SortTh<K extends string>({
  column,
  sort,
  onSort,
  children,
}: {
  column: K;
  sort: { key: K; dir: SortDir };
  onSort: (k: K) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const active = sort.key === column;
  const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <Table.Th aria-sort={ariaSort}>
      <UnstyledButton
        onClick={() => onSort(column)}
        style={{ fontWeight: 700, fontSize: 'inherit', display: 'inline-flex', gap: 4 }}
        title={t('finance.sortBy')}
      >
        {children}
        <span aria-hidden="true">{active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
      </UnstyledButton>
    </Table.Th>
  );
}
