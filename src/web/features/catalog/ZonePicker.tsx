import { Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgUnit, UnitRef } from '../../../contract/api.ts';
import { get, qs } from '../../api/client.ts';

type Zone = OrgUnit & { path: UnitRef[] };
export interface ZoneOption {
  value: string;
  label: string;
  /** Its sector and state, shown under the option. */
  where: string;
}

const MIN_CHARS = 2;

const toOption = (z: Zone): ZoneOption => ({
  value: String(z.id),
  label: `${z.code} · ${z.name}`,
  where: z.path
    .filter((p) => p.kind === 'sector' || p.kind === 'state')
    .reverse()
    .map((p) => p.name)
    .join(' · '),
});

/**
 * A school zone the user can see, searched as they type (its code or name, at least two
 * characters). `value` is the chosen option, so its label stays shown whatever the search finds.
 */
export function ZonePicker({
  value,
  onChange,
}: {
  value: ZoneOption | null;
  onChange: (zone: ZoneOption | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // Once chosen, the input shows the zone's label: that is not a search to run.
  const q = debounced === value?.label ? '' : debounced;
  const found = useQuery({
    queryKey: ['units', 'zones', q],
    queryFn: () => get<{ items: Zone[] }>(`/api/org/units${qs({ q, kind: 'zone', limit: 20 })}`),
    enabled: q.length >= MIN_CHARS,
  });
  const options = q.length >= MIN_CHARS ? (found.data?.items ?? []).map(toOption) : [];
  const data = value && !options.some((o) => o.value === value.value) ? [value, ...options] : options;
  const byValue = new Map(data.map((o) => [o.value, o]));
  return (
    <Select
      label={t('schools.zoneFilter')}
      placeholder={t('schools.zonePlaceholder')}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value?.value ?? null}
      onChange={(v) => onChange(v ? (byValue.get(v) ?? null) : null)}
      filter={({ options: all }) => all}
      nothingFoundMessage={
        search.trim().length < MIN_CHARS
          ? t('schools.zoneMinChars')
          : found.isFetching
            ? t('common.loading')
            : t('common.none')
      }
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text size="sm">{option.label}</Text>
          {byValue.get(option.value)?.where && (
            <Text size="xs" c="dimmed">
              {byValue.get(option.value)?.where}
            </Text>
          )}
        </Stack>
      )}
      comboboxProps={{ width: 'target', position: 'bottom-start' }}
      w={280}
    />
  );
}
