import { Button, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AllocationView } from '../../../contract/finance.ts';
import { get } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CONTRAST_VARS, GREEN } from '../../components/contrast.ts';
import { CycleSelect, useCycles } from '../../components/cycles.tsx';
import { useMoneyPost } from '../../components/money-post.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { TagBadge } from '../../components/TagBadge.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { FK, moneyRoutes, SortTh, useCycleName, useRefresh, useSorted } from './common.tsx';

type Row = AllocationView['states'][number];
type Col = 'state' | 'basis' | 'share' | 'amount' | 'required' | 'contributed' | 'due';

const value = (r: Row, k: Col): string | number => {
  switch (k) {
    case 'state':
      return r.state.name;
    case 'basis':
      return r.basisValue;
    case 'share':
      return r.shareBp;
    case 'amount':
      return r.amount;
    case 'required':
      return r.requiredStateContribution;
    case 'contributed':
      return r.contributed;
    case 'due':
      return r.due;
  }
};

/** The national coordination's view of the cycle's federal money: the formula, each state's share, what each owes. */
export function AllocationPage() {
  const { t } = useTranslation();
  const { cycleId } = useParams({ strict: false }) as { cycleId: string };
  const id = Number(cycleId);
  const navigate = useNavigate();
  const cycles = useCycles(FK);
  const year = useCycleName(id);
  const q = useQuery({
    queryKey: [FK, 'allocation', id],
    queryFn: () => get<AllocationView>(`/api/pec/cycles/${id}/allocation`),
  });
  return (
    <Stack style={CONTRAST_VARS}>
      <div>
        <Title order={1}>{t('finance.allocation.title')}</Title>
        {year && <Text>{t('finance.cycleName', { year })}</Text>}
      </div>
      <Text>{t('finance.allocation.intro')}</Text>
      <Group align="flex-end" wrap="wrap">
        {cycles.data && (
          <CycleSelect
            cycles={cycles.data}
            value={id}
            onChange={(next) =>
              void navigate({ to: moneyRoutes.allocation, params: { cycleId: String(next) } })
            }
          />
        )}
        <AppLink to="/pec" search={{ ciclo: id }}>
          {t('finance.backHome')}
        </AppLink>
      </Group>
      <QueryView query={q}>{(view) => <AllocationBody view={view} />}</QueryView>
    </Stack>
  );
}

