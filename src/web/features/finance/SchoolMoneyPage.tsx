import { Alert, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchoolMoneyView, TransferResult } from '../../../contract/finance.ts';
import { get } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { CONTRAST_VARS, GREEN, RED } from '../../components/contrast.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { Section } from '../../components/Section.tsx';
import { TagBadge } from '../../components/TagBadge.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { FK, moneyRoutes, useCycleName } from './common.tsx';
import { ContributionsTable, RecordContributionForm } from './contributions.tsx';
import { ExpensesSection } from './expenses.tsx';
import { type PlannedTransfer, ReleaseButton, ReleaseResult, TransfersTable } from './transfers.tsx';

/** A school's money in the cycle: what it raised and its match, what it received, what it has, what it spent. */
export function SchoolMoneyPage() {
  const { t } = useTranslation();
  const { cycleId, schoolId } = useParams({ strict: false }) as { cycleId: string; schoolId: string };
  const cycle = Number(cycleId);
  const year = useCycleName(cycle);
  const money = useQuery({
    queryKey: [FK, 'school', cycle, Number(schoolId)],
    queryFn: () => get<SchoolMoneyView>(`/api/pec/cycles/${cycle}/schools/${schoolId}/money`),
  });
  const m = money.data;
  return (
    <Stack style={CONTRAST_VARS}>
      <div>
        <Title order={1}>
          {m ? t('finance.school.titleFor', { name: m.school.name }) : t('finance.school.title')}
        </Title>
        <Text>
          {[m ? `${m.school.code} · ${m.state.name}` : null, year ? t('finance.cycleName', { year }) : null]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </div>
      <Text>{t('finance.school.intro')}</Text>
      <Group gap="lg" wrap="wrap">
        {m?.can.review && (
          <AppLink to={moneyRoutes.state} params={{ cycleId: String(cycle), stateId: String(m.state.id) }}>
            {t('finance.state.navFor', { state: m.state.name })}
          </AppLink>
        )}
        <AppLink to="/pec" search={{ ciclo: cycle }}>
          {t('finance.backHome')}
        </AppLink>
      </Group>
      <QueryView query={money}>{(view) => <SchoolBody view={view} />}</QueryView>
    </Stack>
  );
}

function SchoolBody({ view }: { view: SchoolMoneyView }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [result, setResult] = useState<TransferResult | null>(null);
  const reg = view.registration;
  const received = view.transfers.reduce((n, tr) => n + tr.amount, 0);
  const initial = view.transfers.find((tr) => tr.kind === 'initial') ?? null;
  const matchTransfer = view.transfers.find((tr) => tr.kind === 'match') ?? null;
  const cashIn = view.contributions
    .filter((c) => c.status === 'approved' && c.kind === 'cash')
    .reduce((n, c) => n + c.amount, 0);
  const url = `/api/pec/cycles/${view.cycleId}/schools/${view.school.id}/transfers`;
  // A closed year takes no more money in or out: the forms that would move it are not offered.
  const closed = view.closedAt !== null;
  const initialPlanned: PlannedTransfer[] =
    !initial && (reg?.grantCap ?? 0) > 0 ? [{ school: view.school, amount: reg?.grantCap ?? 0 }] : [];
  const matchPlanned: PlannedTransfer[] =
    !matchTransfer && view.match.amount > 0
      ? [{ school: view.school, amount: view.match.amount, explanation: view.match.explanation }]
      : [];
  return (
    <Stack gap="lg">
      {closed && <ClosedNotice view={view} />}
      <Section title={t('finance.school.summary')}>
        <Stack gap="sm">
          <Group gap="xs" wrap="wrap">
            {reg?.selection === 'selected' ? (
              <TagBadge color={GREEN}>{t('finance.school.selected')}</TagBadge>
            ) : (
              <TagBadge color={RED}>
                {reg ? t('finance.school.notSelected') : t('finance.school.notRegistered')}
              </TagBadge>
            )}
            {reg?.grantCap !== null && reg?.grantCap !== undefined && (
              <Text>{t('finance.school.grantCap', { amount: fmt.pesos(reg.grantCap) })}</Text>
            )}
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Paper withBorder p="sm">
              <Text size="sm">{t('finance.school.balance')}</Text>
              <Text fw={700} size="xl" data-testid="school-balance">
                {fmt.pesos(view.balance)}
              </Text>
              <Text size="sm">{t('finance.school.balanceHelp')}</Text>
            </Paper>
            <Paper withBorder p="sm">
              <Text size="sm">{t('finance.school.received')}</Text>
              <Text fw={700} size="lg">
                {fmt.pesos(received)}
              </Text>
              <Text size="sm">{t('finance.school.transfersCount', { count: view.transfers.length })}</Text>
            </Paper>
            <Paper withBorder p="sm">
              <Text size="sm">{t('finance.school.raised')}</Text>
              <Text fw={700} size="lg">
                {fmt.pesos(cashIn)}
              </Text>
              <Text size="sm">{t('finance.school.raisedHelp')}</Text>
            </Paper>
          </SimpleGrid>
          <Text size="sm">
            {t('finance.school.deadlines', {
              initial: fmt.day(view.deadlines.initial_transfer),
              match: fmt.day(view.deadlines.match_transfer),
            })}
          </Text>
        </Stack>
      </Section>

      <Section title={t('finance.contributions.title')}>
        <Stack>
          <Text>{t('finance.contributions.intro')}</Text>
          {view.contributions.length === 0 ? (
            <Text>{t('finance.contributions.empty')}</Text>
          ) : (
            <ContributionsTable
              items={view.contributions}
              cycleId={view.cycleId}
              canReview={view.can.review && !closed}
              canUpload={view.can.record && !closed}
              label={t('finance.contributions.table', { count: view.contributions.length })}
            />
          )}
          {view.can.record && !closed && (
            <RecordContributionForm cycleId={view.cycleId} schoolId={view.school.id} />
          )}
        </Stack>
      </Section>

      <MatchSection match={view.match} transferred={matchTransfer?.amount ?? null} />

      <Section title={t('finance.transfers.title')}>
        <Stack>
          {view.transfers.length === 0 ? (
            <Text>{t('finance.transfers.none')}</Text>
          ) : (
            <TransfersTable items={view.transfers} label={t('finance.transfers.title')} />
          )}
          {view.can.release && !closed && (
            <Group>
              <ReleaseButton
                url={url}
                kind="initial"
                planned={initialPlanned}
                trustBalance={null}
                label={t('finance.transfers.releaseInitialOne')}
                onDone={setResult}
              />
              <ReleaseButton
                url={url}
                kind="match"
                planned={matchPlanned}
                trustBalance={null}
                label={t('finance.transfers.releaseMatchOne')}
                onDone={setResult}
              />
            </Group>
          )}
          {result && <ReleaseResult result={result} />}
        </Stack>
      </Section>

      <ExpensesSection plan={view.plan} balance={view.balance} />
    </Stack>
  );
}

/** The gray alert's title in a dark grey that keeps AA contrast on its tint. */
const CLOSED_STYLES = { title: { color: '#212529' } } as const;

/** The year is closed: said plainly, with the way to the school's accountability report. */
function ClosedNotice({ view }: { view: SchoolMoneyView }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <Alert color="gray" role="status" title={t('finance.school.closedTitle')} styles={CLOSED_STYLES}>
      <Stack gap="xs">
        <Text size="sm">{t('finance.school.closedText', { date: fmt.dateOf(view.closedAt) })}</Text>
        <AppLink
          to={moneyRoutes.accountability}
          params={{ cycleId: String(view.cycleId), schoolId: String(view.school.id) }}
        >
          {t('finance.school.accountability')}
        </AppLink>
      </Stack>
    </Alert>
  );
}

