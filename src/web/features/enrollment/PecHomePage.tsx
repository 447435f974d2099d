import { Anchor, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Me, RoleAssignment } from '../../../contract/api.ts';
import type { RegistrationDetail, RegistrationSummary } from '../../../contract/enrollment.ts';
import { type Dashboard, STAGES, type Stage } from '../../../contract/planning.ts';
import { get, qs } from '../../api/client.ts';
import { CONTRAST_VARS, LINK_COLOR } from '../../components/contrast.ts';
import { CycleSelect } from '../../components/cycles.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { YearEndLinks } from '../year-end/YearEndLinks.tsx';
import { OverdueBadge, RK, STAGE_BAR, StageBadge, useCycleChoice, YesNoBadge } from './common.tsx';
import { OpenPlanButton, PlanLink } from './PlanLink.tsx';

export interface DeadlineInfo {
  deadline: string;
  label: string;
  date: string;
  extendedUntil: string | null;
  open: boolean;
}

/** The programme's home for the chosen cycle: one's school and its next steps, or the dashboard of one's scope. */
export function PecHomePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { cycles, cycle, setCycle } = useCycleChoice();
  const search = useSearch({ strict: false }) as { unidad?: string | number };
  const schools = me.assignments.filter((a) => a.unit.kind === 'school');
  const scopes = me.assignments.filter((a) => a.unit.kind !== 'school');
  const states = me.assignments.filter((a) => a.unit.kind === 'state' && a.role === 'state_coordinator');
  return (
    <Stack style={CONTRAST_VARS}>
      <Title order={1}>{t('enrollment.title')}</Title>
      <Text>{t('enrollment.intro')}</Text>
      <QueryView query={cycles} isEmpty={(d) => d.length === 0} emptyText={t('enrollment.noCycles')}>
        {(list) => (
          <Group align="flex-end" wrap="wrap">
            <CycleSelect cycles={list} value={cycle?.id} onChange={setCycle} />
            <Anchor
              renderRoot={(props) => (
                <Link {...props} to="/pec/convocatorias" search={{ ciclo: cycle?.id } as never} />
              )}
              style={{ color: LINK_COLOR }}
            >
              {t('enrollment.calls.nav')}
            </Anchor>
            {states.map((s) => (
              <Anchor
                key={s.id}
                renderRoot={(props) => (
                  <Link
                    {...props}
                    to="/pec/seleccion/$stateId"
                    params={{ stateId: String(s.unit.id) }}
                    search={{ ciclo: cycle?.id } as never}
                  />
                )}
                style={{ color: LINK_COLOR }}
              >
                {t('enrollment.selection.navFor', { state: s.unit.name })}
              </Anchor>
            ))}
            {/* Escuelas de Calidad money (features/finance): the federal allocation, each coordinated state's fund. */}
            {cycle && (
              <Anchor
                renderRoot={(props) => (
                  <Link {...props} to="/pec/recursos/$cycleId" params={{ cycleId: String(cycle.id) }} />
                )}
                style={{ color: LINK_COLOR }}
              >
                {t('finance.home.allocation')}
              </Anchor>
            )}
            {cycle &&
              states.map((s) => (
                <Anchor
                  key={`money-${s.id}`}
                  renderRoot={(props) => (
                    <Link
                      {...props}
                      to="/pec/recursos/$cycleId/estados/$stateId"
                      params={{ cycleId: String(cycle.id), stateId: String(s.unit.id) }}
                    />
                  )}
                  style={{ color: LINK_COLOR }}
                >
                  {t('finance.home.stateFunds', { state: s.unit.name })}
                </Anchor>
              ))}
            {/* Escuelas de Calidad year end (features/year-end): closing reports, accountability reports. */}
            {cycle && <YearEndLinks cycleId={cycle.id} units={me.assignments.map((a) => a.unit)} />}
            <Anchor href="/transparencia/pec" style={{ color: LINK_COLOR }}>
              {t('enrollment.public.nav')}
            </Anchor>
          </Group>
        )}
      </QueryView>
      {cycle && (
        <>
          {schools.map((a) => (
            <SchoolStatus key={a.id} cycleId={cycle.id} assignment={a} />
          ))}
          {(scopes.length > 0 || schools.length === 0) && (
            <DashboardView cycleId={cycle.id} unitId={search.unidad ? Number(search.unidad) : undefined} />
          )}
        </>
      )}
    </Stack>
  );
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function DeadlinesTable({ deadlines }: { deadlines: DeadlineInfo[] }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <ScrollTable label={t('enrollment.deadlines.title')} minWidth={520}>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('enrollment.deadlines.deadline')}</Table.Th>
            <Table.Th>{t('enrollment.deadlines.date')}</Table.Th>
            <Table.Th>{t('enrollment.deadlines.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deadlines.map((d) => (
            <Table.Tr key={d.deadline}>
              <Table.Td>{capitalize(d.label)}</Table.Td>
              <Table.Td>
                {fmt.day(d.date)}
                {d.extendedUntil && (
                  <Text size="sm">
                    {t('enrollment.deadlines.extended', { date: fmt.day(d.extendedUntil) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {d.open ? (
                  t('enrollment.deadlines.open')
                ) : d.deadline === 'call_opens' ? (
                  t('enrollment.deadlines.opened')
                ) : (
                  <OverdueBadge />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** A school's registration in the cycle, what to do next and its deadlines. */
function SchoolStatus({ cycleId, assignment }: { cycleId: number; assignment: RoleAssignment }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const school = assignment.unit;
  const isDirector = assignment.role === 'school_director';
  const regs = useQuery({
    queryKey: [RK, 'registrations', cycleId, school.id],
    queryFn: () =>
      get<RegistrationSummary[]>(`/api/pec/cycles/${cycleId}/registrations${qs({ unitId: school.id })}`),
  });
  const reg = regs.data?.find((r) => r.status === 'registered') ?? regs.data?.[0];
  const detail = useQuery({
    queryKey: [RK, 'registration', reg?.id],
    queryFn: () => get<RegistrationDetail>(`/api/pec/registrations/${reg?.id}`),
    enabled: !!reg,
  });
  const deadlines = useQuery({
    queryKey: [RK, 'deadlines', cycleId, school.id],
    queryFn: () => get<DeadlineInfo[]>(`/api/pec/cycles/${cycleId}/deadlines${qs({ unitId: school.id })}`),
  });
  const regLink = (label: string) => (
    <Button
      renderRoot={(props) => (
        <Link
          {...props}
          to="/pec/escuelas/$schoolId/registro"
          params={{ schoolId: String(school.id) }}
          search={{ ciclo: cycleId } as never}
        />
      )}
    >
      {label}
    </Button>
  );
  const d = detail.data;
  const missingDocs = d ? d.documents.filter((x) => x.required && !x.file) : [];
  const unmet = d ? d.checks.filter((c) => !c.met) : [];
  return (
    <Card
      withBorder
      component="section"
      aria-label={t('enrollment.home.schoolSection', { cct: school.code })}
    >
      <Stack>
        <Title order={2} size="h3">
          {t('enrollment.home.school', { cct: school.code, name: school.name })}
        </Title>
        <QueryView query={regs}>
          {() =>
            !reg ? (
              <Stack gap="xs">
                <Group gap="xs">
                  <StageBadge stage="not_registered" />
                  <Text>{t('enrollment.home.notRegistered')}</Text>
                </Group>
                {isDirector && <Group>{regLink(t('enrollment.home.register'))}</Group>}
              </Stack>
            ) : reg.status === 'withdrawn' ? (
              <Stack gap="xs">
                <Text>{t('enrollment.home.withdrawn')}</Text>
                {isDirector && <Group>{regLink(t('enrollment.home.registerAgain'))}</Group>}
              </Stack>
            ) : (
              <Stack gap="xs">
                <Group gap="xs">
                  <StageBadge stage={reg.eligible ? 'eligible' : 'registered'} />
                  {reg.selection && (
                    <YesNoBadge
                      ok={reg.selection === 'selected'}
                      yes={t('enrollment.selected')}
                      no={t('enrollment.notSelected')}
                    />
                  )}
                  <Text>
                    {t('enrollment.home.registeredOn', {
                      date: fmt.time(reg.registeredAt),
                      score: reg.score,
                    })}
                  </Text>
                </Group>
                <Title order={3} size="h5">
                  {t('enrollment.home.nextSteps')}
                </Title>
                <List>
                  {missingDocs.length > 0 && (
                    <List.Item>
                      {t('enrollment.home.missingDocs', {
                        count: missingDocs.length,
                        names: missingDocs.map((m) => m.name).join('; '),
                      })}
                    </List.Item>
                  )}
                  {unmet
                    .filter((c) => !c.criterion.startsWith('document:'))
                    .map((c) => (
                      <List.Item key={c.criterion}>{c.message}</List.Item>
                    ))}
                  {d && unmet.length === 0 && (
                    <List.Item>
                      {t('enrollment.home.eligibleNext', { cap: fmt.pesos(reg.grantCap) })}
                    </List.Item>
                  )}
                  {d && (
                    <List.Item>
                      {t('enrollment.home.registrationCloses', { date: fmt.day(d.registrationCloses) })}
                    </List.Item>
                  )}
                </List>
                <Group>
                  {regLink(
                    missingDocs.length > 0 || unmet.length > 0
                      ? t('enrollment.home.complete')
                      : t('enrollment.home.viewRegistration'),
                  )}
                  {reg.eligible && reg.selection !== 'not_selected' && (
                    <OpenPlanButton cycleId={cycleId} schoolId={school.id}>
                      {t('enrollment.home.openPlan')}
                    </OpenPlanButton>
                  )}
                  {/* Escuelas de Calidad money (features/finance): the school's contributions, transfers, expenses. */}
                  <Button
                    variant="default"
                    renderRoot={(props) => (
                      <Link
                        {...props}
                        to="/pec/recursos/$cycleId/escuelas/$schoolId"
                        params={{ cycleId: String(cycleId), schoolId: String(school.id) }}
                      />
                    )}
                  >
                    {t('finance.home.schoolMoney')}
                  </Button>
                </Group>
              </Stack>
            )
          }
        </QueryView>
        <Title order={3} size="h5">
          {t('enrollment.deadlines.title')}
        </Title>
        <QueryView query={deadlines}>{(list) => <DeadlinesTable deadlines={list} />}</QueryView>
      </Stack>
    </Card>
  );
}

/** Stage counts as a bar, with the same figures in words for screen readers. */
function StageBar({ name, counts, total }: { name: string; counts: Record<Stage, number>; total: number }) {
  const { t } = useTranslation();
  const parts = STAGES.filter((s) => (counts[s] ?? 0) > 0);
  const label = `${name}: ${parts.map((s) => `${t(`enrollment.stage.${s}`)} ${counts[s]}`).join(', ')}`;
  return (
    <div
      role="img"
      aria-label={label}
      style={{ display: 'flex', height: 14, minWidth: 160, border: '1px solid #495057', borderRadius: 3 }}
    >
      {total > 0 &&
        parts.map((s) => (
          <div
            key={s}
            title={`${t(`enrollment.stage.${s}`)}: ${counts[s]}`}
            style={{ width: `${((counts[s] ?? 0) / total) * 100}%`, background: STAGE_BAR[s] }}
          />
        ))}
    </div>
  );
}

function StageLegend() {
  const { t } = useTranslation();
  return (
    <Group gap="md" aria-hidden="true">
      {STAGES.map((s) => (
        <Group key={s} gap={4}>
          <span
            style={{
              display: 'inline-block',
              width: 12,
              height: 12,
              background: STAGE_BAR[s],
              border: '1px solid #495057',
            }}
          />
          <Text size="sm">{t(`enrollment.stage.${s}`)}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** The schools under a unit by stage: child units with counts and a bar, or a zone's schools one by one. */
function DashboardView({ cycleId, unitId }: { cycleId: number; unitId: number | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const dash = useQuery({
    queryKey: [RK, 'dashboard', cycleId, unitId ?? null],
    queryFn: () => get<Dashboard>(`/api/pec/cycles/${cycleId}/dashboard${qs({ unitId })}`),
  });
  const drill = (id: number | undefined) =>
    void navigate({ search: ((s: Record<string, unknown>) => ({ ...s, unidad: id })) as never });
  return (
    <QueryView query={dash}>
      {(d) => {
        const children = [...d.children].sort((a, b) => (b.overdue > 0 ? 1 : 0) - (a.overdue > 0 ? 1 : 0));
        const schools = [...d.schools].sort((a, b) => Number(b.overdue) - Number(a.overdue));
        const total = STAGES.reduce((n, s) => n + (d.totals[s] ?? 0), 0);
        return (
          <Section
            title={t('enrollment.dashboard.title', { unit: d.unit.name })}
            actions={
              unitId ? (
                <Button variant="default" onClick={() => drill(undefined)}>
                  {t('enrollment.dashboard.backToScope')}
                </Button>
              ) : undefined
            }
          >
            <Stack>
              <Text>{t('enrollment.dashboard.summary', { schools: total, overdue: d.overdue })}</Text>
              <ScrollTable label={t('enrollment.dashboard.totals')} minWidth={640}>
                <Table withTableBorder captionSide="top">
                  <Table.Caption>{t('enrollment.dashboard.totals')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      {STAGES.map((s) => (
                        <Table.Th key={s}>{t(`enrollment.stage.${s}`)}</Table.Th>
                      ))}
                      <Table.Th>{t('enrollment.overdue')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    <Table.Tr>
                      {STAGES.map((s) => (
                        <Table.Td key={s}>{d.totals[s] ?? 0}</Table.Td>
                      ))}
                      <Table.Td>{d.overdue}</Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
              </ScrollTable>
              {children.length > 0 && (
                <>
                  <StageLegend />
                  <ScrollTable label={t('enrollment.dashboard.byUnit')} minWidth={1100}>
                    <Table striped withTableBorder captionSide="top">
                      <Table.Caption>{t('enrollment.dashboard.byUnit')}</Table.Caption>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('enrollment.dashboard.unit')}</Table.Th>
                          <Table.Th>{t('enrollment.dashboard.schools')}</Table.Th>
                          {STAGES.map((s) => (
                            <Table.Th key={s}>{t(`enrollment.stage.${s}`)}</Table.Th>
                          ))}
                          <Table.Th>{t('enrollment.overdue')}</Table.Th>
                          <Table.Th>{t('enrollment.dashboard.progress')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {children.map((c) => (
                          <Table.Tr key={c.unit.id}>
                            <Table.Td style={{ minWidth: 200 }}>
                              <Anchor
                                component="button"
                                type="button"
                                onClick={() => drill(c.unit.id)}
                                style={{ color: LINK_COLOR, textAlign: 'left' }}
                              >
                                {t('enrollment.dashboard.unitName', { code: c.unit.code, name: c.unit.name })}
                              </Anchor>
                              {c.unit.kind === 'state' && (
                                <Text size="sm">
                                  <Anchor
                                    renderRoot={(props) => (
                                      <Link
                                        {...props}
                                        to="/pec/seleccion/$stateId"
                                        params={{ stateId: String(c.unit.id) }}
                                        search={{ ciclo: cycleId } as never}
                                      />
                                    )}
                                    style={{ color: LINK_COLOR }}
                                  >
                                    {t('enrollment.selection.nav')}
                                  </Anchor>
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td>{c.schools}</Table.Td>
                            {STAGES.map((s) => (
                              <Table.Td key={s}>{c.counts[s] ?? 0}</Table.Td>
                            ))}
                            <Table.Td>{c.overdue > 0 ? <OverdueBadge count={c.overdue} /> : 0}</Table.Td>
                            <Table.Td>
                              <StageBar
                                name={c.unit.name}
                                counts={c.counts as Record<Stage, number>}
                                total={c.schools}
                              />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </ScrollTable>
                </>
              )}
              {schools.length > 0 && (
                <ScrollTable label={t('enrollment.dashboard.schoolList')} minWidth={720}>
                  <Table striped withTableBorder captionSide="top">
                    <Table.Caption>{t('enrollment.dashboard.schoolList')}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('enrollment.cct')}</Table.Th>
                        <Table.Th>{t('enrollment.school')}</Table.Th>
                        <Table.Th>{t('enrollment.dashboard.stage')}</Table.Th>
                        <Table.Th>{t('enrollment.overdue')}</Table.Th>
                        <Table.Th>{t('common.actions')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {schools.map((s) => (
                        <Table.Tr key={s.id}>
                          <Table.Td>{s.code}</Table.Td>
                          <Table.Td>{s.name}</Table.Td>
                          <Table.Td>
                            <StageBadge stage={s.stage} />
                          </Table.Td>
                          <Table.Td>{s.overdue ? <OverdueBadge /> : t('common.no')}</Table.Td>
                          <Table.Td>
                            <Group gap="sm">
                              {s.stage !== 'not_registered' && (
                                <Anchor
                                  renderRoot={(props) => (
                                    <Link
                                      {...props}
                                      to="/pec/escuelas/$schoolId/registro"
                                      params={{ schoolId: String(s.id) }}
                                      search={{ ciclo: cycleId } as never}
                                    />
                                  )}
                                  style={{ color: LINK_COLOR }}
                                  aria-label={t('enrollment.dashboard.registrationOf', { cct: s.code })}
                                >
                                  {t('enrollment.dashboard.registration')}
                                </Anchor>
                              )}
                              {s.planId && (
                                <PlanLink
                                  planId={s.planId}
                                  label={t('enrollment.dashboard.planOf', { cct: s.code })}
                                >
                                  {t('enrollment.dashboard.plan')}
                                </PlanLink>
                              )}
                              {/* Escuelas de Calidad money (features/finance). */}
                              {s.stage !== 'not_registered' && (
                                <Anchor
                                  renderRoot={(props) => (
                                    <Link
                                      {...props}
                                      to="/pec/recursos/$cycleId/escuelas/$schoolId"
                                      params={{ cycleId: String(cycleId), schoolId: String(s.id) }}
                                    />
                                  )}
                                  style={{ color: LINK_COLOR }}
                                  aria-label={t('finance.home.schoolMoneyOf', { cct: s.code })}
                                >
                                  {t('finance.home.money')}
                                </Anchor>
                              )}
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollTable>
              )}
              {children.length === 0 && schools.length === 0 && (
                <Text>{t('enrollment.dashboard.empty')}</Text>
              )}
            </Stack>
          </Section>
        );
      }}
    </QueryView>
  );
}
