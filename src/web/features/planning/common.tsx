import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanDetail } from '../../../contract/planning.ts';
import { useInvalidate } from '../../components/use-invalidate.ts';

/** Every query of this feature starts with this key. */
export const PK = 'pec-planning';

export type Plan = PlanDetail;
export type Content = PlanDetail['content'];
export type Action = Content['pat']['actions'][number];
export type Goal = Content['pete']['goals'][number];
export type Objective = Content['pete']['objectives'][number];
export type Strategy = Content['pete']['strategies'][number];

export const DIMENSIONS = ['pedagogica', 'organizativa', 'administrativa', 'participacion'] as const;
export const LEVELS = [1, 2, 3, 4] as const;

export const useRefreshPlan = (id: string) => useInvalidate([PK, id]);

/** A short random id for a new list item (the server takes the client's ids). */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return `${prefix}${[...bytes].map((b) => b.toString(36).padStart(2, '0')).join('')}`.slice(0, 20);
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
