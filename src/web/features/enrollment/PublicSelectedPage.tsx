import { Anchor, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { PublicSelectedSchool } from '../../../contract/enrollment.ts';
import { get } from '../../api/client.ts';
import { PublicLayout } from '../../components/PublicLayout.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { useFmt } from '../../components/use-fmt.ts';

interface PublicCycle {
  id: number;
  label: string | null;
  schools: PublicSelectedSchool[];
}

/** The cycles with published rules (public, cached five minutes), each with its selected schools. */
async function loadPublicCycles(): Promise<PublicCycle[]> {
  const cycles = await get<{ id: number; schoolYear: string }[]>('/api/pec/public/cycles');
  return Promise.all(
    cycles.map(async (c) => ({
      id: c.id,
      label: c.schoolYear,
      schools: await get<PublicSelectedSchool[]>(`/api/pec/public/cycles/${c.id}/selected`),
    })),
  );
}

/** The published list of selected schools per state and cycle; no login, no personal data. */
export function PublicSelectedPage() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { ciclo?: string | number; estado?: string | number };
  const cycles = useQuery({
    queryKey: ['pec-public', 'cycles'],
    queryFn: loadPublicCycles,
    staleTime: 300_000,
  });
  const set = (patch: Record<string, unknown>) =>
    void navigate({ search: ((s: Record<string, unknown>) => ({ ...s, ...patch })) as never, replace: true });
  return (
    <PublicLayout title={t('enrollment.public.title')} size={960}>
      <Stack>
        <Text>{t('enrollment.public.intro')}</Text>
        {/* The programme's money, school by school: server-rendered public pages (features/year-end keys). */}
        <Text>
          <Anchor href="/transparencia/pec/recursos" fw={600}>
            {t('yearEnd.publicLink')}
          </Anchor>
        </Text>
        <QueryView query={cycles} isEmpty={(d) => d.length === 0} emptyText={t('enrollment.public.noCycles')}>
          {(list) => {
            const chosen =
              list.find((c) => String(c.id) === String(search.ciclo ?? '')) ??
              list.find((c) => c.schools.length > 0) ??
              list[0];
            if (!chosen) return null;
            const states = [
              ...new Map(chosen.schools.map((s) => [s.state.code, s.state.name])).entries(),
            ].sort((a, b) => a[0].localeCompare(b[0]));
            const stateCode = search.estado ? String(search.estado).padStart(2, '0') : '';
            const rows = stateCode
              ? chosen.schools.filter((s) => s.state.code === stateCode)
              : chosen.schools;
            const total = rows.reduce((n, s) => n + s.grantCap, 0);
            return (
              <Stack>
                <Group grow align="flex-end">
                  <NativeSelect
                    label={t('enrollment.cycle')}
                    data={list.map((c) => ({
                      value: String(c.id),
                      label: c.label
                        ? t('enrollment.cycleName', { year: c.label })
                        : t('enrollment.public.cycleN', { id: c.id }),
                    }))}
                    value={String(chosen.id)}
                    onChange={(e) => set({ ciclo: Number(e.currentTarget.value), estado: undefined })}
                  />
                  <NativeSelect
                    label={t('enrollment.public.state')}
                    data={[
                      { value: '', label: t('enrollment.public.allStates') },
                      ...states.map(([code, name]) => ({ value: code, label: `${code} · ${name}` })),
                    ]}
                    value={stateCode}
                    onChange={(e) => set({ estado: e.currentTarget.value || undefined })}
                  />
                </Group>
                {rows.length === 0 ? (
                  <Text role="status">{t('enrollment.public.empty')}</Text>
                ) : (
                  <>
                    <Text role="status">
                      {t('enrollment.public.count', { count: rows.length, total: fmt.pesos(total) })}
                    </Text>
                    <ScrollTable label={t('enrollment.public.table')} minWidth={640}>
                      <Table striped withTableBorder>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>{t('enrollment.cct')}</Table.Th>
                            <Table.Th>{t('enrollment.school')}</Table.Th>
                            <Table.Th>{t('enrollment.public.municipality')}</Table.Th>
                            <Table.Th>{t('enrollment.public.state')}</Table.Th>
                            <Table.Th>{t('enrollment.public.grant')}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {rows.map((s) => (
                            <Table.Tr key={s.cct}>
                              <Table.Td>{s.cct}</Table.Td>
                              <Table.Td>{s.name}</Table.Td>
                              <Table.Td>{s.municipality ?? '—'}</Table.Td>
                              <Table.Td>{s.state.name}</Table.Td>
                              <Table.Td>{fmt.pesos(s.grantCap)}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </ScrollTable>
                  </>
                )}
                <Text size="sm">{t('enrollment.public.legend')}</Text>
              </Stack>
            );
          }}
        </QueryView>
      </Stack>
    </PublicLayout>
  );
}
