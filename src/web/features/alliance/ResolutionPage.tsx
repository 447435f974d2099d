import { Alert, Anchor, Badge, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ResolutionDetail } from '../../../contract/alliance.ts';
import { get } from '../../api/client.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { Section } from '../../components/Section.tsx';
import {
  AK,
  ALink,
  BodyLink,
  PageHeader,
  Prose,
  StateBadge,
  TimelineList,
  useFormat,
  WorkflowButtons,
} from './common.tsx';
import { DecisionFacts } from './SynthesisPage.tsx';

type Res = z.infer<typeof ResolutionDetail>;

export function ResolutionPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useQuery({
    queryKey: [AK, 'resolution', id],
    queryFn: () => get<Res>(`/api/alliance/resolutions/${id}`),
  });
  return <QueryView query={q}>{(r) => <ResolutionView res={r} />}</QueryView>;
}

function ResolutionView({ res: r }: { res: Res }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack>
      <PageHeader title={`${r.number} · ${r.title}`} state={r.state} above={<BodyLink body={r.body} />}>
        <Group gap="md" wrap="wrap">
          <Text>{t('alliance.resolutions.issuedOn', { date: f.time(r.issuedAt) })}</Text>
          <Badge color={r.published ? '#2b6e35' : 'gray.8'} variant="filled">
            {r.published ? t('alliance.resolutions.published') : t('alliance.resolutions.notPublished')}
          </Badge>
          <Anchor href={`/api/alliance/resolutions/${r.id}/resolucion.pdf`} size="sm">
            {t('alliance.resolutions.pdf')}
          </Anchor>
        </Group>
      </PageHeader>
      <Alert color="gray.8" variant="outline">
        {t('alliance.resolutions.immutable')}
      </Alert>
      {r.supersededBy.length > 0 && (
        <Alert color="#9a3412" variant="outline" title={t('alliance.resolutions.supersededTitle')}>
          {r.supersededBy.map((s) => (
            <ALink key={s.id} to="/alianza/resoluciones/$id" params={{ id: s.id }} mr="sm">
              {s.number}
            </ALink>
          ))}
        </Alert>
      )}
      {r.supersedes && (
        <Text>
          {t('alliance.resolutions.supersedes')}{' '}
          <ALink to="/alianza/resoluciones/$id" params={{ id: r.supersedes.id }}>
            {r.supersedes.number}
          </ALink>
        </Text>
      )}
      <WorkflowButtons workflow={r.workflow} url={`/api/alliance/resolutions/${r.id}`} />
      <Section title={t('alliance.resolutions.text')}>
        <Card withBorder>
          <Prose text={r.text} />
        </Card>
      </Section>
      <Section title={t('alliance.resolutions.decision')}>
        <Card withBorder>
          <DecisionFacts decision={r.decision} />
          <Text size="sm" mt="xs">
            {t('alliance.decisions.atSession', {
              title: r.decision.meeting.title,
              date: f.time(r.decision.decidedAt),
            })}{' '}
            <ALink to="/alianza/sesiones/$id" params={{ id: r.decision.meeting.id }}>
              {t('alliance.resolutions.openSession')}
            </ALink>
          </Text>
        </Card>
      </Section>
      <Section title={t('alliance.resolutions.lineage')}>
        <Stack gap="sm">
          <Text fw={600}>{t('alliance.resolutions.origin')}</Text>
          <Text>
            {t('alliance.resolutions.fromSynthesis')}{' '}
            <ALink to="/alianza/sintesis/$id" params={{ id: r.synthesis.id }}>
              {r.synthesis.title}
            </ALink>{' '}
            ({r.synthesis.body.code})
          </Text>
          <Stack gap={4} component="ul" style={{ paddingLeft: 20, margin: 0 }}>
            {r.documents.map((d) => (
              <li key={d.id}>
                <ALink to="/alianza/documentos/$id" params={{ id: d.id }}>
                  {d.title}
                </ALink>{' '}
                — {d.body.code} · {t('alliance.syntheses.pinned', { n: d.versionNumber })}
              </li>
            ))}
          </Stack>
          <Text fw={600}>{t('alliance.resolutions.followUp')}</Text>
          {r.observations.length === 0 ? (
            <Text>{t('alliance.resolutions.noObservations')}</Text>
          ) : (
            <Stack gap="xs">
              {r.observations.map((o) => (
                <Card key={o.id} withBorder padding="sm">
                  <Text size="sm" fw={600}>
                    {t('alliance.resolutions.observationTo', { mesa: `${o.body.code} · ${o.body.name}` })}
                  </Text>
                  <Text style={{ whiteSpace: 'pre-wrap' }}>{o.text}</Text>
                  {o.task ? (
                    <Group gap="xs" mt={4}>
                      <Text size="sm">{t('alliance.resolutions.task')}</Text>
                      <ALink to="/alianza/tareas/$id" params={{ id: o.task.id }}>
                        {o.task.title}
                      </ALink>
                      <StateBadge state={o.task.state} />
                      <Text size="sm" c={o.task.overdue ? 'red.9' : undefined}>
                        {t('alliance.inbox.due', { date: f.day(o.task.dueOn) })}
                      </Text>
                    </Group>
                  ) : (
                    <Text size="sm">{t('alliance.resolutions.taskPending')}</Text>
                  )}
                </Card>
              ))}
            </Stack>
          )}
          <Text fw={600}>{t('alliance.resolutions.metas')}</Text>
          {r.metas.length === 0 ? (
            <Text>{t('alliance.metas.empty')}</Text>
          ) : (
            <Stack gap="xs">
              {r.metas.map((m) => (
                <Card key={m.id} withBorder padding="sm">
                  <Group justify="space-between">
                    <Text fw={600}>{m.title}</Text>
                    <StateBadge state={m.status} />
                  </Group>
                  <Text size="sm">
                    {m.indicator ?? '—'} · {f.num(m.baseline)} → {f.num(m.target)} {m.unit ?? ''} ·{' '}
                    {f.day(m.dueOn)}
                  </Text>
                  {m.latest?.percent != null && (
                    <Progress
                      value={m.latest.percent}
                      color="blue.8"
                      aria-label={t('alliance.metas.progressOf', { title: m.title })}
                    />
                  )}
                </Card>
              ))}
            </Stack>
          )}
        </Stack>
      </Section>
      <TimelineList events={r.workflow.timeline} />
    </Stack>
  );
}
