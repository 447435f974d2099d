import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SelectionView } from '../../../contract/enrollment.ts';
import { get, post } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { AMBER, CONTRAST_VARS, GREEN, LINK_COLOR, WRAP_BADGE } from '../../components/contrast.ts';
import { CycleSelect } from '../../components/cycles.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { RK, useCycleChoice, useRefresh, YesNoBadge } from './common.tsx';

/** The state selection committee: the ranked eligible schools, choices against the budget, publication. */
export function SelectionPage() {
  const { t } = useTranslation();
  const { stateId } = useParams({ strict: false }) as { stateId: string };
  const { cycles, cycle, setCycle } = useCycleChoice();
  const cycleId = cycle?.id;
  const key = [RK, 'selection', cycleId, Number(stateId)];
  const selection = useQuery({
    queryKey: key,
    queryFn: () => get<SelectionView>(`/api/pec/cycles/${cycleId}/states/${stateId}/selection`),
    enabled: cycleId !== undefined,
  });
  return (
    <Stack style={CONTRAST_VARS}>
      <Title order={1}>
        {selection.data
          ? t('enrollment.selection.titleFor', { state: selection.data.state.name })
          : t('enrollment.selection.title')}
      </Title>
      <Text>{t('enrollment.selection.intro')}</Text>
      <Group align="flex-end">
        {cycles.data && <CycleSelect cycles={cycles.data} value={cycleId} onChange={setCycle} />}
        <AppLink to="/pec" search={{ ciclo: cycleId }}>
          {t('enrollment.backHome')}
        </AppLink>
      </Group>
      {cycleId !== undefined && (
        <QueryView query={selection}>
          {(s) => <SelectionBody view={s} cycleId={cycleId} stateId={Number(stateId)} queryKey={key} />}
        </QueryView>
      )}
    </Stack>
  );
}

