import { Badge } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Stage } from '../../../contract/planning.ts';
import type { CycleSummary } from '../../../contract/rules.ts';
import { GREEN, RED } from '../../components/contrast.ts';
import { useCycles } from '../../components/cycles.tsx';
import { TagBadge } from '../../components/TagBadge.tsx';
import { useInvalidate } from '../../components/use-invalidate.ts';

/** Every query of this feature starts with this key, so one invalidation refreshes what changed. */
export const RK = 'pec-enrollment';

export const useRefresh = () => useInvalidate([RK]);

/** The current cycle is the newest with published rules. */
export function currentCycle(cycles: CycleSummary[]): CycleSummary | undefined {
  return cycles.find((c) => c.publishedVersion !== null) ?? cycles[0];
}

/** The cycle chosen in the address (`?ciclo=`), or the current one. */
export function useCycleChoice() {
  const cycles = useCycles(RK);
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

export function YesNoBadge({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return <TagBadge color={ok ? GREEN : RED}>{ok ? yes : no}</TagBadge>;
}
