import { Pagination } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Page numbers for a server-paged list, with labelled controls. */
export function Pager({
  total,
  limit,
  page,
  onChange,
}: {
  total: number;
  limit: number;
  page: number;
  onChange: (p: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <Pagination
      total={Math.max(1, Math.ceil(total / limit))}
      value={page}
      onChange={onChange}
      getControlProps={(c) => ({ 'aria-label': `${t('common.page')} ${c}` })}
    />
  );
}
