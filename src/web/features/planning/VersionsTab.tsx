import { Group, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { PlanVersionInfo } from '../../../contract/planning.ts';
import { get } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { type Content, PK, type Plan, TagBadge } from './common.tsx';
import { diffContent, type T } from './diff.ts';

type Version = z.infer<typeof PlanVersionInfo>;

export function VersionsTab({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: [PK, plan.id, 'versions', plan.revision],
    queryFn: () => get<Version[]>(`/api/pec/plans/${plan.id}/versions`),
  });
  return <QueryView query={q}>{(versions) => <Versions plan={plan} versions={versions} t={t} />}</QueryView>;
}

function Versions({ plan, versions, t }: { plan: Plan; versions: Version[]; t: T }) {
  const f = useFmt();
  const [from, setFrom] = useState<string | null>(versions[1] ? String(versions[1].revision) : null);
  const [to, setTo] = useState<string | null>(versions[0] ? String(versions[0].revision) : null);
  const options = versions.map((v) => ({
    value: String(v.revision),
    label: t('planning.versions.option', {
      revision: v.revision,
      who: v.changedBy?.name ?? '—',
      at: f.time(v.changedAt),
    }),
  }));
  return (
    <Stack>
      <Section title={t('planning.versions.title')}>
        <ScrollTable label={t('planning.versions.title')} minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('planning.versions.revision')}</Table.Th>
                <Table.Th>{t('planning.versions.who')}</Table.Th>
                <Table.Th>{t('planning.versions.when')}</Table.Th>
                <Table.Th>{t('planning.versions.touched')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map((v) => (
                <Table.Tr key={v.revision}>
                  <Table.Td>{t('planning.versions.revisionN', { revision: v.revision })}</Table.Td>
                  <Table.Td>{v.changedBy?.name ?? '—'}</Table.Td>
                  <Table.Td>{f.time(v.changedAt)}</Table.Td>
                  <Table.Td>
                    {t('planning.versions.touchedCount', { count: v.touched.length })}
                    {v.amendmentReason && (
                      <Text size="sm">
                        {t('planning.versions.amendment')}: {v.amendmentReason}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Section>
      <Section title={t('planning.versions.compare')}>
        <Group>
          <Select
            label={t('planning.versions.from')}
            data={options}
            value={from}
            onChange={setFrom}
            allowDeselect={false}
          />
          <Select
            label={t('planning.versions.to')}
            data={options}
            value={to}
            onChange={setTo}
            allowDeselect={false}
          />
        </Group>
        {from && to && <Compare plan={plan} from={Number(from)} to={Number(to)} t={t} />}
      </Section>
    </Stack>
  );
}

function Compare({ plan, from, to, t }: { plan: Plan; from: number; to: number; t: T }) {
  const version = (r: number) => ({
    queryKey: [PK, plan.id, 'version', r],
    queryFn: () => get<Content>(`/api/pec/plans/${plan.id}/versions/${r}`),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const a = useQuery(version(from));
  const b = useQuery(version(to));
  if (a.error || b.error) return <ErrorAlert error={a.error ?? b.error} />;
  if (!a.data || !b.data) return <Loading />;
  const rows = diffContent(a.data, b.data, plan, t);
  if (!rows.length) return <Text mt="sm">{t('planning.versions.same')}</Text>;
  return (
    <ScrollTable label={t('planning.versions.changes')} minWidth={720}>
      <Table mt="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('planning.versions.part')}</Table.Th>
            <Table.Th>{t('planning.versions.before', { revision: from })}</Table.Th>
            <Table.Th>{t('planning.versions.after', { revision: to })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm">{r.part}</Text>
                  <TagBadge>{t(`planning.versions.kind.${r.kind}`)}</TagBadge>
                </Stack>
              </Table.Td>
              <Table.Td>{r.before}</Table.Td>
              <Table.Td>{r.after}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
