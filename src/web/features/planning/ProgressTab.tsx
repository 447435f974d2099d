import { Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { type Action, type Plan, useRefreshPlan } from './common.tsx';

const STATUSES = ['pending', 'in_progress', 'done', 'cancelled'] as const;

export function ProgressTab({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  return (
    <Section title={t('planning.progress.title')}>
      <Stack>
        {plan.content.pat.actions.length === 0 && <Text>{t('planning.pat.empty')}</Text>}
        {plan.content.pat.actions.map((a, i) => (
          <ProgressCard key={a.id} plan={plan} action={a} n={i + 1} />
        ))}
      </Stack>
    </Section>
  );
}

function ProgressCard({ plan, action, n }: { plan: Plan; action: Action; n: number }) {
  const { t } = useTranslation();
  const f = useFmt();
  const refresh = useRefreshPlan(plan.id);
  const run = useAction();
  const last = plan.progress.find((p) => p.actionId === action.id);
  const [status, setStatus] = useState<string>(last?.status ?? 'pending');
  const [percent, setPercent] = useState<number>(last?.percent ?? 0);
  const [evidence, setEvidence] = useState(last?.evidence ?? '');
  const [saved, setSaved] = useState(false);
  return (
    <Card withBorder padding="sm" component="section" aria-label={t('planning.pat.actionN', { n })}>
      <Stack gap="xs">
        <Text fw={600}>{`${n}. ${action.text}`}</Text>
        <Text size="sm">
          {last
            ? t('planning.progress.last', {
                status: t(`planning.progress.status.${last.status}`),
                percent: last.percent,
                at: f.time(last.reportedAt),
              })
            : t('planning.progress.none')}
        </Text>
        {plan.can.reportProgress && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label={t('planning.progress.statusLabel', { n })}
                data={STATUSES.map((s) => ({ value: s, label: t(`planning.progress.status.${s}`) }))}
                value={status}
                allowDeselect={false}
                onChange={(v) => v && setStatus(v)}
              />
              <NumberInput
                label={t('planning.progress.percent', { n })}
                min={0}
                max={100}
                allowDecimal={false}
                value={percent}
                onChange={(v) => setPercent(Math.max(0, Math.min(100, Number(v) || 0)))}
              />
              <Textarea
                label={t('planning.progress.evidence', { n })}
                autosize
                minRows={1}
                value={evidence}
                onChange={(e) => setEvidence(e.currentTarget.value)}
              />
            </SimpleGrid>
            <Group>
              <Button
                size="xs"
                loading={run.busy}
                onClick={() =>
                  void run
                    .run(() =>
                      post(`/api/pec/plans/${plan.id}/actions/${action.id}/progress`, {
                        status,
                        percent,
                        evidence,
                      }),
                    )
                    .then((ok) => {
                      setSaved(ok);
                      if (ok) void refresh();
                    })
                }
              >
                {t('planning.progress.save', { n })}
              </Button>
              {saved && (
                <Text size="sm" role="status">
                  {t('planning.progress.saved')}
                </Text>
              )}
            </Group>
            <ErrorAlert error={run.error} />
          </>
        )}
      </Stack>
    </Card>
  );
}
