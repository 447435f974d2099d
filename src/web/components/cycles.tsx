import { NativeSelect } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CycleSummary } from '../../contract/rules.ts';
import { get } from '../api/client.ts';

/** The program's cycles, newest first, under the feature's own key (so its refresh covers them). */
export function useCycles(featureKey: string) {
  return useQuery({
    queryKey: [featureKey, 'cycles'],
    queryFn: async () => {
      const list = await get<CycleSummary[]>('/api/pec/cycles');
      return [...list].sort((a, b) => b.schoolYear.localeCompare(a.schoolYear) || b.id - a.id);
    },
  });
}

/** Chooses the school year a page shows ("Ciclo escolar 2025-2026"). */
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
      label={t('common.cycle')}
      data={cycles.map((c) => ({
        value: String(c.id),
        label: t('common.cycleName', { year: c.schoolYear }),
      }))}
      value={value === undefined ? '' : String(value)}
      onChange={(e) => onChange(Number(e.currentTarget.value))}
      w={240}
    />
  );
}
