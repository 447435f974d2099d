import { Alert, Button, Card, Group, List, Select, Stack, Text, Textarea, Timeline } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { type Plan, StateBadge, useRefreshPlan } from './common.tsx';
import type { PlanEditor } from './use-plan-editor.ts';

const NEEDS_OBSERVATIONS = ['return', 'approve_with_observations', 'committee_return'];

export function ReviewTab({ plan, editor }: { plan: Plan; editor: PlanEditor }) {
  const { t } = useTranslation();
  const f = useFmt();
  const [acting, setActing] = useState<string | null>(null);
  return (
    <Stack>
      <Section title={t('planning.review.title')}>
        <Stack gap="xs">
          <Group gap="xs">
            <Text>{t('planning.review.state')}</Text>
            <StateBadge state={plan.state} />
          </Group>
          <List size="sm">
            {plan.deadlines
              .filter((d) => ['plan_delivery', 'plan_review', 'ruling'].includes(d.deadline))
              .map((d) => (
                <List.Item key={d.deadline}>
                  {t(`planning.deadlines.${d.deadline}`)}: {f.day(d.date)}{' '}
                  {d.open ? '' : `(${t('planning.review.closed')})`}
                </List.Item>
              ))}
          </List>
        </Stack>
      </Section>
      {plan.can.edit && (
        <Section title={t('planning.review.missing')}>
          {plan.missing.length === 0 ? (
            <Text>{t('planning.review.complete')}</Text>
          ) : (
            <List size="sm">
              {plan.missing.map((m) => (
                <List.Item key={`${m.path}${m.message}`}>{m.message}</List.Item>
              ))}
            </List>
          )}
        </Section>
      )}
      {plan.workflow.actions.length > 0 && (
        <Section title={t('planning.review.actions')}>
          <Stack gap="xs">
            {editor.dirty && <Text size="sm">{t('planning.review.waitSave')}</Text>}
            <Group>
              {plan.workflow.actions.map((a) => (
                <Button key={a} disabled={editor.dirty} onClick={() => setActing(a)}>
                  {t(`planning.actions.${a}`)}
                </Button>
              ))}
            </Group>
          </Stack>
        </Section>
      )}
      {acting && <ActionDialog plan={plan} action={acting} onClose={() => setActing(null)} />}
      <Section title={t('planning.review.observations')}>
        {plan.observations.length === 0 ? (
          <Text>{t('planning.review.noObservations')}</Text>
        ) : (
          <Stack gap="sm">
            {plan.observations.map((o) => (
              <ObservationCard key={o.id} plan={plan} observation={o} />
            ))}
          </Stack>
        )}
      </Section>
      <Section title={t('planning.review.timeline')}>
        <Timeline bulletSize={14} lineWidth={2}>
          {plan.workflow.timeline.map((e) => (
            <Timeline.Item key={e.seq} title={t(`planning.events.${e.action}`, { defaultValue: e.action })}>
              <Text size="sm">
                {`${e.actor?.name ?? '—'} · ${f.time(e.at)}`}
                {e.actingAs ? ` · ${t(`roles.${e.actingAs}`, { defaultValue: e.actingAs })}` : ''}
              </Text>
              {e.comment && <Text size="sm">{e.comment}</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      </Section>
    </Stack>
  );
}

export function pathLabel(
  plan: Plan,
  path: string | null,
  t: (k: string, o?: Record<string, unknown>) => string,
) {
  if (!path) return t('planning.review.general');
  const [part, list, id] = path.split('.');
  if (part === 'pat' && list === 'actions')
    return `${t('planning.review.action')}: ${plan.content.pat.actions.find((a) => a.id === id)?.text ?? id}`;
  if (part === 'pete' && list === 'goals')
    return `${t('planning.review.goal')}: ${plan.content.pete.goals.find((g) => g.id === id)?.text ?? id}`;
  if (part === 'pete' && list === 'objectives')
    return `${t('planning.review.objective')}: ${plan.content.pete.objectives.find((g) => g.id === id)?.text ?? id}`;
  if (path === 'selfEvaluation') return t('planning.tabs.self');
  if (part === 'pete' && list) return t(`planning.pete.${list}`, { defaultValue: path });
  return path;
}

function ActionDialog({ plan, action, onClose }: { plan: Plan; action: string; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshPlan(plan.id);
  const run = useAction();
  const needs = NEEDS_OBSERVATIONS.includes(action);
  const [comment, setComment] = useState('');
  const [observations, setObservations] = useState<{ path: string | null; text: string }[]>(
    needs ? [{ path: null, text: '' }] : [],
  );
  const [missing, setMissing] = useState(false);
  const parts = [
    { value: '', label: t('planning.review.general') },
    { value: 'selfEvaluation', label: t('planning.tabs.self') },
    { value: 'pete.mission', label: t('planning.pete.mission') },
    { value: 'pete.vision', label: t('planning.pete.vision') },
    ...plan.content.pete.objectives.map((o) => ({
      value: `pete.objectives.${o.id}`,
      label: pathLabel(plan, `pete.objectives.${o.id}`, t),
    })),
    ...plan.content.pete.goals.map((g) => ({
      value: `pete.goals.${g.id}`,
      label: pathLabel(plan, `pete.goals.${g.id}`, t),
    })),
    ...plan.content.pat.actions.map((a) => ({
      value: `pat.actions.${a.id}`,
      label: pathLabel(plan, `pat.actions.${a.id}`, t),
    })),
  ];
  const filled = observations.filter((o) => o.text.trim());
  return (
    <ConfirmDialog
      opened
      title={t(`planning.actions.${action}`)}
      confirmLabel={t(`planning.actions.${action}`)}
      busy={run.busy}
      onCancel={onClose}
      onConfirm={() => {
        if (needs && filled.length === 0) {
          setMissing(true);
          return;
        }
        void run
          .run(() =>
            post(`/api/pec/plans/${plan.id}/review/${action}`, {
              ...(comment.trim() ? { comment: comment.trim() } : {}),
              observations: filled.map((o) => ({ path: o.path || null, text: o.text.trim() })),
              revision: plan.revision,
            }),
          )
          .then(async (ok) => {
            if (ok) {
              await refresh();
              onClose();
            } else await refresh();
          });
      }}
    >
      <Stack>
        {action === 'submit' && plan.missing.length > 0 && (
          <Alert color="red" title={t('planning.review.missing')}>
            <List size="sm">
              {plan.missing.map((m) => (
                <List.Item key={`${m.path}${m.message}`}>{m.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Text size="sm">{t(`planning.actionHelp.${action}`)}</Text>
        <Textarea
          label={t('planning.review.comment')}
          autosize
          minRows={2}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        {(needs || action === 'endorse' || action === 'approve') && (
          <Stack gap="xs">
            {observations.map((o, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are only appended while the dialog is open
              <Card key={i} withBorder padding="xs">
                <Stack gap={4}>
                  <Select
                    label={t('planning.review.about', { n: i + 1 })}
                    data={parts}
                    value={o.path ?? ''}
                    allowDeselect={false}
                    onChange={(v) =>
                      setObservations((cur) => cur.map((x, j) => (j === i ? { ...x, path: v || null } : x)))
                    }
                  />
                  <Textarea
                    label={t('planning.review.observationN', { n: i + 1 })}
                    autosize
                    minRows={2}
                    required={needs && i === 0}
                    value={o.text}
                    error={missing && i === 0 ? t('planning.review.observationRequired') : undefined}
                    onChange={(e) => {
                      const text = e.currentTarget.value;
                      setMissing(false);
                      setObservations((cur) => cur.map((x, j) => (j === i ? { ...x, text } : x)));
                    }}
                  />
                </Stack>
              </Card>
            ))}
            {needs && (
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => setObservations((cur) => [...cur, { path: null, text: '' }])}
                >
                  {t('planning.review.addObservation')}
                </Button>
              </Group>
            )}
          </Stack>
        )}
        {run.error instanceof ApiError && run.error.problem.errors?.length ? (
          <Alert color="red" role="alert" title={run.error.problem.title}>
            <List size="sm">
              {run.error.problem.errors.map((e) => (
                <List.Item key={`${e.path}${e.message}`}>{e.message}</List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <ErrorAlert error={run.error} />
        )}
      </Stack>
    </ConfirmDialog>
  );
}

function ObservationCard({
  plan,
  observation: o,
}: {
  plan: Plan;
  observation: Plan['observations'][number];
}) {
  const { t } = useTranslation();
  const f = useFmt();
  const refresh = useRefreshPlan(plan.id);
  const run = useAction();
  const [answer, setAnswer] = useState(o.answer ?? '');
  return (
    <Card
      withBorder
      padding="sm"
      component="article"
      aria-label={t('planning.review.observationAria', { id: o.id })}
    >
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {`${t(`planning.stages.${o.stage}`)} · ${o.by?.name ?? '—'} · ${f.time(o.at)} · ${pathLabel(plan, o.path, t)}`}
        </Text>
        <Text>{o.text}</Text>
        {o.answer && (
          <Text size="sm">
            <strong>{t('planning.review.answer')}:</strong> {o.answer}
          </Text>
        )}
        {plan.can.answer && !plan.locked && (
          <>
            <Textarea
              label={t('planning.review.answerLabel', { id: o.id })}
              autosize
              minRows={1}
              value={answer}
              onChange={(e) => setAnswer(e.currentTarget.value)}
            />
            <Group>
              <Button
                size="xs"
                loading={run.busy}
                disabled={!answer.trim()}
                onClick={() =>
                  void run
                    .run(() =>
                      post(`/api/pec/plans/${plan.id}/observations/${o.id}/answer`, {
                        answer: answer.trim(),
                      }),
                    )
                    .then((ok) => {
                      if (ok) void refresh();
                    })
                }
              >
                {t('planning.review.sendAnswer')}
              </Button>
            </Group>
            <ErrorAlert error={run.error} />
          </>
        )}
      </Stack>
    </Card>
  );
}
