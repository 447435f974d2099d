import { Alert, Badge, Group, List, NativeSelect, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type CSSProperties, type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../../contract/api.ts';
import type { Stage } from '../../../contract/planning.ts';
import type { CycleSummary } from '../../../contract/rules.ts';
import { ApiError, get } from '../../api/client.ts';
import { formatDateTime } from '../../components/format.ts';

/** Every query of this feature starts with this key, so one invalidation refreshes what changed. */
export const RK = 'pec-enrollment';

export function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: [RK] });
}

/**
 * Mantine's error red is just under WCAG AA for small text on white; the feature's pages set a
 * darker one, and use filled badges in dark colours (light/subtle variants fail here).
 */
export const CONTRAST_VARS = { '--mantine-color-error': '#c92a2a' } as CSSProperties;
export const GREEN = '#2b6e35';
export const RED = '#b02525';
export const AMBER = '#8a5a00';
export const LINK_COLOR = 'var(--mantine-color-blue-8)';

/** Pesos from centavos, long calendar dates (YYYY-MM-DD is already Mexico City), times. */
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
    day: (date: string | null | undefined) =>
      date
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
            new Date(`${date.slice(0, 10)}T12:00:00Z`),
          )
        : '—',
    time: (iso: string | null | undefined) => (iso ? formatDateTime(iso, i.language) : '—'),
  };
}

/** The cycles, newest first; the current one is the newest with published rules. */
export function useCycles() {
  return useQuery({
    queryKey: [RK, 'cycles'],
    queryFn: async () => {
      const list = await get<CycleSummary[]>('/api/pec/cycles');
      return [...list].sort((a, b) => b.schoolYear.localeCompare(a.schoolYear) || b.id - a.id);
    },
  });
}

export function currentCycle(cycles: CycleSummary[]): CycleSummary | undefined {
  return cycles.find((c) => c.publishedVersion !== null) ?? cycles[0];
}

/** The cycle chosen in the address (`?ciclo=`), or the current one. */
export function useCycleChoice() {
  const cycles = useCycles();
  const search = useSearch({ strict: false }) as { ciclo?: string | number };
  const navigate = useNavigate();
  const list = cycles.data ?? [];
  const chosen = list.find((c) => String(c.id) === String(search.ciclo ?? '')) ?? currentCycle(list);
  const setCycle = (id: number) =>
    void navigate({
      search: ((s: Record<string, unknown>) => ({ ...s, ciclo: id })) as never,
      replace: true,
    });
  return { cycles, cycle: chosen, setCycle };
}

export function CycleSelect({
  cycles,
  value,
  onChange,
}: {
  cycles: CycleSummary[];
  value: number | undefined;
  onChange: (id: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('enrollment.cycle')}
      data={cycles.map((c) => ({
        value: String(c.id),
        label: t('enrollment.cycleName', { year: c.schoolYear }),
      }))}
      value={value === undefined ? '' : String(value)}
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

const STAGE_COLOR: Record<Stage, string> = {
  not_registered: 'gray.8',
  registered: '#1c3d8c',
  eligible: '#5f3dc4',
  selected: '#0b6e6e',
  plan_submitted: '#1864ab',
  returned: '#9a3412',
  approved: GREEN,
};
export const STAGE_BAR: Record<Stage, string> = {
  not_registered: '#adb5bd',
  registered: '#1c3d8c',
  eligible: '#7950f2',
  selected: '#0b6e6e',
  plan_submitted: '#4dabf7',
  returned: '#e8590c',
  approved: '#2f9e44',
};

export function StageBadge({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return (
    <Badge color={STAGE_COLOR[stage]} variant="filled" style={{ flexShrink: 0 }}>
      {t(`enrollment.stage.${stage}`)}
    </Badge>
  );
}

export function OverdueBadge({ count }: { count?: number }) {
  const { t } = useTranslation();
  return (
    <Badge color={RED} variant="filled" style={{ flexShrink: 0 }}>
      {count === undefined ? t('enrollment.overdue') : t('enrollment.overdueN', { count })}
    </Badge>
  );
}

/** Badges hold whole phrases here ("Requiere condiciones adicionales"): they wrap instead of cutting. */
export const WRAP_BADGE = {
  root: { height: 'auto', minHeight: 20, paddingBlock: 2, maxWidth: '100%', borderRadius: 4 },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
} as const;

export function YesNoBadge({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return (
    <Badge color={ok ? GREEN : RED} variant="filled" style={{ flexShrink: 0 }} styles={WRAP_BADGE}>
      {ok ? yes : no}
    </Badge>
  );
}

/**
 * The server's refusal, in the reader's language: the explanation (a passed deadline names its date
 * and who can grant an extension; an over-budget choice names the amounts) and every point of a 422.
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
  const p: Problem = error.problem;
  const errors = p.errors ?? [];
  return (
    <Alert color="red" role="alert" title={title ?? p.title}>
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