function SelectionBody({
  view,
  cycleId,
  stateId,
  queryKey,
}: {
  view: SelectionView;
  cycleId: number;
  stateId: number;
  queryKey: unknown[];
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const qc = useQueryClient();
  const refresh = useRefresh();
  const choose = useAction();
  const publish = useAction();
  const [pending, setPending] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [minutes, setMinutes] = useState('');
  const decide = view.can.decide;
  const chosen = view.ranked.filter((r) => r.chosen);
  const over = view.committed > view.budget;
  const toggle = (id: string, selected: boolean) => {
    setPending(id);
    void choose
      .run(async () => {
        const next = await post<SelectionView>(
          `/api/pec/cycles/${cycleId}/states/${stateId}/selection/choose`,
          {
            registrationIds: [id],
            selected,
          },
        );
        qc.setQueryData(queryKey, next);
      })
      .finally(() => setPending(null));
  };
  const stateCode = view.state.code;
  return (
    <Stack>
      {view.published ? (
        <Paper withBorder p="md" role="status">
          <Stack gap="xs">
            <Group gap="xs">
              <Badge color={GREEN} variant="filled">
                {t('enrollment.selection.published')}
              </Badge>
              <Text>
                {t('enrollment.selection.publishedOn', {
                  date: fmt.time(view.published.at),
                  by: view.published.by?.name ?? '—',
                  count: view.published.selectedCount,
                  committed: fmt.pesos(view.published.committed),
                })}
              </Text>
            </Group>
            {view.published.minutes && (
              <>
                <Title order={2} size="h5">
                  {t('enrollment.selection.minutes')}
                </Title>
                <Text style={{ whiteSpace: 'pre-wrap' }}>{view.published.minutes}</Text>
              </>
            )}
            <Anchor
              href={`/transparencia/pec?ciclo=${cycleId}&estado=${stateCode}`}
              style={{ color: LINK_COLOR }}
            >
              {t('enrollment.selection.publicLink')}
            </Anchor>
          </Stack>
        </Paper>
      ) : (
        <Text>
          {decide
            ? t('enrollment.selection.deadline', { date: fmt.day(view.selectionPublishes) })
            : t('enrollment.selection.readOnly', { date: fmt.day(view.selectionPublishes) })}
        </Text>
      )}

      {/* The running total against the budget stays in view while scrolling the list. */}
      <Paper
        withBorder
        p="sm"
        shadow="xs"
        style={{ position: 'sticky', top: 64, zIndex: 5, background: 'var(--mantine-color-body)' }}
        component="section"
        aria-label={t('enrollment.selection.budgetRegion')}
      >
        <Stack gap={6}>
          <Group gap="lg" wrap="wrap">
            <Text fw={600}>{t('enrollment.selection.budget', { amount: fmt.pesos(view.budget) })}</Text>
            <Text fw={600} data-testid="committed">
              {t('enrollment.selection.committed', {
                amount: fmt.pesos(view.committed),
                count: chosen.length,
              })}
            </Text>
            <Text fw={600} c={over ? '#b02525' : undefined}>
              {t('enrollment.selection.remaining', { amount: fmt.pesos(view.remaining) })}
            </Text>
          </Group>
          <Progress
            value={view.budget > 0 ? Math.min(100, (view.committed / view.budget) * 100) : 0}
            color={over ? 'red.9' : 'blue.9'}
            aria-label={t('enrollment.selection.usedShare')}
          />
          <ProblemAlert error={choose.error} title={t('enrollment.selection.refused')} />
        </Stack>
      </Paper>

      <Section title={t('enrollment.selection.ranked')}>
        {view.ranked.length === 0 ? (
          <Text role="status">{t('enrollment.selection.empty')}</Text>
        ) : (
          <ScrollTable label={t('enrollment.selection.ranked')} minWidth={1100}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('enrollment.selection.choose')}</Table.Th>
                  <Table.Th>{t('enrollment.selection.rank')}</Table.Th>
                  <Table.Th>{t('enrollment.cct')}</Table.Th>
                  <Table.Th>{t('enrollment.school')}</Table.Th>
                  <Table.Th>{t('enrollment.selection.score')}</Table.Th>
                  <Table.Th>{t('enrollment.selection.marginalization')}</Table.Th>
                  <Table.Th>{t('enrollment.selection.enrolment')}</Table.Th>
                  <Table.Th>{t('enrollment.selection.grantCap')}</Table.Th>
                  <Table.Th>{t('enrollment.selection.flags')}</Table.Th>
                  <Table.Th>{t('enrollment.selection.runningTotal')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {view.ranked.map((r) => {
                  const reg = r.registration;
                  return (
                    <Table.Tr key={reg.id}>
                      <Table.Td>
                        {decide ? (
                          <Checkbox
                            aria-label={t('enrollment.selection.chooseSchool', { cct: reg.school.cct })}
                            checked={r.chosen}
                            styles={{ input: { borderColor: '#495057' } }}
                            disabled={pending !== null}
                            onChange={(e) => toggle(reg.id, e.currentTarget.checked)}
                          />
                        ) : view.published ? (
                          <YesNoBadge
                            ok={reg.selection === 'selected'}
                            yes={t('enrollment.selected')}
                            no={t('enrollment.notSelected')}
                          />
                        ) : r.chosen ? (
                          t('enrollment.selection.chosen')
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>{r.rank}</Table.Td>
                      <Table.Td>
                        <Anchor
                          renderRoot={(props) => (
                            <Link
                              {...props}
                              to="/pec/escuelas/$schoolId/registro"
                              params={{ schoolId: String(reg.school.id) }}
                              search={{ ciclo: cycleId } as never}
                            />
                          )}
                          style={{ color: LINK_COLOR }}
                        >
                          {reg.school.cct}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {reg.school.name}
                        {reg.school.municipality && <Text size="sm">{reg.school.municipality}</Text>}
                      </Table.Td>
                      <Table.Td>{reg.score}</Table.Td>
                      <Table.Td>
                        {r.marginalization ? t(`enrollment.marg.${r.marginalization}`) : '—'}
                      </Table.Td>
                      <Table.Td>{fmt.num(r.enrolment)}</Table.Td>
                      <Table.Td>{fmt.pesos(reg.grantCap)}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          <YesNoBadge
                            ok={reg.eligible}
                            yes={t('enrollment.eligible')}
                            no={t('enrollment.notEligible')}
                          />
                          {reg.requiresExtraConditions && (
                            <Badge color={AMBER} variant="filled" styles={WRAP_BADGE}>
                              {t('enrollment.extraConditions')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>{r.chosen ? fmt.pesos(r.runningTotal) : '—'}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Section>

      {decide && (
        <Section title={t('enrollment.selection.publishTitle')}>
          <Stack gap="xs">
            <Text>{t('enrollment.selection.publishHelp')}</Text>
            <Group>
              <Button onClick={() => setConfirm(true)}>{t('enrollment.selection.publish')}</Button>
            </Group>
          </Stack>
        </Section>
      )}
      <ConfirmDialog
        opened={confirm}
        title={t('enrollment.selection.publishTitle')}
        onCancel={() => {
          publish.setError(null);
          setConfirm(false);
        }}
        busy={publish.busy}
        error={null}
        confirmLabel={t('enrollment.selection.publishConfirmButton')}
        onConfirm={() =>
          void publish
            .run(async () => {
              const next = await post<SelectionView>(
                `/api/pec/cycles/${cycleId}/states/${stateId}/selection/publish`,
                { minutes: minutes.trim() },
              );
              qc.setQueryData(queryKey, next);
            })
            .then((ok) => {
              if (ok) {
                setConfirm(false);
                void refresh();
              }
            })
        }
      >
        <Stack>
          <Text>
            {t('enrollment.selection.publishConfirm', {
              count: chosen.length,
              committed: fmt.pesos(view.committed),
              budget: fmt.pesos(view.budget),
              state: view.state.name,
            })}
          </Text>
          <Text size="sm">{t('enrollment.selection.publishFinal')}</Text>
          <Textarea
            label={t('enrollment.selection.minutes')}
            description={t('enrollment.selection.minutesHelp')}
            autosize
            minRows={3}
            value={minutes}
            onChange={(e) => setMinutes(e.currentTarget.value)}
            maxLength={20_000}
            data-autofocus
          />
          <ProblemAlert error={publish.error} />
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}
