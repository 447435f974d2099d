import { Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContributionInfo, StateFundsView, TransferResult } from '../../../contract/finance.ts';
import { get, qs } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { CONTRAST_VARS } from '../../components/contrast.ts';
import { FormCard, FormFoot } from '../../components/FormCard.tsx';
import { todayMx } from '../../components/format.ts';
import { useMoneyPost } from '../../components/money-post.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { parsePesos } from './amounts.ts';
import { FK, moneyRoutes, SortTh, useCycleName, useRefresh, useSorted } from './common.tsx';
import { ContributionsTable } from './contributions.tsx';
import { type PlannedTransfer, ReleaseButton, ReleaseResult, TransferState } from './transfers.tsx';

type SchoolRow = StateFundsView['schools'][number];
type Col = 'cct' | 'name' | 'grant' | 'match' | 'pending';

const value = (r: SchoolRow, k: Col): string | number | null => {
  switch (k) {
    case 'cct':
      return r.school.code;
    case 'name':
      return r.school.name;
    case 'grant':
      return r.initialAmount;
    case 'match':
      return r.match.amount;
    case 'pending':
      return r.pendingContributions;
  }
};

/** A state coordination's trust fund: what came in, the schools' contributions to validate, the transfers to release. */
export function StateFundsPage() {
  const { t } = useTranslation();
  const { cycleId, stateId } = useParams({ strict: false }) as { cycleId: string; stateId: string };
  const cycle = Number(cycleId);
  const year = useCycleName(cycle);
  const funds = useQuery({
    queryKey: [FK, 'funds', cycle, Number(stateId)],
    queryFn: () => get<StateFundsView>(`/api/pec/cycles/${cycle}/states/${stateId}/funds`),
  });
  return (
    <Stack style={CONTRAST_VARS}>
      <div>
        <Title order={1}>
          {funds.data
            ? t('finance.state.titleFor', { state: funds.data.state.name })
            : t('finance.state.title')}
        </Title>
        {year && <Text>{t('finance.cycleName', { year })}</Text>}
      </div>
      <Text>{t('finance.state.intro')}</Text>
      <Group gap="lg" wrap="wrap">
        <AppLink to={moneyRoutes.allocation} params={{ cycleId: String(cycle) }}>
          {t('finance.allocation.nav')}
        </AppLink>
        <AppLink to="/pec" search={{ ciclo: cycle }}>
          {t('finance.backHome')}
        </AppLink>
      </Group>
      <QueryView query={funds}>{(view) => <FundsBody view={view} />}</QueryView>
    </Stack>
  );
}

