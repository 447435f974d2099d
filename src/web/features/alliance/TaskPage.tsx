import { Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { TaskDetail } from '../../../contract/alliance.ts';
import { get } from '../../api/client.ts';
import { QueryView } from '../../components/QueryView.tsx';
import {
  AK,
  ALink,
  BodyLink,
  Field,
  PageHeader,
  Prose,
  TimelineList,
  useFormat,
  WorkflowButtons,
} from './common.tsx';

type Task = z.infer<typeof TaskDetail>;

export function TaskPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useQuery({ queryKey: [AK, 'task', id], queryFn: () => get<Task>(`/api/alliance/tasks/${id}`) });
  return <QueryView query={q}>{(x) => <TaskView task={x} />}</QueryView>;
}

function TaskView({ task: x }: { task: Task }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack>
      <PageHeader title={x.title} state={x.state} above={<BodyLink body={x.body} />} />
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <Field label={t('alliance.tasks.source')}>
            {t(`alliance.tasks.sources.${x.source}`)}
            {x.resolutionId && x.resolutionNumber ? (
              <>
                {' · '}
                <ALink to="/alianza/resoluciones/$id" params={{ id: x.resolutionId }}>
                  {x.resolutionNumber}
                </ALink>
              </>
            ) : null}
            {x.meetingId ? (
              <>
                {' · '}
                <ALink to="/alianza/sesiones/$id" params={{ id: x.meetingId }}>
                  {t('alliance.tasks.fromSession')}
                </ALink>
              </>
            ) : null}
          </Field>
          <Field label={t('alliance.tasks.responsible')}>
            {x.responsible?.name ?? t('alliance.tasks.officers')}
          </Field>
          <Field label={t('alliance.tasks.due')}>
            <Text component="span" c={x.overdue ? 'red.9' : undefined} fw={x.overdue ? 700 : undefined}>
              {f.day(x.dueOn)}
              {x.overdue ? ` · ${t('alliance.overdue')}` : ''}
            </Text>
          </Field>
          <Field label={t('alliance.status')}>{t(`alliance.states.${x.state}`)}</Field>
        </SimpleGrid>
      </Card>
      {x.evidence && (
        <Field label={t('alliance.tasks.evidence')}>
          <Prose text={x.evidence} />
        </Field>
      )}
      {x.canAct && (
        <WorkflowButtons
          workflow={x.workflow}
          url={`/api/alliance/tasks/${x.id}`}
          commentRequired={['close', 'reopen']}
          commentLabel={{
            close: t('alliance.tasks.evidenceLabel'),
            reopen: t('alliance.tasks.reopenReason'),
            start: t('alliance.comment'),
          }}
        />
      )}
      <TimelineList events={x.workflow.timeline} />
    </Stack>
  );
}
