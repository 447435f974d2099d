import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '../../../contract/catalog.ts';

const COLOR: Record<ImportSummary['status'], string> = {
  checking: 'blue.8',
  dry_run: 'indigo.8',
  rejected: 'red.8',
  applying: 'blue.8',
  applied: 'green.9',
  failed: 'red.8',
};

export function ImportStatusBadge({ status }: { status: ImportSummary['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOR[status]} variant="filled">
      {t(`imports.statuses.${status}`)}
    </Badge>
  );
}