function FundsBody({ view }: { view: StateFundsView }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [result, setResult] = useState<TransferResult | null>(null);
  const pending = useQuery({
    queryKey: [FK, 'contributions', view.cycleId, view.state.id, 'registered'],
    queryFn: () =>
      get<ContributionInfo[]>(
        `/api/pec/cycles/${view.cycleId}/contributions${qs({ unitId: view.state.id, status: 'registered' })}`,
      ),
  });
  const a = view.allocation;
  const initialWaiting: PlannedTransfer[] = view.schools
    .filter((s) => !s.initial && s.initialAmount > 0)
    .map((s) => ({ school: s.school, amount: s.initialAmount }));
  const matchWaiting: PlannedTransfer[] = view.schools
    .filter((s) => !s.matchTransfer && s.match.amount > 0)
    .map((s) => ({ school: s.school, amount: s.match.amount, explanation: s.match.explanation }));
  const releaseUrl = `/api/pec/cycles/${view.cycleId}/states/${view.state.id}/transfers`;
  return (
    <Stack gap="lg">
      <Section title={t('finance.state.summary')}>
        {!a && (
          <Text mb="sm" role="status">
            {t('finance.state.notAllocated')}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Figure label={t('finance.state.federal')} value={fmt.pesos(a?.amount)} />
          <Figure
            label={t('finance.state.required')}
            value={fmt.pesos(a?.requiredStateContribution)}
            note={t('finance.state.pledged', { amount: fmt.pesos(view.pledged) })}
          />
          <Figure
            label={t('finance.state.contributed')}
            value={fmt.pesos(a?.contributed ?? view.contributions.reduce((n, c) => n + c.amount, 0))}
            note={
              a
                ? a.due > 0
                  ? t('finance.state.due', { amount: fmt.pesos(a.due) })
                  : t('finance.state.covered')
                : undefined
            }
          />
          <Figure label={t('finance.state.trustBalance')} value={fmt.pesos(view.trustBalance)} strong />
          <Figure label={t('finance.state.transferredInitial')} value={fmt.pesos(view.transferred.initial)} />
          <Figure label={t('finance.state.transferredMatch')} value={fmt.pesos(view.transferred.match)} />
        </SimpleGrid>
        <Text size="sm" mt="xs">
          {t('finance.state.deadlines', {
            initial: fmt.day(view.deadlines.initial_transfer),
            match: fmt.day(view.deadlines.match_transfer),
          })}
        </Text>
      </Section>

      <Section title={t('finance.state.contributions')}>
        <Stack>
          {view.contributions.length === 0 ? (
            <Text>{t('finance.state.noContributions')}</Text>
          ) : (
            <ScrollTable label={t('finance.state.contributions')} minWidth={720}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('finance.state.recordedAt')}</Table.Th>
                    <Table.Th>{t('finance.amount')}</Table.Th>
                    <Table.Th>{t('finance.state.reference')}</Table.Th>
                    <Table.Th>{t('finance.state.recordedBy')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {view.contributions.map((c) => (
                    <Table.Tr key={c.entryId}>
                      <Table.Td>{fmt.time(c.at)}</Table.Td>
                      <Table.Td>{fmt.pesos(c.amount)}</Table.Td>
                      <Table.Td>{c.memo}</Table.Td>
                      <Table.Td>{c.by?.name ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
          {view.can.decide && a && <StateContributionForm view={view} />}
        </Stack>
      </Section>

      <Section title={t('finance.state.toValidate')}>
        <QueryView
          query={pending}
          isEmpty={(d) => d.length === 0}
          emptyText={t('finance.state.nothingToValidate')}
        >
          {(list) => (
            <ContributionsTable
              items={list}
              cycleId={view.cycleId}
              showSchool
              canReview={view.can.decide}
              canUpload={false}
              label={t('finance.state.toValidateTable', { count: list.length })}
            />
          )}
        </QueryView>
      </Section>

      <Section title={t('finance.state.release')}>
        <Stack>
          <Text>{t('finance.state.releaseHelp')}</Text>
          {view.can.decide && (
            <Group>
              <ReleaseButton
                url={releaseUrl}
                kind="initial"
                planned={initialWaiting}
                trustBalance={view.trustBalance}
                label={t('finance.transfers.releaseInitial', { count: initialWaiting.length })}
                onDone={setResult}
              />
              <ReleaseButton
                url={releaseUrl}
                kind="match"
                planned={matchWaiting}
                trustBalance={view.trustBalance}
                label={t('finance.transfers.releaseMatch', { count: matchWaiting.length })}
                onDone={setResult}
              />
            </Group>
          )}
          {view.can.decide && initialWaiting.length === 0 && matchWaiting.length === 0 && (
            <Text size="sm">{t('finance.transfers.noneWaiting')}</Text>
          )}
          {result && <ReleaseResult result={result} />}
        </Stack>
      </Section>

      <Section title={t('finance.state.schools')}>
        {view.schools.length === 0 ? (
          <Text>{t('finance.state.noSchools')}</Text>
        ) : (
          <SchoolsTable view={view} />
        )}
      </Section>
    </Stack>
  );
}

function Figure({
  label,
  value,
  note,
  strong = false,
}: {
  label: string;
  value: string;
  note?: string;
  strong?: boolean;
}) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm">{label}</Text>
      <Text fw={700} size={strong ? 'xl' : 'lg'}>
        {value}
      </Text>
      {note && <Text size="sm">{note}</Text>}
    </Paper>
  );
}

function SchoolsTable({ view }: { view: StateFundsView }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { sorted, sort, toggle } = useSorted<SchoolRow, Col>(view.schools, value, { key: 'cct', dir: 'asc' });
  return (
    <ScrollTable label={t('finance.state.schools')} minWidth={1100}>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>{t('finance.state.schoolsCaption', { count: view.schools.length })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <SortTh column="cct" sort={sort} onSort={toggle}>
              {t('finance.cct')}
            </SortTh>
            <SortTh column="name" sort={sort} onSort={toggle}>
              {t('finance.schoolCol')}
            </SortTh>
            <SortTh column="grant" sort={sort} onSort={toggle}>
              {t('finance.state.initial')}
            </SortTh>
            <SortTh column="match" sort={sort} onSort={toggle}>
              {t('finance.state.match')}
            </SortTh>
            <SortTh column="pending" sort={sort} onSort={toggle}>
              {t('finance.state.pendingContributions')}
            </SortTh>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((s) => (
            <Table.Tr key={s.school.id}>
              <Table.Td>
                <AppLink
                  to={moneyRoutes.school}
                  params={{ cycleId: String(view.cycleId), schoolId: String(s.school.id) }}
                  label={t('finance.state.schoolMoneyOf', { cct: s.school.code })}
                >
                  {s.school.code}
                </AppLink>
              </Table.Td>
              <Table.Td>{s.school.name}</Table.Td>
              <Table.Td>
                <Text size="sm">{fmt.pesos(s.initial?.amount ?? s.initialAmount)}</Text>
                <TransferState transfer={s.initial} />
              </Table.Td>
              <Table.Td style={{ minWidth: 280 }}>
                <Text size="sm" fw={600}>
                  {fmt.pesos(s.match.amount)}
                </Text>
                <Text size="sm">{s.match.explanation}</Text>
                <TransferState transfer={s.matchTransfer} due={s.match.amount} />
              </Table.Td>
              <Table.Td>{s.pendingContributions}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** The state records money it put in its trust fund (a deposit with its reference). */
function StateContributionForm({ view }: { view: StateFundsView }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const qc = useQueryClient();
  const refresh = useRefresh();
  const action = useMoneyPost();
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState(todayMx());
  const [reference, setReference] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = () => {
    setDone(null);
    const centavos = parsePesos(amount);
    if (!centavos) {
      setAmountError(t('finance.amountInvalid'));
      return;
    }
    const body = { amount: centavos, receivedOn, reference: reference.trim() };
    void action
      .send<StateFundsView>(`/api/pec/cycles/${view.cycleId}/states/${view.state.id}/contributions`, body)
      .then((next) => {
        if (next === null) return;
        qc.setQueryData([FK, 'funds', view.cycleId, view.state.id], next);
        setDone(t('finance.state.recorded', { amount: fmt.pesos(centavos) }));
        setAmount('');
        setReference('');
        void refresh();
      });
  };
  return (
    <FormCard onSubmit={submit}>
      <Stack style={CONTRAST_VARS}>
        <Title order={3} size="h5">
          {t('finance.state.formTitle')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('finance.state.amountLabel')}
            description={t('finance.amountHelp')}
            inputMode="decimal"
            required
            value={amount}
            error={amountError}
            onChange={(e) => {
              setAmount(e.currentTarget.value);
              setAmountError(null);
            }}
          />
          <TextInput
            type="date"
            label={t('finance.state.receivedOn')}
            required
            value={receivedOn}
            onChange={(e) => setReceivedOn(e.currentTarget.value)}
          />
          <TextInput
            label={t('finance.state.reference')}
            description={t('finance.state.referenceHelp')}
            required
            maxLength={300}
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
          />
        </SimpleGrid>
        <FormFoot
          error={action.error}
          done={done}
          busy={action.busy}
          submitLabel={t('finance.state.record')}
        />
      </Stack>
    </FormCard>
  );
}
