import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgUnit } from '../../contract/api.ts';
import type { UnitKind } from '../../contract/roles.ts';
import { get, qs } from '../api/client.ts';

/** A searchable unit selector limited to the units the user can see (and optionally one kind). */
export function UnitPicker({
  value,
  onChange,
  kind,
  required = true,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
  kind?: UnitKind | undefined;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const found = useQuery({
    queryKey: ['units', 'pick', q, kind],
    queryFn: () =>
      get<{ items: OrgUnit[] }>(`/api/org/units${qs({ q: q.length >= 2 ? q : undefined, kind, limit: 30 })}`),
  });
  const data = (found.data?.items ?? []).map((u) => ({
    value: String(u.id),
    label: `${u.name} · ${u.code}`,
  }));
  return (
    <Select
      label={t('users.unit')}
      placeholder={t('users.unitSearch')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value}
      onChange={onChange}
      filter={({ options }) => options}
      nothingFoundMessage={t('common.none')}
      required={required}
      clearable={!required}
    />
  );
}
