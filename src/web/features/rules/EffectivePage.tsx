import { Badge, Button, Group, Paper, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, OrgUnitDetail } from '../../../contract/api.ts';
import {
  DEADLINES,
  type Deadline,
  type EffectiveRulesView,
  type ExtensionInfo,
} from '../../../contract/rules.ts';
import { ApiError, get, post, qs } from '../../api/client.ts';
import { CONTRAST_VARS } from '../../components/contrast.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { CycleCrumbs } from './CyclePage.tsx';
import { ModifiedBadge, problemsByPath, RK, useRefreshRules } from './common.tsx';
import { DateInput } from './inputs.tsx';
import { RulesCompare } from './RulesView.tsx';

interface DeadlineStatus {
  deadline: Deadline;
  label: string;
  date: string;
  extendedUntil: string | null;
  open: boolean;
}

const EXTENSION_KINDS = ['sector', 'zone', 'school'] as const;

/** The rules in force for a state or school, beside the federal ones, with its deadlines and extensions. */
export function EffectivePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const navigate = useNavigate();
  const { cycleId } = useParams({ strict: false }) as { cycleId: string };
  const search = useSearch({ strict: false }) as { unitId?: number | string };
  const unitId = Number(search.unitId) || me.assignments[0]?.unit.id || null;
  const [granting, setGranting] = useState(false);
  const canAdapt = me.permissions.includes('rules.adapt');
  const unit = useQuery({
    queryKey: ['unit', String(unitId)],
    queryFn: () => get<OrgUnitDetail>(`/api/org/units/${unitId}`),
    enabled: unitId !== null,
  });
  const view = useQuery({
    queryKey: [RK, 'effective', cycleId, String(unitId ?? '')],
    queryFn: () => get<EffectiveRulesView>(`/api/pec/cycles/${cycleId}/effective${qs({ unitId })}`),
  });
  const deadlines = useQuery({
    queryKey: [RK, 'deadlines', cycleId, String(unitId)],
    queryFn: () => get<DeadlineStatus[]>(`/api/pec/cycles/${cycleId}/deadlines${qs({ unitId })}`),
    enabled: unitId !== null,
  });
  const extensions = useQuery({
    queryKey: [RK, 'extensions', cycleId],
    queryFn: () => get<ExtensionInfo[]>(`/api/pec/cycles/${cycleId}/extensions`),
  });
  const choose = (v: string | null) =>
    void navigate({
      to: '/reglas/$cycleId/efectivas',
      params: { cycleId },
      search: (v ? { unitId: Number(v) } : {}) as never,
    });
  const changed =
    view.data?.differences.filter((d) => !(d.rule === 'stateContribution' && !d.effective)) ?? [];

  return (
    <Stack gap="lg" style={CONTRAST_VARS}>
      <CycleCrumbs schoolYear={view.data?.cycle.schoolYear} cycleId={cycleId} />
      <Title order={1}>
        {view.data
          ? t('rules.effective.titleCycle', { year: view.data.cycle.schoolYear })
          : t('rules.effective.title')}
      </Title>
      <Text>{t('rules.effective.intro')}</Text>
      <Group align="end" wrap="wrap">
        <div style={{ minWidth: 320 }}>
          <UnitPicker value={unitId === null ? null : String(unitId)} onChange={choose} required={false} />
        </div>
        {unit.data && (
          <Text fw={600}>
            {t('rules.effective.for', {
              unit: `${unit.data.name} · ${unit.data.code}`,
              kind: t(`kinds.${unit.data.kind}`),
            })}
          </Text>
        )}
      </Group>

      <QueryView query={view}>
        {(v) => (
          <Stack gap="lg">
            <Paper withBorder p="md">
              <Text fw={700}>{t('rules.effective.sources')}</Text>
              <Text size="sm">
                {t('rules.effective.federalVersion', { version: v.federalVersion })}
                {' · '}
                {v.state
                  ? v.adaptationVersion === null
                    ? t('rules.effective.noAdaptation', { state: v.state.name })
                    : t('rules.effective.adaptationVersion', {
                        state: v.state.name,
                        version: v.adaptationVersion,
                      })
                  : t('rules.effective.national')}
              </Text>
              <Group gap="xs" mt="xs">
                {changed.length > 0 ? (
                  <>
                    <ModifiedBadge />
                    <Text size="sm">{t('rules.effective.changedCount', { count: changed.length })}</Text>
                  </>
                ) : (
                  <Text size="sm">{t('rules.effective.noChanges')}</Text>
                )}
              </Group>
            </Paper>

            {unitId !== null && (
              <Section title={t('rules.deadlinesTable.title')}>
                <QueryView query={deadlines}>
                  {(list) => (
                    <ScrollTable label={t('rules.deadlinesTable.title')} minWidth={640}>
                      <Table striped withTableBorder>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>{t('rules.deadlinesTable.deadline')}</Table.Th>
                            <Table.Th>{t('rules.deadlinesTable.date')}</Table.Th>
                            <Table.Th>{t('rules.deadlinesTable.extendedUntil')}</Table.Th>
                            <Table.Th>{t('rules.deadlinesTable.status')}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {list.map((d) => (
                            <Table.Tr key={d.deadline}>
                              <Table.Td>
                                {t(`rules.deadlines.${d.deadline}`, { defaultValue: d.label })}
                              </Table.Td>
                              <Table.Td>{fmt.day(d.date)}</Table.Td>
                              <Table.Td>{d.extendedUntil ? fmt.day(d.extendedUntil) : '—'}</Table.Td>
                              <Table.Td>
                                <Badge color={d.open ? '#2b6e35' : 'gray.8'} variant="filled">
                                  {d.open ? t('rules.deadlinesTable.open') : t('rules.deadlinesTable.closed')}
                                </Badge>
                              </Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </ScrollTable>
                  )}
                </QueryView>
              </Section>
            )}

            <Section title={t('rules.effective.compare')}>
              <RulesCompare federal={v.federal} effective={v.effective} differences={v.differences} />
            </Section>
          </Stack>
        )}
      </QueryView>

      <Section
        title={t('rules.extensions.title')}
        actions={canAdapt && <Button onClick={() => setGranting(true)}>{t('rules.extensions.grant')}</Button>}
      >
        <QueryView query={extensions} isEmpty={(d) => d.length === 0} emptyText={t('rules.extensions.empty')}>
          {(list) => (
            <ScrollTable label={t('rules.extensions.title')} minWidth={800}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('rules.extensions.unit')}</Table.Th>
                    <Table.Th>{t('rules.extensions.deadline')}</Table.Th>
                    <Table.Th>{t('rules.extensions.until')}</Table.Th>
                    <Table.Th>{t('rules.extensions.reason')}</Table.Th>
                    <Table.Th>{t('rules.extensions.grantedBy')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((x) => (
                    <Table.Tr key={x.id}>
                      <Table.Td>
                        {t(`kinds.${x.unit.kind}`, { defaultValue: x.unit.kind })} {x.unit.code} ·{' '}
                        {x.unit.name}
                      </Table.Td>
                      <Table.Td>{t(`rules.deadlines.${x.deadline}`)}</Table.Td>
                      <Table.Td>{fmt.day(x.until)}</Table.Td>
                      <Table.Td>{x.reason}</Table.Td>
                      <Table.Td>
                        {x.grantedBy?.name ?? t('rules.versions.system')}
                        <Text size="sm">{fmt.time(x.grantedAt)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
        </QueryView>
      </Section>
      {canAdapt && granting && <GrantDialog cycleId={cycleId} onClose={() => setGranting(false)} />}
    </Stack>
  );
}

function GrantDialog({ cycleId, onClose }: { cycleId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefreshRules();
  const action = useAction();
  const [kind, setKind] = useState<(typeof EXTENSION_KINDS)[number]>('zone');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [deadline, setDeadline] = useState<Deadline>('registration_closes');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const current = useQuery({
    queryKey: [RK, 'deadlines', cycleId, String(unitId)],
    queryFn: () => get<DeadlineStatus[]>(`/api/pec/cycles/${cycleId}/deadlines${qs({ unitId })}`),
    enabled: unitId !== null,
  });
  const now = current.data?.find((d) => d.deadline === deadline);
  const problems = problemsByPath(action.error);
  const code = action.error instanceof ApiError ? action.error.problem.code : null;
  const submit = () => {
    const errs: Record<string, string> = {};
    if (!unitId) errs.unitId = t('rules.form.required');
    if (!until) errs.until = t('rules.form.required');
    if (!reason.trim()) errs.reason = t('rules.form.required');
    setLocal(errs);
    if (Object.keys(errs).length) return;
    void action
      .run(() =>
        post(`/api/pec/cycles/${cycleId}/extensions`, {
          unitId: Number(unitId),
          deadline,
          until,
          reason: reason.trim(),
        }),
      )
      .then(async (ok) => {
        if (!ok) return;
        await refresh();
        onClose();
      });
  };
  const serverMessage = action.error instanceof ApiError ? action.error.message : undefined;
  return (
    <Dialog opened onClose={onClose} title={t('rules.extensions.grant')} size="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack style={CONTRAST_VARS}>
          {action.error && code !== 'extension_date' && code !== 'extension_unit_kind' ? (
            <ProblemAlert error={action.error} />
          ) : action.error ? (
            <ErrorAlert error={action.error} />
          ) : null}
          <Text size="sm">{t('rules.extensions.help')}</Text>
          <Select
            label={t('rules.extensions.unitKind')}
            data={EXTENSION_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            value={kind}
            onChange={(v) => {
              if (v) setKind(v as typeof kind);
              setUnitId(null);
            }}
            allowDeselect={false}
            data-autofocus
          />
          <div>
            <UnitPicker value={unitId} onChange={setUnitId} kind={kind} />
            {(local.unitId || code === 'extension_unit_kind') && (
              <Text size="sm" c="red.9" mt={4}>
                {local.unitId ?? serverMessage}
              </Text>
            )}
          </div>
          <Select
            label={t('rules.extensions.deadline')}
            data={DEADLINES.map((d) => ({ value: d, label: t(`rules.deadlines.${d}`) }))}
            value={deadline}
            onChange={(v) => v && setDeadline(v as Deadline)}
            allowDeselect={false}
            required
          />
          <DateInput
            label={t('rules.extensions.until')}
            description={
              now
                ? t('rules.extensions.currentDate', {
                    date: fmt.day(now.date),
                    extended: now.extendedUntil
                      ? t('rules.extensions.alreadyExtended', { date: fmt.day(now.extendedUntil) })
                      : '',
                  })
                : t('rules.extensions.untilHelp')
            }
            required
            value={until}
            onChange={setUntil}
            error={local.until ?? (code === 'extension_date' ? serverMessage : problems.get('until'))}
          />
          <Textarea
            label={t('rules.extensions.reason')}
            required
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={local.reason ?? problems.get('reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={action.busy}>
              {t('rules.extensions.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Dialog>
  );
}
