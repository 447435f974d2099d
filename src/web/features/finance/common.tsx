import { Table, UnstyledButton } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AMBER, BLUE, GREEN, RED } from '../../components/contrast.ts';
import { useCycles } from '../../components/cycles.tsx';
import { TagBadge } from '../../components/TagBadge.tsx';
import { useInvalidate } from '../../components/use-invalidate.ts';

/** Every query of this feature starts with this key, so one invalidation refreshes what money moved. */
export const FK = 'pec-finance';

export const useRefresh = () => useInvalidate([FK]);

/** The school year of a cycle, for titles ("2025-2026"). */
export function useCycleName(cycleId: number): string | undefined {
  const cycles = useCycles(FK);
  return cycles.data?.find((c) => c.id === cycleId)?.schoolYear;
}

export const moneyRoutes = {
  allocation: '/pec/recursos/$cycleId',
  state: '/pec/recursos/$cycleId/estados/$stateId',
  school: '/pec/recursos/$cycleId/escuelas/$schoolId',
  /** The school's accountability report (features/year-end). */
  accountability: '/pec/rendicion/$cycleId/$schoolId',
} as const;

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
