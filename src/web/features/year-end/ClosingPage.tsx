import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClosingReport, ClosingTotals, ReturnInfo } from '../../../contract/finance.ts';
import { get } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { useAction } from '../../components/use-action.ts';
import {
  ALERT_OK_STYLES,
  AMBER,
  AppLink,
  BLUE,
  CONTRAST_VARS,
  Figure,
  GREEN,
  LINK_COLOR,
  ProblemAlert,
  parsePesos,
  postMoney,
  ReturnBadge,
  Section,
  TagBadge,
  useFmt,
  useIntentKey,
  useRefresh,
  YK,
  yearEndRoutes,
} from './common.tsx';
import { PayReturnForm } from './returns.tsx';

type Row = ClosingReport['rows'][number];

/**
 * The closing report (cierre del ejercicio) of a state, school by school, or of the nation, state by
 * state: every figure from the ledger, who is closed, what each school must return and whether it
 * did; the state coordination closes schools or the whole state, records returns, and once closed
 * what its trust fund gives back to the Federation, and the interest it earned.
 */
export function ClosingPage() {
  const { t } = useTranslation();
  const { cycleId, unitId } = useParams({ strict: false }) as { cycleId: string; unitId: string };
  const cycle = Number(cycleId);
  const unit = Number(unitId);
  const report = useQuery({
    queryKey: [YK, 'closing', cycle, unit],
    queryFn: () => get<ClosingReport>(`/api/pec/cycles/${cycle}/closing?unitId=${unit}`),
  });
  const r = report.data;
  return (
    <Stack style={CONTRAST_VARS}>
      <div>
        <Title order={1}>
          {r
            ? r.unit.kind === 'nation'
              ? t('yearEnd.closing.titleNation')
              : t('yearEnd.closing.titleFor', { state: r.unit.name })
            : t('yearEnd.closing.title')}
        </Title>
        {r && <Text>{t('yearEnd.cycleName', { year: r.schoolYear })}</Text>}
      </div>
      <Text>{r?.unit.kind === 'nation' ? t('yearEnd.closing.introNation') : t('yearEnd.closing.intro')}</Text>
      <Group gap="lg" wrap="wrap">
        {r?.unit.kind === 'state' && (
          <AppLink
            to="/pec/recursos/$cycleId/estados/$stateId"
            params={{ cycleId: String(cycle), stateId: String(r.unit.id) }}
          >
            {t('yearEnd.closing.trustFund', { state: r.unit.name })}
          </AppLink>
        )}
        <Anchor
          renderRoot={(props) => <Link {...props} to="/pec" search={{ ciclo: cycle } as never} />}
          style={{ color: LINK_COLOR }}
        >
          {t('yearEnd.backHome')}
        </Anchor>
        <Anchor
          href={
            r?.unit.kind === 'state'
              ? `/transparencia/pec/recursos/${r.unit.code}`
              : '/transparencia/pec/recursos'
          }
          style={{ color: LINK_COLOR }}
        >
          {t('yearEnd.publicPage')}
        </Anchor>
      </Group>
      <QueryView query={report}>{(data) => <ClosingBody report={data} />}</QueryView>
    </Stack>
  );
}

