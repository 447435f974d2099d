import {
  Alert,
  Anchor,
  Group,
  List,
  Paper,
  Progress,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountabilityReport } from '../../../contract/finance.ts';
import { get, put } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ALERT_OK_STYLES, AMBER, BLUE, CONTRAST_VARS, GREEN, LINK_COLOR } from '../../components/contrast.ts';
import { FormCard, FormFoot } from '../../components/FormCard.tsx';
import { todayMx } from '../../components/format.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { CaptionedTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { TagBadge } from '../../components/TagBadge.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { Figure, ReturnBadge, useRefresh, YK } from './common.tsx';
import { PayReturnForm } from './returns.tsx';

const STATUS_COLOR: Record<string, string> = {
  pending: 'gray.8',
  in_progress: BLUE,
  done: GREEN,
  cancelled: AMBER,
};

/**
 * The school's accountability report (rendición de cuentas) for its community: the plain summary a
 * parent can read aloud, what came in, what was spent on which action of the plan, how far its goals
 * went, what is left or was returned; the PDF to print, and the school council's answer.
 */
export function AccountabilityPage() {
  const { t } = useTranslation();
  const { cycleId, schoolId } = useParams({ strict: false }) as { cycleId: string; schoolId: string };
  const cycle = Number(cycleId);
  const school = Number(schoolId);
  const report = useQuery({
    queryKey: [YK, 'accountability', cycle, school],
    queryFn: () => get<AccountabilityReport>(`/api/pec/cycles/${cycle}/schools/${school}/accountability`),
  });
  const r = report.data;
  return (
    <Stack style={CONTRAST_VARS}>
      <div>
        <Title order={1}>
          {r ? t('yearEnd.report.titleFor', { name: r.school.name }) : t('yearEnd.report.title')}
        </Title>
        {r && (
          <Text>
            {t('yearEnd.report.subtitle', {
              cct: r.school.code,
              year: r.schoolYear,
              place: [r.locality, r.state.name].filter(Boolean).join(', '),
            })}
          </Text>
        )}
        {r?.director && <Text>{t('yearEnd.report.director', { name: r.director })}</Text>}
      </div>
      <Group gap="lg" wrap="wrap">
        <Anchor
          href={`/api/pec/cycles/${cycle}/schools/${school}/accountability.pdf`}
          download
          style={{ color: LINK_COLOR, fontWeight: 600 }}
        >
          {t('yearEnd.report.pdf')}
        </Anchor>
        <AppLink
          to="/pec/recursos/$cycleId/escuelas/$schoolId"
          params={{ cycleId: String(cycle), schoolId: String(school) }}
        >
          {t('yearEnd.report.money')}
        </AppLink>
        {r && (
          <Anchor href={`/transparencia/pec/escuelas/${r.school.code}`} style={{ color: LINK_COLOR }}>
            {t('yearEnd.report.public')}
          </Anchor>
        )}
        <AppLink to="/pec" search={{ ciclo: cycle }}>
          {t('yearEnd.backHome')}
        </AppLink>
      </Group>
      <QueryView query={report}>{(data) => <ReportBody report={data} />}</QueryView>
    </Stack>
  );
}

