import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Input,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FUNDING, LEVELS, MARGINALIZATION, type SchoolSummary } from '../../../contract/catalog.ts';
import { get, qs } from '../../api/client.ts';
import { Pager } from '../../components/Pager.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { UnitLink } from '../../components/UnitLink.tsx';
import { type ZoneOption, ZonePicker } from './ZonePicker.tsx';

const LIMIT = 25;
type Sort = 'name' | 'cct' | 'municipality' | 'enrolment';
type Dir = 'asc' | 'desc';
/** Enrolment reads best largest first; names, keys and municipalities from A to Z. */
const defaultDir = (sort: Sort): Dir => (sort === 'enrolment' ? 'desc' : 'asc');

export function SchoolsPage() {
  const { t } = useTranslation();
  const dirLabelId = useId();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [municipality, setMunicipality] = useState('');
  const [m] = useDebouncedValue(municipality.trim(), 300);
  const [locality, setLocality] = useState('');
  const [loc] = useDebouncedValue(locality.trim(), 300);
  const [level, setLevel] = useState<string | null>(null);
  const [marg, setMarg] = useState<string | null>(null);
  const [funding, setFunding] = useState<string | null>(null);
  const [zone, setZone] = useState<ZoneOption | null>(null);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [sort, setSort] = useState<Sort>('name');
  const [dir, setDir] = useState<Dir>('asc');
  const [page, setPage] = useState(1);
  const params = {
    q,
    municipality: m,
    locality: loc,
    level,
    marginalization: marg,
    funding,
    zoneId: zone?.value,
    includeInactive: includeInactive ? 'true' : undefined,
    sort,
    dir,
  };
  const list = useQuery({
    queryKey: ['schools', params, page],
    queryFn: () =>
      get<{ items: SchoolSummary[]; total: number; more: boolean }>(
        `/api/catalog/schools${qs({ ...params, limit: LIMIT, offset: (page - 1) * LIMIT })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };
  const filtered = Boolean(
    search.trim() ||
      municipality.trim() ||
      locality.trim() ||
      level ||
      marg ||
      funding ||
      zone ||
      includeInactive,
  );
  const clearFilters = () => {
    setSearch('');
    setMunicipality('');
    setLocality('');
    setLevel(null);
    setMarg(null);
    setFunding(null);
    setZone(null);
    setIncludeInactive(false);
    setPage(1);
  };
  return (
    <Stack>
      <Title order={1}>{t('schools.title')}</Title>
      <Group align="end" wrap="wrap">
        <TextInput
          label={t('schools.search')}
          placeholder={t('org.searchPlaceholder')}
          type="search"
          value={search}
          onChange={(e) => reset(setSearch)(e.currentTarget.value)}
        />
        <TextInput
          label={t('schools.municipality')}
          value={municipality}
          onChange={(e) => reset(setMunicipality)(e.currentTarget.value)}
        />
        <TextInput
          label={t('schools.locality')}
          value={locality}
          onChange={(e) => reset(setLocality)(e.currentTarget.value)}
        />
        <ZonePicker value={zone} onChange={reset(setZone)} />
        <Select
          label={t('schools.level')}
          placeholder={t('schools.any')}
          clearable
          data={LEVELS.map((l) => ({ value: l, label: t(`schools.levels.${l}`) }))}
          value={level}
          onChange={reset(setLevel)}
        />
        <Select
          label={t('schools.marginalization')}
          placeholder={t('schools.any')}
          clearable
          data={MARGINALIZATION.map((x) => ({ value: x, label: t(`schools.marg.${x}`) }))}
          value={marg}
          onChange={reset(setMarg)}
        />
        <Select
          label={t('schools.funding')}
          placeholder={t('schools.any')}
          clearable
          data={FUNDING.map((f) => ({ value: f, label: t(`schools.fundings.${f}`) }))}
          value={funding}
          onChange={reset(setFunding)}
        />
      </Group>
      <Group align="end" wrap="wrap">
        <Select
          label={t('users.sort')}
          allowDeselect={false}
          data={[
            { value: 'name', label: t('schools.name') },
            { value: 'cct', label: 'CCT' },
            { value: 'municipality', label: t('schools.municipality') },
            { value: 'enrolment', label: t('schools.enrolment') },
          ]}
          value={sort}
          onChange={(v) => {
            const next = (v ?? 'name') as Sort;
            setSort(next);
            setDir(defaultDir(next));
            setPage(1);
          }}
        />
        <Input.Wrapper label={t('schools.dir')} labelElement="div" labelProps={{ id: dirLabelId }}>
          <SegmentedControl
            aria-labelledby={dirLabelId}
            value={dir}
            onChange={(v) => reset(setDir)(v === 'desc' ? 'desc' : 'asc')}
            data={[
              { value: 'asc', label: t('schools.asc') },
              { value: 'desc', label: t('schools.desc') },
            ]}
          />
        </Input.Wrapper>
        <Checkbox
          label={t('schools.includeInactive')}
          checked={includeInactive}
          onChange={(e) => reset(setIncludeInactive)(e.currentTarget.checked)}
          mb={8}
        />
        <Button variant="default" onClick={clearFilters} disabled={!filtered}>
          {t('schools.clearFilters')}
        </Button>
      </Group>
      <QueryView query={list} isEmpty={(d) => d.items.length === 0} emptyText={t('common.none')}>
        {(data) => (
          <>
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {data.more
                  ? t('schools.moreThan', { count: data.total })
                  : t('common.total', { count: data.total })}
              </Text>
              <Group gap="md">
                <Anchor href={`/api/catalog/schools.csv${qs(params)}`} size="sm">
                  {t('schools.export')}
                </Anchor>
                <Anchor href={`/api/catalog/schools.xlsx${qs(params)}`} size="sm">
                  {t('schools.exportXlsx')}
                </Anchor>
              </Group>
            </Group>
            <ScrollTable label={t('schools.title')} minWidth={720}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>CCT</Table.Th>
                    <Table.Th>{t('schools.name')}</Table.Th>
                    <Table.Th>{t('schools.level')}</Table.Th>
                    <Table.Th>{t('schools.municipality')}</Table.Th>
                    <Table.Th>{t('schools.zone')}</Table.Th>
                    <Table.Th>{t('schools.marginalization')}</Table.Th>
                    <Table.Th>{t('schools.enrolment')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{s.cct}</Table.Td>
                      <Table.Td>
                        <UnitLink id={s.id} small>
                          {s.name}
                        </UnitLink>
                        {!s.active && <Text size="xs">{t('org.inactive')}</Text>}
                      </Table.Td>
                      <Table.Td>{s.level ? t(`schools.levels.${s.level}`) : '—'}</Table.Td>
                      <Table.Td>{s.municipality ?? '—'}</Table.Td>
                      <Table.Td>{s.zone?.code ?? '—'}</Table.Td>
                      <Table.Td>{s.marginalization ? t(`schools.marg.${s.marginalization}`) : '—'}</Table.Td>
                      <Table.Td>{s.enrolment ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            <Pager total={data.total} limit={LIMIT} page={page} onChange={setPage} />
          </>
        )}
      </QueryView>
    </Stack>
  );
}