function ClosingBody({ report }: { report: ClosingReport }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [done, setDone] = useState<string | null>(null);
  const isState = report.unit.kind === 'state';
  const canDecide = isState && (report.can.close || report.can.recordFederalReturn);
  return (
    <Stack gap="lg">
      {isState && (
        <Paper withBorder p="md" component="section" aria-label={t('yearEnd.closing.statusLabel')}>
          <Stack gap="xs">
            {report.closed ? (
              <Group gap="xs">
                <TagBadge color={GREEN}>{t('yearEnd.closing.closed')}</TagBadge>
                <Text>
                  {t('yearEnd.closing.closedOn', {
                    state: report.unit.name,
                    date: fmt.dateOf(report.closed.at),
                    by: report.closed.by?.name ?? '—',
                  })}
                </Text>
              </Group>
            ) : (
              <Group gap="xs">
                <TagBadge color={BLUE}>{t('yearEnd.closing.open')}</TagBadge>
                <Text>
                  {t('yearEnd.closing.openText', {
                    closed: report.rows.filter((x) => x.closedAt).length,
                    total: report.rows.length,
                  })}
                </Text>
              </Group>
            )}
            {report.returnsDueOn && (
              <Text>{t('yearEnd.closing.returnsDueOn', { date: fmt.day(report.returnsDueOn) })}</Text>
            )}
            {report.can.close && <CloseStateButton report={report} onDone={setDone} />}
          </Stack>
        </Paper>
      )}
      {done && (
        <Alert color="green" role="status" title={t('yearEnd.closing.doneTitle')} styles={ALERT_OK_STYLES}>
          {done}
        </Alert>
      )}

      <Section title={t('yearEnd.closing.totals')}>
        <TotalsCards totals={report.totals} kind={report.unit.kind} />
      </Section>

      <Section title={t('yearEnd.closing.byCategory')}>
        <CategoryTable
          totals={report.totals}
          label={t('yearEnd.closing.byCategoryOf', { unit: report.unit.name })}
        />
      </Section>

      <Section title={isState ? t('yearEnd.closing.schools') : t('yearEnd.closing.states')}>
        {report.rows.length === 0 ? (
          <Text>{isState ? t('yearEnd.closing.noSchools') : t('yearEnd.closing.noStates')}</Text>
        ) : isState ? (
          <SchoolRows report={report} onDone={setDone} />
        ) : (
          <StateRows report={report} />
        )}
      </Section>

      {isState && <ReturnsSection report={report} canDecide={canDecide} />}

      {canDecide && <TrustMovements report={report} />}
    </Stack>
  );
}

function TotalsCards({ totals, kind }: { totals: ClosingTotals; kind: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const pendingReturn = totals.returnsDue - totals.returned;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
      <Figure label={t('yearEnd.totals.allocated')} value={fmt.pesos(totals.allocated)} />
      <Figure
        label={t('yearEnd.totals.stateContributed')}
        value={fmt.pesos(totals.stateContributed)}
        note={
          totals.interest > 0
            ? t('yearEnd.totals.interest', { amount: fmt.pesos(totals.interest) })
            : undefined
        }
      />
      <Figure
        label={t('yearEnd.totals.transferred')}
        value={fmt.pesos(totals.transferred.initial + totals.transferred.match)}
        note={t('yearEnd.totals.transferredNote', {
          initial: fmt.pesos(totals.transferred.initial),
          match: fmt.pesos(totals.transferred.match),
        })}
      />
      <Figure
        label={t('yearEnd.totals.raised')}
        value={fmt.pesos(totals.raised.cash)}
        note={t('yearEnd.totals.raisedNote', {
          inKind: fmt.pesos(totals.raised.inKind),
          labour: fmt.pesos(totals.raised.labour),
        })}
      />
      <Figure label={t('yearEnd.totals.spent')} value={fmt.pesos(totals.spent)} strong />
      <Figure
        label={t('yearEnd.totals.schoolBalances')}
        value={fmt.pesos(totals.schoolBalances)}
        note={t('yearEnd.totals.schoolBalancesNote')}
      />
      <Figure
        label={t('yearEnd.totals.returnsDue')}
        value={fmt.pesos(totals.returnsDue)}
        note={
          totals.returnsDue > 0
            ? t('yearEnd.totals.returnsNote', {
                returned: fmt.pesos(totals.returned),
                pending: fmt.pesos(pendingReturn),
              })
            : t('yearEnd.totals.noReturns')
        }
      />
      <Figure
        label={t('yearEnd.totals.returnedToFederation')}
        value={fmt.pesos(totals.returnedToFederation)}
      />
      <Figure
        label={kind === 'nation' ? t('yearEnd.totals.trustBalanceNation') : t('yearEnd.totals.trustBalance')}
        value={fmt.pesos(totals.trustBalance)}
        strong
        testId="trust-balance"
      />
    </SimpleGrid>
  );
}

