import { Badge, Group, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type CSSProperties, type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanDetail } from '../../../contract/planning.ts';
import { api } from '../../api/client.ts';
import { formatDateTime } from '../../components/format.ts';

/** Every query of this feature starts with this key. */
export const PK = 'pec-planning';

/** Mantine's error red is just under WCAG AA on white for small text. */
export const CONTRAST_VARS = { '--mantine-color-error': '#c92a2a' } as CSSProperties;

export type Plan = PlanDetail;
export type Content = PlanDetail['content'];
export type Action = Content['pat']['actions'][number];
export type Goal = Content['pete']['goals'][number];
export type Objective = Content['pete']['objectives'][number];
export type Strategy = Content['pete']['strategies'][number];

export const DIMENSIONS = ['pedagogica', 'organizativa', 'administrativa', 'participacion'] as const;
export const LEVELS = [1, 2, 3, 4] as const;

export const put = <T,>(url: string, body: unknown) => api<T>('PUT', url, body);

export function useRefreshPlan(id: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: [PK, id] });
}

/** A short random id for a new list item (the server takes the client's ids). */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return `${prefix}${[...bytes].map((b) => b.toString(36).padStart(2, '0')).join('')}`.slice(0, 20);
}

export function useFmt() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-US' : 'es-MX';
  return {
    pesos: (centavos: number | null | undefined) =>
      centavos === null || centavos === undefined
        ? '—'
        : new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'MXN' }).format(centavos / 100),
    num: (n: number | null | undefined) =>
      n === null || n === undefined
        ? '—'
        : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n),
    /** A calendar date (YYYY-MM-DD, already Mexico City) as a long date. */
    day: (date: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${date.slice(0, 10)}T12:00:00Z`),
      ),
    time: (iso: string | null | undefined) => (iso ? formatDateTime(iso, i18n.language) : '—'),
    clock: (iso: string | null | undefined) =>
      iso
        ? new Intl.DateTimeFormat(locale, {
            hour: '2-digit',
            minute: '2-digit',
            timeZone: 'America/Mexico_City',
          }).format(new Date(iso))
        : '—',
  };
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

const STATE_COLOURS: Record<string, string> = {
  draft: 'gray.8',
  submitted: '#1864ab',
  returned: '#9a3412',
  endorsed: '#5f3dc4',
  approved: '#2b6e35',
  approved_with_observations: '#2b6e35',
  accepted: '#2b6e35',
};

export function StateBadge({ state, prefix = 'planning.state' }: { state: string; prefix?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLOURS[state] ?? 'gray.8'} variant="filled">
      {t(`${prefix}.${state}`, { defaultValue: state })}
    </Badge>
  );
}

/** Words for a status or a difference, never colour alone. */
export function TagBadge({ children, color = '#9a3412' }: { children: ReactNode; color?: string }) {
  return (
    <Badge color={color} variant="filled" style={{ flexShrink: 0 }}>
      {children}
    </Badge>
  );
}
