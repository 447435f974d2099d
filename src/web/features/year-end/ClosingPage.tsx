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
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClosingReport, ClosingTotals, ReturnInfo } from '../../../contract/finance.ts';
import { get } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import {
  ALERT_OK_STYLES,
  ALERT_STYLES,
  AMBER,
  BLUE,
  CONTRAST_VARS,
  GREEN,
  LINK_COLOR,
} from '../../components/contrast.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Pager } from '../../components/Pager.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { CaptionedTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { TagBadge } from '../../components/TagBadge.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { CloseSchoolButton, CloseStateButton } from './closing-actions.tsx';
import { Figure, ReturnBadge, YK, yearEndRoutes } from './common.tsx';
import { PayReturnForm } from './returns.tsx';
import { TrustMovements } from './trust-movements.tsx';

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
  // A state has thousands of schools: the report comes a page at a time, with a search by CCT or name.
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const report = useQuery({
    queryKey: [YK, 'closing', cycle, unit, q, page],
    queryFn: () =>
      get<ClosingReport>(
        `/api/pec/cycles/${cycle}/closing?${new URLSearchParams({
          unitId: String(unit),
          offset: String((page - 1) * PAGE),
          limit: String(PAGE),
          ...(q ? { q } : {}),
        })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const find: Finder = {
    search,
    onSearch: (v) => {
      setSearch(v);
      setPage(1);
    },
    page,
    onPage: setPage,
  };
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
      <Text>
        {r?.unit.kind === 'nation'
          ? t('yearEnd.closing.introNation')
          : r && r.unit.kind !== 'state'
            ? t('yearEnd.closing.introArea', { unit: r.unit.name })
            : t('yearEnd.closing.intro')}
      </Text>
      <Group gap="lg" wrap="wrap">
        {r?.unit.kind === 'state' && (
          <AppLink
            to="/pec/recursos/$cycleId/estados/$stateId"
            params={{ cycleId: String(cycle), stateId: String(r.unit.id) }}
          >
            {t('yearEnd.closing.trustFund', { state: r.unit.name })}
          </AppLink>
        )}
        <AppLink to="/pec" search={{ ciclo: cycle }}>
          {t('yearEnd.backHome')}
        </AppLink>
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
      <QueryView query={report}>{(data) => <ClosingBody report={data} find={find} />}</QueryView>
    </Stack>
  );
}

/** Rows per page of the report. */
const PAGE = 100;

interface Finder {
  search: string;
  onSearch: (v: string) => void;
  page: number;
  onPage: (p: number) => void;
}

function ClosingBody({ report, find }: { report: ClosingReport; find: Finder }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [done, setDone] = useState<string | null>(null);
  const isState = report.unit.kind === 'state';
  // A state, a sector or a zone: a row per school (a supervisor's and a sector head's view, read only).
  const bySchool = report.unit.kind !== 'nation';
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
                    closed: report.rowCount.closed,
                    total: report.rowCount.all,
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
      {bySchool && !isState && (
        <Paper withBorder p="md" component="section" aria-label={t('yearEnd.closing.statusLabel')}>
          <Stack gap="xs">
            <Text>
              {t('yearEnd.closing.areaStatus', {
                closed: report.rowCount.closed,
                total: report.rowCount.all,
              })}
            </Text>
            {report.returnsDueOn && (
              <Text>{t('yearEnd.closing.returnsDueOn', { date: fmt.day(report.returnsDueOn) })}</Text>
            )}
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

      <Section title={bySchool ? t('yearEnd.closing.schools') : t('yearEnd.closing.states')}>
        <Stack>
          {report.rowCount.all > PAGE && (
            <TextInput
              label={t('yearEnd.closing.find')}
              description={t('yearEnd.closing.findHelp')}
              value={find.search}
              onChange={(e) => find.onSearch(e.currentTarget.value)}
              maw={420}
            />
          )}
          {report.rowCount.all === 0 ? (
            <Text>
              {isState
                ? t('yearEnd.closing.noSchools')
                : bySchool
                  ? t('yearEnd.closing.noSchoolsArea', { unit: report.unit.name })
                  : t('yearEnd.closing.noStates')}
            </Text>
          ) : report.rows.length === 0 ? (
            <Text>{t('yearEnd.closing.noMatch', { q: find.search.trim() })}</Text>
          ) : bySchool ? (
            <SchoolRows report={report} onDone={setDone} />
          ) : (
            <StateRows report={report} />
          )}
          {report.rowCount.matching > report.limit && (
            <Group justify="space-between" wrap="wrap">
              <Text size="sm">
                {t('yearEnd.closing.showing', {
                  from: report.offset + 1,
                  to: report.offset + report.rows.length,
                  count: report.rowCount.matching,
                })}
              </Text>
              <Pager
                total={report.rowCount.matching}
                limit={report.limit}
                page={find.page}
                onChange={find.onPage}
              />
            </Group>
          )}
        </Stack>
      </Section>

      {bySchool && <ReturnsSection report={report} canDecide={canDecide} />}

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
    <CaptionedTable
      label={label}
      minWidth={480}
      head={
        <>
          <Table.Th>{t('yearEnd.category')}</Table.Th>
          <Table.Th>{t('yearEnd.amount')}</Table.Th>
          <Table.Th>{t('yearEnd.share')}</Table.Th>
        </>
      }
    >
      {totals.spentByCategory.map((c) => (
        <Table.Tr key={c.category}>
          <Table.Td>{c.name}</Table.Td>
          <Table.Td>{fmt.pesos(c.amount)}</Table.Td>
          <Table.Td>{totals.spent > 0 ? `${Math.round((c.amount / totals.spent) * 100)} %` : '—'}</Table.Td>
        </Table.Tr>
      ))}
    </CaptionedTable>
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

/** The header cell of a school's row: its CCT in bold over its name. */
function SchoolCell({ school, minWidth }: { school: { code: string; name: string }; minWidth: number }) {
  return (
    <Table.Th scope="row" style={{ minWidth, fontWeight: 400 }}>
      <Text size="sm" fw={700}>
        {school.code}
      </Text>
      <Text size="sm">{school.name}</Text>
    </Table.Th>
  );
}

/** A state's (sector's, zone's) schools: their figures, whether their year is closed, and closing one of them (the state). */
function SchoolRows({ report, onDone }: { report: ClosingReport; onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const cycleId = String(report.cycleId);
  const label = t('yearEnd.closing.schoolsTable', {
    count: report.rowCount.matching,
    state: report.unit.name,
  });
  return (
    <CaptionedTable
      label={label}
      minWidth={1180}
      head={
        <>
          <Table.Th>{t('yearEnd.closing.school')}</Table.Th>
          <Table.Th>{t('yearEnd.closing.transferred')}</Table.Th>
          <Table.Th>{t('yearEnd.closing.raised')}</Table.Th>
          <Table.Th>{t('yearEnd.closing.spent')}</Table.Th>
          <Table.Th>{t('yearEnd.closing.balance')}</Table.Th>
          <Table.Th>{t('yearEnd.closing.return')}</Table.Th>
          <Table.Th>{t('yearEnd.closing.status')}</Table.Th>
          <Table.Th>{t('yearEnd.closing.pendingReviews')}</Table.Th>
          <Table.Th>{t('common.actions')}</Table.Th>
        </>
      }
    >
      {report.rows.map((row) => {
        const x = row.totals;
        return (
          <Table.Tr key={row.unit.id}>
            <SchoolCell school={row.unit} minWidth={220} />
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
                    <Text size="sm">{t('yearEnd.closing.reviewFirst', { count: row.pendingReviews })}</Text>
                  ) : (
                    <CloseSchoolButton report={report} row={row} onDone={onDone} />
                  ))}
              </Stack>
            </Table.Td>
          </Table.Tr>
        );
      })}
    </CaptionedTable>
  );
}

/** The nation's states: their figures and a link down to each state's report. */
function StateRows({ report }: { report: ClosingReport }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const label = t('yearEnd.closing.statesTable', { count: report.rows.length });
  return (
    <CaptionedTable
      label={label}
      minWidth={1180}
      head={
        <>
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
        </>
      }
    >
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
    </CaptionedTable>
  );
}

/** The schools' returns due (reintegros), overdue first, with recording one for whoever decides. */
function ReturnsSection({ report, canDecide }: { report: ClosingReport; canDecide: boolean }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [paying, setPaying] = useState<ReturnInfo | null>(null);
  const [paid, setPaid] = useState<string | null>(null);
  // The server sends the overdue first, then the pending, and the sums over every return.
  const returns = report.returns;
  const { due, returned, overdue, count } = report.returnsSummary;
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
        {count === 0 ? (
          <Text>{t('yearEnd.returns.none')}</Text>
        ) : (
          <>
            <Text fw={600}>
              {t('yearEnd.returns.summary', { due: fmt.pesos(due), returned: fmt.pesos(returned) })}
            </Text>
            {overdue > 0 && (
              <Alert color="red" role="note" title={t('yearEnd.returns.overdueTitle')} styles={ALERT_STYLES}>
                {t('yearEnd.returns.overdueText', { count: overdue })}
              </Alert>
            )}
            {count > returns.length && (
              <Text size="sm">{t('yearEnd.returns.partial', { shown: returns.length, count })}</Text>
            )}
            <CaptionedTable
              label={label}
              minWidth={900}
              head={
                <>
                  <Table.Th>{t('yearEnd.closing.school')}</Table.Th>
                  <Table.Th>{t('yearEnd.amount')}</Table.Th>
                  <Table.Th>{t('yearEnd.returns.dueOn')}</Table.Th>
                  <Table.Th>{t('yearEnd.returns.status')}</Table.Th>
                  {canDecide && <Table.Th>{t('common.actions')}</Table.Th>}
                </>
              }
            >
              {returns.map((r) => (
                <Table.Tr key={r.id}>
                  <SchoolCell school={r.school} minWidth={200} />
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
            </CaptionedTable>
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