function CategoryTable({ totals, label }: { totals: ClosingTotals; label: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (totals.spentByCategory.length === 0) return <Text>{t('yearEnd.closing.noSpending')}</Text>;
  return (
    <ScrollTable label={label} minWidth={480}>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>{label}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('yearEnd.category')}</Table.Th>
            <Table.Th>{t('yearEnd.amount')}</Table.Th>
            <Table.Th>{t('yearEnd.share')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {totals.spentByCategory.map((c) => (
            <Table.Tr key={c.category}>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>{fmt.pesos(c.amount)}</Table.Td>
              <Table.Td>
                {totals.spent > 0 ? `${Math.round((c.amount / totals.spent) * 100)} %` : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function ClosedState({ closedAt }: { closedAt: string | null }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return closedAt ? (
    <Stack gap={2}>
      <TagBadge color={GREEN}>{t('yearEnd.closing.closed')}</TagBadge>
      <Text size="sm">{fmt.time(closedAt)}</Text>
    </Stack>
  ) : (
    <TagBadge color={BLUE}>{t('yearEnd.closing.open')}</TagBadge>
  );
}

function PendingCell({ n }: { n: number }) {
  const { t } = useTranslation();
  return n > 0 ? <TagBadge color={AMBER}>{t('yearEnd.closing.pending', { count: n })}</TagBadge> : <>0</>;
}

/** A state's schools: their figures, whether their year is closed, and closing one of them. */
function SchoolRows({ report, onDone }: { report: ClosingReport; onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const cycleId = String(report.cycleId);
  const label = t('yearEnd.closing.schoolsTable', { count: report.rows.length, state: report.unit.name });
  return (
    <ScrollTable label={label} minWidth={1180}>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>{label}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('yearEnd.closing.school')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.transferred')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.raised')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.spent')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.balance')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.return')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.status')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.pendingReviews')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.map((row) => {
            const x = row.totals;
            return (
              <Table.Tr key={row.unit.id}>
                <Table.Th scope="row" style={{ minWidth: 220, fontWeight: 400 }}>
                  <Text size="sm" fw={700}>
                    {row.unit.code}
                  </Text>
                  <Text size="sm">{row.unit.name}</Text>
                </Table.Th>
                <Table.Td>
                  <Text size="sm">{fmt.pesos(x.transferred.initial + x.transferred.match)}</Text>
                  <Text size="sm">
                    {t('yearEnd.totals.transferredNote', {
                      initial: fmt.pesos(x.transferred.initial),
                      match: fmt.pesos(x.transferred.match),
                    })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{fmt.pesos(x.raised.cash)}</Text>
                  {x.raised.inKind + x.raised.labour > 0 && (
                    <Text size="sm">
                      {t('yearEnd.totals.raisedNote', {
                        inKind: fmt.pesos(x.raised.inKind),
                        labour: fmt.pesos(x.raised.labour),
                      })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{fmt.pesos(x.spent)}</Table.Td>
                <Table.Td>{fmt.pesos(x.schoolBalances)}</Table.Td>
                <Table.Td>
                  {x.returnsDue > 0 ? (
                    <Stack gap={2}>
                      <Text size="sm">{fmt.pesos(x.returnsDue)}</Text>
                      <Text size="sm">
                        {x.returned >= x.returnsDue
                          ? t('yearEnd.closing.returnDone')
                          : t('yearEnd.closing.returnPending')}
                      </Text>
                    </Stack>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <ClosedState closedAt={row.closedAt} />
                </Table.Td>
                <Table.Td>
                  <PendingCell n={row.pendingReviews} />
                </Table.Td>
                <Table.Td style={{ minWidth: 220 }}>
                  <Stack gap={4} align="flex-start">
                    <AppLink
                      to={yearEndRoutes.accountability}
                      params={{ cycleId, schoolId: String(row.unit.id) }}
                      label={t('yearEnd.closing.accountabilityOf', { cct: row.unit.code })}
                    >
                      {t('yearEnd.closing.accountability')}
                    </AppLink>
                    <AppLink
                      to="/pec/recursos/$cycleId/escuelas/$schoolId"
                      params={{ cycleId, schoolId: String(row.unit.id) }}
                      label={t('yearEnd.closing.moneyOf', { cct: row.unit.code })}
                    >
                      {t('yearEnd.closing.money')}
                    </AppLink>
                    {report.can.close &&
                      !row.closedAt &&
                      (row.pendingReviews > 0 ? (
                        <Text size="sm">
                          {t('yearEnd.closing.reviewFirst', { count: row.pendingReviews })}
                        </Text>
                      ) : (
                        <CloseSchoolButton report={report} row={row} onDone={onDone} />
                      ))}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** The nation's states: their figures and a link down to each state's report. */
function StateRows({ report }: { report: ClosingReport }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const label = t('yearEnd.closing.statesTable', { count: report.rows.length });
  return (
    <ScrollTable label={label} minWidth={1180}>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>{label}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('yearEnd.closing.state')}</Table.Th>
            <Table.Th>{t('yearEnd.totals.allocated')}</Table.Th>
            <Table.Th>{t('yearEnd.totals.stateContributed')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.transferred')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.spent')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.schoolReturns')}</Table.Th>
            <Table.Th>{t('yearEnd.totals.returnedToFederation')}</Table.Th>
            <Table.Th>{t('yearEnd.totals.trustBalance')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.status')}</Table.Th>
            <Table.Th>{t('yearEnd.closing.pendingReviews')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.rows.map((row) => {
            const x = row.totals;
            return (
              <Table.Tr key={row.unit.id}>
                <Table.Th scope="row" style={{ minWidth: 180, fontWeight: 400 }}>
                  <AppLink
                    to={yearEndRoutes.closing}
                    params={{ cycleId: String(report.cycleId), unitId: String(row.unit.id) }}
                    label={t('yearEnd.closing.closingOf', { state: row.unit.name })}
                  >
                    {row.unit.name}
                  </AppLink>
                </Table.Th>
                <Table.Td>{fmt.pesos(x.allocated)}</Table.Td>
                <Table.Td>{fmt.pesos(x.stateContributed)}</Table.Td>
                <Table.Td>{fmt.pesos(x.transferred.initial + x.transferred.match)}</Table.Td>
                <Table.Td>{fmt.pesos(x.spent)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{fmt.pesos(x.returnsDue)}</Text>
                  {x.returnsDue > 0 && (
                    <Text size="sm">
                      {t('yearEnd.totals.returnsNote', {
                        returned: fmt.pesos(x.returned),
                        pending: fmt.pesos(x.returnsDue - x.returned),
                      })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{fmt.pesos(x.returnedToFederation)}</Table.Td>
                <Table.Td>{fmt.pesos(x.trustBalance)}</Table.Td>
                <Table.Td>
                  <ClosedState closedAt={row.closedAt} />
                </Table.Td>
                <Table.Td>
                  <PendingCell n={row.pendingReviews} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

type CloseResult = { closed: number; returnsDue: number; returns: number };

/** Closes one school's year, after a dialog that says what becomes of its balance. */
function CloseSchoolButton({
  report,
  row,
  onDone,
}: {
  report: ClosingReport;
  row: Row;
  onDone: (msg: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const action = useAction();
  const intent = useIntentKey();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const balance = row.totals.schoolBalances;
  const confirm = () => {
    const body = { note: note.trim() };
    let result: CloseResult | null = null;
    void action
      .run(async () => {
        result = await postMoney<CloseResult>(
          `/api/pec/cycles/${report.cycleId}/schools/${row.unit.id}/close`,
          intent.keyFor({ school: row.unit.id, ...body }),
          body,
        );
      })
      .then((ok) => {
        if (ok && result) {
          intent.done();
          setOpen(false);
          const r: CloseResult = result;
          onDone(
            r.returnsDue > 0
              ? t('yearEnd.closing.schoolClosedReturn', {
                  cct: row.unit.code,
                  amount: fmt.pesos(r.returnsDue),
                  date: fmt.day(report.returnsDueOn),
                })
              : t('yearEnd.closing.schoolClosed', { cct: row.unit.code }),
          );
          void refresh();
        }
      });
  };
  return (
    <>
      <Button
        size="xs"
        color="red.9"
        onClick={() => {
          action.setError(null);
          setOpen(true);
        }}
        aria-label={t('yearEnd.closing.closeSchoolOf', { cct: row.unit.code })}
      >
        {t('yearEnd.closing.closeSchool')}
      </Button>
      <ConfirmDialog
        opened={open}
        title={t('yearEnd.closing.closeSchoolTitle', { cct: row.unit.code, name: row.unit.name })}
        onCancel={() => setOpen(false)}
        onConfirm={confirm}
        confirmLabel={t('yearEnd.closing.closeSchoolConfirm')}
        danger
        busy={action.busy}
        error={action.error}
      >
        <Text>
          {balance > 0
            ? t('yearEnd.closing.closeSchoolBalance', {
                amount: fmt.pesos(balance),
                date: fmt.day(report.returnsDueOn),
              })
            : t('yearEnd.closing.closeSchoolNoBalance')}
        </Text>
        <Text>{t('yearEnd.closing.closeAfter')}</Text>
        <Textarea
          label={t('yearEnd.closing.note')}
          description={t('yearEnd.closing.noteHelp')}
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
      </ConfirmDialog>
    </>
  );
}

/** Closes the whole state's year: every school still open, all or nothing. */
function CloseStateButton({ report, onDone }: { report: ClosingReport; onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const action = useAction();
  const intent = useIntentKey();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const openRows = report.rows.filter((r) => !r.closedAt);
  const unspent = openRows.reduce((n, r) => n + r.totals.schoolBalances, 0);
  const pending = report.rows.reduce((n, r) => n + r.pendingReviews, 0);
  const confirm = () => {
    const body = { note: note.trim() };
    let result: CloseResult | null = null;
    void action
      .run(async () => {
        result = await postMoney<CloseResult>(
          `/api/pec/cycles/${report.cycleId}/states/${report.unit.id}/close`,
          intent.keyFor({ state: report.unit.id, ...body }),
          body,
        );
      })
      .then((ok) => {
        if (ok && result) {
          intent.done();
          setOpen(false);
          const r: CloseResult = result;
          onDone(
            t('yearEnd.closing.stateClosed', {
              state: report.unit.name,
              count: r.closed,
              returns: r.returns,
              amount: fmt.pesos(r.returnsDue),
              date: fmt.day(report.returnsDueOn),
            }),
          );
          void refresh();
        }
      });
  };
  return (
    <Stack gap="xs" align="flex-start">
      {pending > 0 && <Text role="note">{t('yearEnd.closing.statePending', { count: pending })}</Text>}
      <Button
        color="red.9"
        disabled={pending > 0}
        onClick={() => {
          action.setError(null);
          setOpen(true);
        }}
      >
        {t('yearEnd.closing.closeState', { state: report.unit.name })}
      </Button>
      <ConfirmDialog
        opened={open}
        title={t('yearEnd.closing.closeStateTitle', { state: report.unit.name, year: report.schoolYear })}
        onCancel={() => setOpen(false)}
        onConfirm={confirm}
        confirmLabel={t('yearEnd.closing.closeStateConfirm')}
        danger
        busy={action.busy}
        error={action.error}
      >
        <Text>
          {t('yearEnd.closing.closeStateWhat', { count: openRows.length, state: report.unit.name })}
        </Text>
        <Text>
          {t('yearEnd.closing.closeStateBalance', {
            amount: fmt.pesos(unspent),
            date: fmt.day(report.returnsDueOn),
          })}
        </Text>
        <Text>{t('yearEnd.closing.closeStateAfter')}</Text>
        <Textarea
          label={t('yearEnd.closing.note')}
          description={t('yearEnd.closing.noteHelp')}
          autosize
          minRows={2}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
      </ConfirmDialog>
    </Stack>
  );
}

/** The schools' returns due (reintegros), overdue first, with recording one for whoever decides. */
function ReturnsSection({ report, canDecide }: { report: ClosingReport; canDecide: boolean }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [paying, setPaying] = useState<ReturnInfo | null>(null);
  const [paid, setPaid] = useState<string | null>(null);
  const rank = (r: ReturnInfo) => (r.returnedAt ? 2 : r.overdue ? 0 : 1);
  const returns = [...report.returns].sort((a, b) => rank(a) - rank(b) || a.dueOn.localeCompare(b.dueOn));
  const due = returns.filter((r) => !r.returnedAt).reduce((n, r) => n + r.amount, 0);
  const returned = returns.filter((r) => r.returnedAt).reduce((n, r) => n + r.amount, 0);
  const overdue = returns.filter((r) => r.overdue).length;
  const label = t('yearEnd.returns.table', { count: returns.length });
  return (
    <Section title={t('yearEnd.returns.title')}>
      <Stack>
        <Text>{t('yearEnd.returns.intro')}</Text>
        {paid && (
          <Text role="status" fw={600}>
            {paid}
          </Text>
        )}
        {returns.length === 0 ? (
          <Text>{t('yearEnd.returns.none')}</Text>
        ) : (
          <>
            <Text fw={600}>
              {t('yearEnd.returns.summary', { due: fmt.pesos(due), returned: fmt.pesos(returned) })}
            </Text>
            {overdue > 0 && (
              <Alert
                color="red"
                role="note"
                title={t('yearEnd.returns.overdueTitle')}
                styles={{ title: { color: '#9b1c1c' } }}
              >
                {t('yearEnd.returns.overdueText', { count: overdue })}
              </Alert>
            )}
            <ScrollTable label={label} minWidth={900}>
              <Table striped withTableBorder captionSide="top">
                <Table.Caption>{label}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('yearEnd.closing.school')}</Table.Th>
                    <Table.Th>{t('yearEnd.amount')}</Table.Th>
                    <Table.Th>{t('yearEnd.returns.dueOn')}</Table.Th>
                    <Table.Th>{t('yearEnd.returns.status')}</Table.Th>
                    {canDecide && <Table.Th>{t('common.actions')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {returns.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Th scope="row" style={{ fontWeight: 400, minWidth: 200 }}>
                        <Text size="sm" fw={700}>
                          {r.school.code}
                        </Text>
                        <Text size="sm">{r.school.name}</Text>
                      </Table.Th>
                      <Table.Td>{fmt.pesos(r.amount)}</Table.Td>
                      <Table.Td>{fmt.day(r.dueOn)}</Table.Td>
                      <Table.Td style={{ minWidth: 260 }}>
                        <Stack gap={2}>
                          <ReturnBadge returnedAt={r.returnedAt} overdue={r.overdue} />
                          {r.returnedAt && (
                            <Text size="sm">
                              {t('yearEnd.returns.returnedOn', {
                                date: fmt.time(r.returnedAt),
                                reference: r.reference ?? '—',
                              })}
                            </Text>
                          )}
                        </Stack>
                      </Table.Td>
                      {canDecide && (
                        <Table.Td>
                          {!r.returnedAt && (
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => {
                                setPaid(null);
                                setPaying(r);
                              }}
                              aria-label={t('yearEnd.returns.recordOf', { cct: r.school.code })}
                            >
                              {t('yearEnd.returns.recordShort')}
                            </Button>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </>
        )}
      </Stack>
      <Dialog
        opened={!!paying}
        onClose={() => setPaying(null)}
        title={paying ? t('yearEnd.returns.dialogTitle', { cct: paying.school.code }) : ''}
      >
        {paying && (
          <PayReturnForm
            ret={paying}
            onCancel={() => setPaying(null)}
            onDone={(p) => {
              setPaying(null);
              setPaid(t('yearEnd.returns.recorded', { cct: p.school.code, amount: fmt.pesos(p.amount) }));
            }}
          />
        )}
      </Dialog>
    </Section>
  );
}

/** What a closed state's trust fund gives back to the Federation (TESOFE), and the interest it earned. */
function TrustMovements({ report }: { report: ClosingReport }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <Section title={t('yearEnd.trust.title', { state: report.unit.name })}>
      <Stack>
        <Text>{t('yearEnd.trust.intro', { amount: fmt.pesos(report.totals.trustBalance) })}</Text>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {report.can.recordFederalReturn ? (
            <MovementForm report={report} movement="federal-return" />
          ) : (
            <Paper withBorder p="md">
              <Title order={3} size="h5" mb="xs">
                {t('yearEnd.trust.federalTitle')}
              </Title>
              <Text>{t('yearEnd.trust.federalAfterClose')}</Text>
            </Paper>
          )}
          <MovementForm report={report} movement="interest" />
        </SimpleGrid>
        {report.movements.length > 0 && (
          <ScrollTable label={t('yearEnd.trust.history')} minWidth={560}>
            <Table>
              <Table.Caption>{t('yearEnd.trust.history')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('yearEnd.trust.historyDate')}</Table.Th>
                  <Table.Th>{t('yearEnd.trust.historyKind')}</Table.Th>
                  <Table.Th>{t('yearEnd.trust.historyReference')}</Table.Th>
                  <Table.Th ta="right">{t('yearEnd.trust.historyAmount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.movements.map((m) => (
                  <Table.Tr key={m.entryId}>
                    <Table.Td>{fmt.dateOf(m.at)}</Table.Td>
                    <Table.Td>
                      {m.kind === 'interest'
                        ? t('yearEnd.trust.interestTitle')
                        : t('yearEnd.trust.federalTitle')}
                    </Table.Td>
                    <Table.Td>{m.reference}</Table.Td>
                    <Table.Td ta="right">{fmt.pesos(m.amount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </Section>
  );
}

function MovementForm({
  report,
  movement,
}: {
  report: ClosingReport;
  movement: 'federal-return' | 'interest';
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const action = useAction();
  const intent = useIntentKey();
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<{ amount?: string; reference?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const k = movement === 'interest' ? 'interest' : 'federal';
  const submit = () => {
    setDone(null);
    const centavos = parsePesos(amount);
    const next = {
      amount: centavos ? undefined : t('yearEnd.amountInvalid'),
      reference: reference.trim() ? undefined : t('yearEnd.trust.referenceRequired'),
    };
    setErrors(next);
    if (!centavos || next.reference) return;
    const body = { amount: centavos, reference: reference.trim() };
    let result: { entryId: number; trustBalance: number } | null = null;
    void action
      .run(async () => {
        result = await postMoney<{ entryId: number; trustBalance: number }>(
          `/api/pec/cycles/${report.cycleId}/states/${report.unit.id}/${movement}`,
          intent.keyFor(body),
          body,
        );
      })
      .then((ok) => {
        if (ok && result) {
          intent.done();
          const r: { trustBalance: number } = result;
          setDone(
            t(`yearEnd.trust.${k}Done`, { amount: fmt.pesos(centavos), balance: fmt.pesos(r.trustBalance) }),
          );
          setAmount('');
          setReference('');
          void refresh();
        }
      });
  };
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      noValidate
      aria-label={t(`yearEnd.trust.${k}Title`)}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack>
        <Title order={3} size="h5">
          {t(`yearEnd.trust.${k}Title`)}
        </Title>
        <Text size="sm">{t(`yearEnd.trust.${k}Intro`)}</Text>
        <TextInput
          label={t(`yearEnd.trust.${k}Amount`)}
          description={t('yearEnd.amountHelp')}
          inputMode="decimal"
          required
          value={amount}
          error={errors.amount}
          onChange={(e) => {
            setAmount(e.currentTarget.value);
            setErrors((x) => ({ ...x, amount: undefined }));
          }}
        />
        <TextInput
          label={t(`yearEnd.trust.${k}Reference`)}
          description={t(`yearEnd.trust.${k}ReferenceHelp`)}
          required
          maxLength={300}
          value={reference}
          error={errors.reference}
          onChange={(e) => {
            setReference(e.currentTarget.value);
            setErrors((x) => ({ ...x, reference: undefined }));
          }}
        />
        <ProblemAlert error={action.error} />
        {done && (
          <Text role="status" fw={600}>
            {done}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={action.busy}>
            {t(`yearEnd.trust.${k}Submit`)}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