function ReportBody({ report }: { report: AccountabilityReport }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const qc = useQueryClient();
  const summaryId = useId();
  const [paid, setPaid] = useState<string | null>(null);
  const ret = report.return;
  return (
    <Stack gap="lg">
      <Paper withBorder p="lg" component="section" aria-labelledby={summaryId} style={{ borderColor: BLUE }}>
        <Title order={2} size="h3" id={summaryId} mb="sm">
          {t('yearEnd.report.summary')}
        </Title>
        <Stack gap="sm">
          {report.summary.map((s) => (
            <Text key={s} component="p" style={{ fontSize: '1.3rem', lineHeight: 1.6 }}>
              {s}
            </Text>
          ))}
        </Stack>
      </Paper>

      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Figure label={t('yearEnd.report.received')} value={fmt.pesos(report.received)} />
        <Figure label={t('yearEnd.report.spent')} value={fmt.pesos(report.spent)} strong />
        <Figure
          label={report.closedAt ? t('yearEnd.report.leftClosed') : t('yearEnd.report.left')}
          value={fmt.pesos(ret ? ret.amount : report.balance)}
          testId="school-left"
        />
        <Figure label={t('yearEnd.report.actionsCount')} value={String(report.actions.length)} />
      </SimpleGrid>

      <Section title={t('yearEnd.report.income')}>
        {report.income.length === 0 ? (
          <Text>{t('yearEnd.report.noIncome')}</Text>
        ) : (
          <CaptionedTable
            label={t('yearEnd.report.incomeTable')}
            minWidth={560}
            head={
              <>
                <Table.Th>{t('yearEnd.report.source')}</Table.Th>
                <Table.Th>{t('yearEnd.report.kind')}</Table.Th>
                <Table.Th>{t('yearEnd.amount')}</Table.Th>
              </>
            }
            foot={
              <>
                <Table.Th scope="row" colSpan={2}>
                  {t('yearEnd.report.receivedCash')}
                </Table.Th>
                <Table.Td fw={700}>{fmt.pesos(report.received)}</Table.Td>
              </>
            }
          >
            {report.income.map((i) => (
              <Table.Tr key={`${i.source}:${i.kind}`}>
                <Table.Td>{i.label}</Table.Td>
                <Table.Td>{t(`yearEnd.kind.${i.kind}`)}</Table.Td>
                <Table.Td>{fmt.pesos(i.amount)}</Table.Td>
              </Table.Tr>
            ))}
          </CaptionedTable>
        )}
      </Section>

      <Section title={t('yearEnd.report.actions')}>
        {report.actions.length === 0 ? (
          <Text>{t('yearEnd.report.noActions')}</Text>
        ) : (
          <CaptionedTable
            label={t('yearEnd.report.actionsTable')}
            minWidth={900}
            head={
              <>
                <Table.Th>{t('yearEnd.report.action')}</Table.Th>
                <Table.Th>{t('yearEnd.category')}</Table.Th>
                <Table.Th>{t('yearEnd.report.planned')}</Table.Th>
                <Table.Th>{t('yearEnd.report.spentCol')}</Table.Th>
                <Table.Th>{t('yearEnd.report.progress')}</Table.Th>
              </>
            }
          >
            {report.actions.map((a, i) => (
              <Table.Tr key={a.actionId}>
                <Table.Td style={{ minWidth: 240 }}>
                  <Text>{`${i + 1}. ${a.text}`}</Text>
                  {a.evidence && <Text size="sm">{a.evidence}</Text>}
                </Table.Td>
                <Table.Td>{a.categoryName ?? '—'}</Table.Td>
                <Table.Td>{fmt.pesos(a.planned)}</Table.Td>
                <Table.Td>{fmt.pesos(a.spent)}</Table.Td>
                <Table.Td style={{ minWidth: 200 }}>
                  <Stack gap={4}>
                    <Group gap="xs">
                      <TagBadge color={STATUS_COLOR[a.status] ?? 'gray.8'}>
                        {t(`yearEnd.actionStatus.${a.status}`, { defaultValue: a.status })}
                      </TagBadge>
                      <Text size="sm">{`${a.percent} %`}</Text>
                    </Group>
                    <Progress
                      value={a.percent}
                      color="blue.9"
                      aria-label={t('yearEnd.report.actionProgress', { n: i + 1, percent: a.percent })}
                    />
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </CaptionedTable>
        )}
        {report.spentByCategory.length > 0 && (
          <Text mt="sm">
            {t('yearEnd.report.byCategory', {
              list: report.spentByCategory.map((c) => `${c.name}: ${fmt.pesos(c.amount)}`).join(' · '),
            })}
          </Text>
        )}
      </Section>

      <Section title={t('yearEnd.report.goals')}>
        {report.goals.length === 0 ? (
          <Text>{t('yearEnd.report.noGoals')}</Text>
        ) : (
          <List spacing="md" listStyleType="none" styles={{ root: { paddingInlineStart: 0 } }}>
            {report.goals.map((g) => (
              <List.Item key={g.id}>
                <Text fw={600}>{g.text}</Text>
                {g.indicator && (
                  <Text size="sm">
                    {g.baseline !== null || g.target !== null
                      ? t('yearEnd.report.indicatorFromTo', {
                          indicator: g.indicator,
                          // As the plan states them: up to three decimals.
                          baseline: fmt.num(g.baseline, 3),
                          target: fmt.num(g.target, 3),
                        })
                      : t('yearEnd.report.indicator', { indicator: g.indicator })}
                  </Text>
                )}
                <Group gap="sm" wrap="nowrap" mt={4}>
                  <Progress
                    value={g.percent}
                    color="blue.9"
                    size="lg"
                    style={{ flex: 1, maxWidth: 480 }}
                    aria-label={t('yearEnd.report.goalProgress', { goal: g.text, percent: g.percent })}
                  />
                  <Text fw={600}>{`${g.percent} %`}</Text>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Section>

      <Section title={t('yearEnd.report.leftTitle')}>
        <Stack>
          {!report.closedAt ? (
            <Text>{t('yearEnd.report.stillOpen', { amount: fmt.pesos(report.balance) })}</Text>
          ) : !ret ? (
            <Text>{t('yearEnd.report.closedNothingLeft', { date: fmt.dateOf(report.closedAt) })}</Text>
          ) : (
            <Paper withBorder p="md">
              <Stack gap="xs">
                <Group gap="xs">
                  <ReturnBadge returnedAt={ret.returnedAt} overdue={ret.overdue} />
                  <Text fw={600}>
                    {ret.returnedAt
                      ? t('yearEnd.report.returned', {
                          amount: fmt.pesos(ret.amount),
                          date: fmt.dateOf(ret.returnedAt),
                        })
                      : t('yearEnd.report.returnDue', {
                          amount: fmt.pesos(ret.amount),
                          date: fmt.day(ret.dueOn),
                        })}
                  </Text>
                </Group>
                {ret.returnedAt && ret.reference && (
                  <Text size="sm">{t('yearEnd.report.reference', { reference: ret.reference })}</Text>
                )}
                {!ret.returnedAt && ret.overdue && <Text>{t('yearEnd.report.returnOverdue')}</Text>}
              </Stack>
            </Paper>
          )}
          {paid && (
            <Alert color="green" role="status" styles={ALERT_OK_STYLES} title={t('yearEnd.report.paidTitle')}>
              {paid}
            </Alert>
          )}
          {ret && report.can.payReturn && (
            <Paper withBorder p="md">
              <Title order={3} size="h5" mb="xs">
                {t('yearEnd.returns.formTitle')}
              </Title>
              <PayReturnForm
                ret={ret}
                onDone={(p) =>
                  setPaid(t('yearEnd.returns.recorded', { cct: p.school.code, amount: fmt.pesos(p.amount) }))
                }
              />
            </Paper>
          )}
        </Stack>
      </Section>

      <Section title={t('yearEnd.council.title')}>
        <Stack>
          <Text>{t('yearEnd.council.intro')}</Text>
          {report.acknowledgement ? (
            <Paper withBorder p="md" component="div" data-testid="council-answer">
              <Stack gap="xs">
                <Group gap="xs">
                  <TagBadge color={report.acknowledgement.acknowledged ? GREEN : AMBER}>
                    {report.acknowledgement.acknowledged
                      ? t('yearEnd.council.acknowledged')
                      : t('yearEnd.council.observed')}
                  </TagBadge>
                  <Text fw={600}>
                    {t('yearEnd.council.session', {
                      date: fmt.day(report.acknowledgement.heldOn),
                      count: report.acknowledgement.attendees,
                    })}
                  </Text>
                </Group>
                {report.acknowledgement.observations && (
                  <Text>
                    {t('yearEnd.council.observations', { text: report.acknowledgement.observations })}
                  </Text>
                )}
                <Text size="sm">
                  {t('yearEnd.council.recordedBy', {
                    by: report.acknowledgement.recordedBy?.name ?? '—',
                    date: fmt.time(report.acknowledgement.recordedAt),
                  })}
                </Text>
              </Stack>
            </Paper>
          ) : (
            <Text>{report.closedAt ? t('yearEnd.council.notYet') : t('yearEnd.council.afterClose')}</Text>
          )}
          {report.can.acknowledge && (
            <AcknowledgementForm
              report={report}
              onSaved={(next) =>
                qc.setQueryData([YK, 'accountability', report.cycleId, report.school.id], next)
              }
            />
          )}
        </Stack>
      </Section>
    </Stack>
  );
}

/** The school council's answer from the session where the report was presented. */
function AcknowledgementForm({
  report,
  onSaved,
}: {
  report: AccountabilityReport;
  onSaved: (next: AccountabilityReport) => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const action = useAction();
  const [answer, setAnswer] = useState<'yes' | 'no' | ''>('');
  const [observations, setObservations] = useState('');
  const [heldOn, setHeldOn] = useState(todayMx());
  const [attendees, setAttendees] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [done, setDone] = useState<string | null>(null);
  const again = !!report.acknowledgement;
  const submit = () => {
    setDone(null);
    const n = Number(attendees);
    const next = {
      answer: answer ? undefined : t('yearEnd.council.answerRequired'),
      observations:
        answer === 'no' && !observations.trim() ? t('yearEnd.council.observationsRequired') : undefined,
      heldOn: /^\d{4}-\d{2}-\d{2}$/.test(heldOn) ? undefined : t('yearEnd.council.heldOnRequired'),
      attendees:
        Number.isInteger(n) && n >= 1 && n <= 500 ? undefined : t('yearEnd.council.attendeesInvalid'),
    };
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    const body = {
      acknowledged: answer === 'yes',
      observations: observations.trim(),
      heldOn,
      attendees: n,
    };
    void action
      .run(async () => {
        const saved = await put<AccountabilityReport>(
          `/api/pec/cycles/${report.cycleId}/schools/${report.school.id}/accountability/acknowledgement`,
          body,
        );
        onSaved(saved);
      })
      .then((ok) => {
        if (ok) {
          setDone(body.acknowledged ? t('yearEnd.council.savedYes') : t('yearEnd.council.savedNo'));
          setAnswer('');
          setObservations('');
          setAttendees('');
          void refresh();
        }
      });
  };
  return (
    <FormCard
      onSubmit={submit}
      noValidate
      label={again ? t('yearEnd.council.formAgain') : t('yearEnd.council.form')}
    >
      <Stack>
        <Title order={3} size="h5">
          {again ? t('yearEnd.council.formAgain') : t('yearEnd.council.form')}
        </Title>
        {again && <Text size="sm">{t('yearEnd.council.replaces')}</Text>}
        <Radio.Group
          label={t('yearEnd.council.question')}
          required
          value={answer}
          error={errors.answer}
          onChange={(v) => {
            setAnswer(v as 'yes' | 'no');
            setErrors((x) => ({ ...x, answer: undefined, observations: undefined }));
          }}
        >
          <Stack gap="xs" mt={6}>
            <Radio value="yes" label={t('yearEnd.council.yes')} />
            <Radio value="no" label={t('yearEnd.council.no')} />
          </Stack>
        </Radio.Group>
        <Textarea
          label={
            answer === 'no'
              ? t('yearEnd.council.observationsLabel')
              : t('yearEnd.council.observationsOptional')
          }
          description={t('yearEnd.council.observationsHelp')}
          required={answer === 'no'}
          autosize
          minRows={3}
          maxLength={5000}
          value={observations}
          error={errors.observations}
          onChange={(e) => {
            setObservations(e.currentTarget.value);
            setErrors((x) => ({ ...x, observations: undefined }));
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="date"
            label={t('yearEnd.council.heldOn')}
            required
            value={heldOn}
            max={todayMx()}
            error={errors.heldOn}
            onChange={(e) => {
              setHeldOn(e.currentTarget.value);
              setErrors((x) => ({ ...x, heldOn: undefined }));
            }}
          />
          <TextInput
            type="number"
            label={t('yearEnd.council.attendees')}
            description={t('yearEnd.council.attendeesHelp')}
            required
            min={1}
            max={500}
            step={1}
            inputMode="numeric"
            value={attendees}
            error={errors.attendees}
            onChange={(e) => {
              setAttendees(e.currentTarget.value);
              setErrors((x) => ({ ...x, attendees: undefined }));
            }}
          />
        </SimpleGrid>
        <FormFoot
          error={action.error}
          done={done}
          busy={action.busy}
          submitLabel={t('yearEnd.council.submit')}
        />
      </Stack>
    </FormCard>
  );
}