function AllocationBody({ view }: { view: AllocationView }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const allocate = useMoneyPost();
  const [confirm, setConfirm] = useState(false);
  const { sorted, sort, toggle } = useSorted<Row, Col>(view.states, value, { key: 'state', dir: 'asc' });
  const basis = t(`finance.basis.${view.basis}`);
  const totalBasis = view.states.reduce((n, s) => n + s.basisValue, 0);
  const sum = (f: (r: Row) => number) => view.states.reduce((n, s) => n + f(s), 0);
  const ratio = fmt.num(view.federalPerStatePeso);
  return (
    <Stack>
      <Paper withBorder p="md" role="status">
        {view.allocated ? (
          <Group gap="xs" wrap="wrap">
            <TagBadge color={GREEN}>{t('finance.allocation.allocated')}</TagBadge>
            <Text>
              {t('finance.allocation.allocatedOn', {
                date: fmt.time(view.allocatedAt),
                by: view.allocatedBy?.name ?? '—',
              })}
            </Text>
          </Group>
        ) : (
          <Stack gap="xs">
            <Text fw={600}>{t('finance.allocation.preview')}</Text>
            {view.can.allocate && (
              <Group>
                <Button onClick={() => setConfirm(true)} disabled={view.states.length === 0}>
                  {t('finance.allocation.allocate')}
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Paper>

      <Section title={t('finance.allocation.how')}>
        <List type="ordered" spacing={4}>
          <List.Item>{t('finance.allocation.step1', { budget: fmt.pesos(view.budget) })}</List.Item>
          <List.Item>{t('finance.allocation.step2', { basis, total: fmt.num(totalBasis) })}</List.Item>
          <List.Item>{t('finance.allocation.step3')}</List.Item>
          <List.Item>{t('finance.allocation.step4')}</List.Item>
          <List.Item>{t('finance.allocation.step5', { ratio })}</List.Item>
        </List>
      </Section>

      <Section title={t('finance.allocation.byState')}>
        {view.states.length === 0 ? (
          <Text>{t('finance.allocation.empty', { basis })}</Text>
        ) : (
          <ScrollTable label={t('finance.allocation.byState')} minWidth={980}>
            <Table striped withTableBorder captionSide="top">
              <Table.Caption>
                {t('finance.allocation.caption', { count: view.states.length, total: fmt.pesos(view.total) })}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <SortTh column="state" sort={sort} onSort={toggle}>
                    {t('finance.allocation.state')}
                  </SortTh>
                  <SortTh column="basis" sort={sort} onSort={toggle}>
                    {t('finance.allocation.basisValue', { basis })}
                  </SortTh>
                  <SortTh column="share" sort={sort} onSort={toggle}>
                    {t('finance.allocation.share')}
                  </SortTh>
                  <SortTh column="amount" sort={sort} onSort={toggle}>
                    {t('finance.allocation.amount')}
                  </SortTh>
                  <SortTh column="required" sort={sort} onSort={toggle}>
                    {t('finance.allocation.required')}
                  </SortTh>
                  <SortTh column="contributed" sort={sort} onSort={toggle}>
                    {t('finance.allocation.contributed')}
                  </SortTh>
                  <SortTh column="due" sort={sort} onSort={toggle}>
                    {t('finance.allocation.due')}
                  </SortTh>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((r) => (
                  <Table.Tr key={r.state.id}>
                    <Table.Td>
                      <AppLink
                        to={moneyRoutes.state}
                        params={{ cycleId: String(view.cycleId), stateId: String(r.state.id) }}
                      >
                        {r.state.name}
                      </AppLink>
                    </Table.Td>
                    <Table.Td>{fmt.num(r.basisValue)}</Table.Td>
                    <Table.Td>{fmt.pctFixed(r.shareBp)}</Table.Td>
                    <Table.Td>{fmt.pesos(r.amount)}</Table.Td>
                    <Table.Td>{fmt.pesos(r.requiredStateContribution)}</Table.Td>
                    <Table.Td>{fmt.pesos(r.contributed)}</Table.Td>
                    <Table.Td>{r.due > 0 ? fmt.pesos(r.due) : t('finance.allocation.covered')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th scope="row">{t('finance.total')}</Table.Th>
                  <Table.Td>{fmt.num(totalBasis)}</Table.Td>
                  <Table.Td>{fmt.pctFixed(sum((s) => s.shareBp))}</Table.Td>
                  <Table.Td>{fmt.pesos(view.total)}</Table.Td>
                  <Table.Td>{fmt.pesos(sum((s) => s.requiredStateContribution))}</Table.Td>
                  <Table.Td>{fmt.pesos(sum((s) => s.contributed))}</Table.Td>
                  <Table.Td>{fmt.pesos(sum((s) => s.due))}</Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </ScrollTable>
        )}
      </Section>

      <ConfirmDialog
        opened={confirm}
        title={t('finance.allocation.confirmTitle')}
        confirmLabel={t('finance.allocation.allocate')}
        busy={allocate.busy}
        onCancel={() => {
          allocate.setError(null);
          setConfirm(false);
        }}
        onConfirm={() =>
          void allocate
            .send(`/api/pec/cycles/${view.cycleId}/allocation`, undefined, 'allocate')
            .then((r) => {
              if (r === null) return;
              setConfirm(false);
              void refresh();
            })
        }
      >
        <Text>
          {t('finance.allocation.confirm', {
            budget: fmt.pesos(view.budget),
            count: view.states.length,
            basis,
          })}
        </Text>
        <Text size="sm">{t('finance.allocation.confirmFinal')}</Text>
        <ProblemAlert error={allocate.error} />
      </ConfirmDialog>
    </Stack>
  );
}
