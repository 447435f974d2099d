import { Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AMBER, BLUE, GREEN, RED } from '../../components/contrast.ts';
import { TagBadge } from '../../components/TagBadge.tsx';
import { useInvalidate } from '../../components/use-invalidate.ts';

/** Every query of this feature starts with this key, so one invalidation refreshes what a close or a return moved. */
export const YK = 'pec-year-end';

export const useRefresh = () => useInvalidate([YK]);

export const yearEndRoutes = {
  closing: '/pec/cierre/$cycleId/$unitId',
  accountability: '/pec/rendicion/$cycleId/$schoolId',
} as const;

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

/** A school's return (reintegro): returned, overdue or still due. */
export function ReturnBadge({ returnedAt, overdue }: { returnedAt: string | null; overdue: boolean }) {
  const { t } = useTranslation();
  if (returnedAt) return <TagBadge color={GREEN}>{t('yearEnd.returns.returned')}</TagBadge>;
  if (overdue) return <TagBadge color={RED}>{t('yearEnd.returns.overdue')}</TagBadge>;
  return <TagBadge color={AMBER}>{t('yearEnd.returns.due')}</TagBadge>;
}