/** The match, step by step in plain words, then the server's own sentence. */
function MatchSection({
  match: m,
  transferred,
}: {
  match: SchoolMoneyView['match'];
  transferred: number | null;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const inKindTotal = m.inKind;
  return (
    <Section title={t('finance.match.title')}>
      <Stack gap="xs">
        <Text>{t('finance.match.intro')}</Text>
        <List spacing={4}>
          <List.Item>{t('finance.match.cash', { amount: fmt.pesos(m.cash) })}</List.Item>
          {inKindTotal > 0 && (
            <List.Item>
              {m.notCounted > 0
                ? t('finance.match.inKindOut', { amount: fmt.pesos(inKindTotal) })
                : t('finance.match.inKindIn', { amount: fmt.pesos(inKindTotal) })}
            </List.Item>
          )}
          <List.Item>{t('finance.match.counted', { amount: fmt.pesos(m.counted) })}</List.Item>
          <List.Item>
            {t('finance.match.perPeso', { perPeso: fmt.pesos(m.perPeso), uncapped: fmt.pesos(m.uncapped) })}
          </List.Item>
          <List.Item>
            {m.capped
              ? t('finance.match.capped', { cap: fmt.pesos(m.cap) })
              : t('finance.match.underCap', { cap: fmt.pesos(m.cap) })}
          </List.Item>
          {m.pending > 0 && (
            <List.Item>{t('finance.match.pending', { amount: fmt.pesos(m.pending) })}</List.Item>
          )}
        </List>
        <Paper withBorder p="sm">
          <Text fw={700}>{t('finance.match.result', { amount: fmt.pesos(m.amount) })}</Text>
          <Text size="sm">{m.explanation}</Text>
          {transferred !== null && m.amount > transferred && (
            <Text size="sm" mt={4}>
              {t('finance.match.topUp', {
                transferred: fmt.pesos(transferred),
                difference: fmt.pesos(m.amount - transferred),
              })}
            </Text>
          )}
        </Paper>
      </Stack>
    </Section>
  );
}
