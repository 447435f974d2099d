import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  type BodyDetail,
  type DecisionInfo,
  OUTCOMES,
  type Overview,
  POSITIONS,
  type SynthesisDetail,
} from '../../../contract/alliance.ts';
import { api, get, post } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import {
  AK,
  ALink,
  BodyLink,
  Field,
  PageHeader,
  Prose,
  TimelineList,
  useFormat,
  useRefresh,
  WorkflowButtons,
} from './common.tsx';
import { FormDialog } from './FormDialog.tsx';

type Syn = z.infer<typeof SynthesisDetail>;

export function SynthesisPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useQuery({
    queryKey: [AK, 'synthesis', id],
    queryFn: () => get<Syn>(`/api/alliance/syntheses/${id}`),
  });
  return <QueryView query={q}>{(s) => <SynthesisView syn={s} />}</QueryView>;
}

const DECIDING = ['approve', 'return', 'reject', 'defer'];

function SynthesisView({ syn }: { syn: Syn }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [scheduling, setScheduling] = useState(false);
  const [revising, setRevising] = useState(false);
  // The eje may revise what it sends while it is a draft or after the commission returned it.
  const canRevise = syn.workflow.actions.includes('send');
  const canSchedule = syn.workflow.actions.includes('schedule');
  const canDecide = syn.workflow.actions.some((a) => DECIDING.includes(a));
  return (
    <Stack>
      <PageHeader title={syn.title} state={syn.state} above={<BodyLink body={syn.body} />}>
        <Group gap="xs">
          <Anchor href={`/api/alliance/syntheses/${syn.id}/sintesis.pdf`} size="sm">
            {t('alliance.syntheses.pdf')}
          </Anchor>
        </Group>
      </PageHeader>
      <Group gap="xs" align="start">
        <WorkflowButtons workflow={syn.workflow} url={`/api/alliance/syntheses/${syn.id}`} only={['send']} />
        {canSchedule && <Button onClick={() => setScheduling(true)}>{t('alliance.do.schedule')}</Button>}
        {canRevise && (
          <Button variant="default" onClick={() => setRevising(true)}>
            {t('alliance.syntheses.revise')}
          </Button>
        )}
      </Group>
      {syn.meeting && (
        <Text>
          {t('alliance.syntheses.onSession')}{' '}
          <ALink to="/alianza/sesiones/$id" params={{ id: syn.meeting.id }}>
            {syn.meeting.title} · {f.time(syn.meeting.startsAt)}
          </ALink>
        </Text>
      )}
      {syn.resolution && (
        <Alert color="#2b6e35" variant="outline" title={t('alliance.syntheses.resolved')}>
          <ALink to="/alianza/resoluciones/$id" params={{ id: syn.resolution.id }} fw={600}>
            {syn.resolution.number} · {syn.resolution.title}
          </ALink>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t('alliance.syntheses.summary')}>
          <Prose text={syn.summary} />
        </Section>
        <Section title={t('alliance.syntheses.recommendations')}>
          <Prose text={syn.recommendations} />
        </Section>
      </SimpleGrid>
      <Section title={t('alliance.syntheses.documents')}>
        <Stack gap={4} component="ul" style={{ paddingLeft: 20, margin: 0 }}>
          {syn.documents.map((d) => (
            <li key={d.id}>
              <ALink to="/alianza/documentos/$id" params={{ id: d.id }}>
                {d.title}
              </ALink>{' '}
              — {d.body.code} · {t(`alliance.docKinds.${d.kind}`)} ·{' '}
              <Badge variant="outline" color="gray.8">
                {t('alliance.syntheses.pinned', { n: d.versionNumber })}
              </Badge>
            </li>
          ))}
        </Stack>
      </Section>
      {canDecide && <DecisionForm syn={syn} />}
      <Section title={t('alliance.decisions.title')}>
        {syn.decisions.length === 0 ? (
          <Text>{t('alliance.decisions.empty')}</Text>
        ) : (
          <DecisionList decisions={syn.decisions} />
        )}
      </Section>
      <TimelineList events={syn.workflow.timeline} />
      {canSchedule && <ScheduleDialog syn={syn} opened={scheduling} onClose={() => setScheduling(false)} />}
      {canRevise && <ReviseDialog syn={syn} opened={revising} onClose={() => setRevising(false)} />}
    </Stack>
  );
}

export function DecisionList({ decisions }: { decisions: z.infer<typeof DecisionInfo>[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack gap="xs">
      {decisions.map((d) => (
        <Card key={d.id} withBorder padding="sm">
          <DecisionFacts decision={d} />
          <Text size="sm" mt={4}>
            {t('alliance.decisions.atSession', { title: d.meeting.title, date: f.time(d.decidedAt) })}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

export function DecisionFacts({ decision: d }: { decision: z.infer<typeof DecisionInfo> }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Badge
          color={
            d.outcome.startsWith('approved') ? '#2b6e35' : d.outcome === 'rejected' ? 'red.9' : '#9a3412'
          }
          variant="filled"
        >
          {t(`alliance.outcomes.${d.outcome}`)}
        </Badge>
        <Text size="sm">{t('alliance.decisions.method')}</Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Field label={t('alliance.decisions.sepPosition')}>
          {t(`alliance.positionsVote.${d.sepPosition}`)}
        </Field>
        <Field label={t('alliance.decisions.sntePosition')}>
          {t(`alliance.positionsVote.${d.sntePosition}`)}
        </Field>
      </SimpleGrid>
      <Field label={t('alliance.decisions.reasons')}>
        <Prose text={d.reasons} />
      </Field>
      <Field label={t('alliance.decisions.present')}>
        {d.present.length === 0
          ? '—'
          : d.present.map((p) => `${p.name} (${p.side.toUpperCase()})`).join(', ')}
      </Field>
    </Stack>
  );
}

function ReviseDialog({ syn, opened, onClose }: { syn: Syn; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const [title, setTitle] = useState(syn.title);
  const [summary, setSummary] = useState(syn.summary);
  const [recommendations, setRecommendations] = useState(syn.recommendations);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (opened) {
      setTitle(syn.title);
      setSummary(syn.summary);
      setRecommendations(syn.recommendations);
      setShown(false);
      setError(null);
    }
  }, [opened, syn, setError]);
  const missing = (v: string) => (shown && !v.trim() ? t('alliance.required') : undefined);
  const submit = async () => {
    setShown(true);
    if (!title.trim() || !summary.trim() || !recommendations.trim()) return;
    const ok = await run(() =>
      api('PUT', `/api/alliance/syntheses/${syn.id}`, {
        title,
        summary,
        recommendations,
        expectedVersion: syn.workflow.version,
      }),
    );
    await refresh();
    if (ok) onClose();
  };
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.syntheses.revise')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
      size="lg"
    >
      <Text size="sm">{t('alliance.syntheses.reviseHelp')}</Text>
      <TextInput
        label={t('alliance.syntheses.titleLabel')}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        required
        error={missing(title)}
        data-autofocus
      />
      <Textarea
        label={t('alliance.syntheses.summary')}
        value={summary}
        onChange={(e) => setSummary(e.currentTarget.value)}
        autosize
        minRows={4}
        required
        error={missing(summary)}
      />
      <Textarea
        label={t('alliance.syntheses.recommendations')}
        value={recommendations}
        onChange={(e) => setRecommendations(e.currentTarget.value)}
        autosize
        minRows={3}
        required
        error={missing(recommendations)}
      />
    </FormDialog>
  );
}

function ScheduleDialog({ syn, opened, onClose }: { syn: Syn; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const [meeting, setMeeting] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const overview = useQuery({
    queryKey: [AK, 'overview'],
    queryFn: () => get<Overview>('/api/alliance/overview'),
    enabled: opened,
  });
  const commissionId = overview.data?.commission.id;
  const commission = useQuery({
    queryKey: [AK, 'body', String(commissionId)],
    queryFn: () => get<BodyDetail>(`/api/alliance/bodies/${commissionId}`),
    enabled: opened && commissionId !== undefined,
  });
  useEffect(() => {
    if (opened) {
      setMeeting(null);
      setShown(false);
      setError(null);
    }
  }, [opened, setError]);
  const convened = (commission.data?.meetings ?? []).filter((m) => m.state === 'convened');
  const submit = async () => {
    setShown(true);
    if (!meeting) return;
    const ok = await run(() =>
      post(`/api/alliance/syntheses/${syn.id}/schedule`, {
        meetingId: meeting,
        expectedVersion: syn.workflow.version,
      }),
    );
    await refresh();
    if (ok) onClose();
  };
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.do.schedule')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error ?? overview.error ?? commission.error}
      submitLabel={t('alliance.do.schedule')}
    >
      <Text size="sm">{t('alliance.syntheses.scheduleHelp')}</Text>
      {commission.isSuccess && convened.length === 0 ? (
        <Stack gap="xs">
          <Text>{t('alliance.syntheses.noSessions')}</Text>
          {commissionId !== undefined && (
            <ALink to="/alianza/organos/$bodyId" params={{ bodyId: String(commissionId) }}>
              {t('alliance.syntheses.conveneFirst')}
            </ALink>
          )}
        </Stack>
      ) : (
        <Select
          label={t('alliance.syntheses.session')}
          required
          data={convened.map((m) => ({ value: m.id, label: `${m.title} · ${f.time(m.startsAt)}` }))}
          value={meeting}
          onChange={setMeeting}
          error={shown && !meeting ? t('alliance.required') : undefined}
          disabled={!commission.isSuccess}
          data-autofocus
        />
      )}
    </FormDialog>
  );
}

interface ObservationDraft {
  key: number;
  bodyId: string | null;
  text: string;
}

function DecisionForm({ syn }: { syn: Syn }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const eje = useQuery({
    queryKey: [AK, 'body', String(syn.body.id)],
    queryFn: () => get<BodyDetail>(`/api/alliance/bodies/${syn.body.id}`),
  });
  const mesas = (eje.data?.children ?? []).filter((c) => c.kind === 'mesa' && !c.retired);
  const [outcome, setOutcome] = useState<string>('approved');
  const [sep, setSep] = useState<string>('agree');
  const [snte, setSnte] = useState<string>('agree');
  const [reasons, setReasons] = useState('');
  const [observations, setObservations] = useState<ObservationDraft[]>([]);
  const [publish, setPublish] = useState(true);
  const [resTitle, setResTitle] = useState('');
  const [resText, setResText] = useState('');
  const [supersedes, setSupersedes] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [nextKey, setNextKey] = useState(1);
  const approving = outcome === 'approved' || outcome === 'approved_with_observations';
  const obsInvalid = observations.some((o) => !o.bodyId || !o.text.trim());
  const submit = async () => {
    const ok = await run(() =>
      post(`/api/alliance/syntheses/${syn.id}/decision`, {
        outcome,
        sepPosition: sep,
        sntePosition: snte,
        reasons,
        observations: observations.map((o) => ({ bodyId: Number(o.bodyId), text: o.text.trim() })),
        publish: approving ? publish : false,
        ...(approving && resTitle.trim() ? { resolutionTitle: resTitle.trim() } : {}),
        ...(approving && resText.trim() ? { resolutionText: resText.trim() } : {}),
        ...(approving && supersedes ? { supersedesResolutionId: supersedes } : {}),
        expectedVersion: syn.workflow.version,
      }),
    );
    setConfirming(false);
    if (ok) await refresh();
  };
  const positionRadios = (label: string, value: string, set: (v: string) => void) => (
    <Radio.Group label={label} value={value} onChange={set} required>
      <Group mt={6}>
        {POSITIONS.map((p) => (
          <Radio key={p} value={p} label={t(`alliance.positionsVote.${p}`)} />
        ))}
      </Group>
    </Radio.Group>
  );
  if (syn.meeting && syn.meeting.state !== 'held') {
    return (
      <Alert color="gray.8" variant="outline" title={t('alliance.decisions.form')}>
        {t('alliance.decisions.notHeld')}{' '}
        <ALink to="/alianza/sesiones/$id" params={{ id: syn.meeting.id }}>
          {syn.meeting.title}
        </ALink>
      </Alert>
    );
  }
  return (
    <Card withBorder component="section" aria-labelledby="decision-title">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setShown(true);
          setError(null);
          if (!reasons.trim() || obsInvalid) return;
          setConfirming(true);
        }}
      >
        <Stack>
          <Text fw={700} size="lg" id="decision-title" component="h2" m={0}>
            {t('alliance.decisions.form')}
          </Text>
          <Text size="sm">{t('alliance.decisions.formHelp')}</Text>
          <ErrorAlert error={error} />
          <Radio.Group label={t('alliance.decisions.outcome')} value={outcome} onChange={setOutcome} required>
            <Stack gap={6} mt={6}>
              {OUTCOMES.map((o) => (
                <Radio key={o} value={o} label={t(`alliance.outcomes.${o}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {positionRadios(t('alliance.decisions.sepPosition'), sep, setSep)}
            {positionRadios(t('alliance.decisions.sntePosition'), snte, setSnte)}
          </SimpleGrid>
          {approving && (sep !== 'agree' || snte !== 'agree') && (
            <Text size="sm" c="#9a3412">
              {t('alliance.decisions.consensusHint')}
            </Text>
          )}
          <Textarea
            label={t('alliance.decisions.reasons')}
            required
            autosize
            minRows={3}
            value={reasons}
            onChange={(e) => setReasons(e.currentTarget.value)}
            error={shown && !reasons.trim() ? t('alliance.required') : undefined}
          />
          <Stack gap="xs">
            <Text fw={500} size="sm">
              {t('alliance.decisions.observations')}
            </Text>
            <Text size="sm">{t('alliance.decisions.observationsHelp')}</Text>
            {observations.map((o, i) => (
              <Group key={o.key} align="start" wrap="nowrap">
                <Select
                  label={t('alliance.decisions.obsMesa', { n: i + 1 })}
                  required
                  data={mesas.map((m) => ({ value: String(m.id), label: `${m.code} · ${m.name}` }))}
                  value={o.bodyId}
                  onChange={(v) =>
                    setObservations((xs) => xs.map((x) => (x.key === o.key ? { ...x, bodyId: v } : x)))
                  }
                  error={shown && !o.bodyId ? t('alliance.required') : undefined}
                  w={260}
                />
                <Textarea
                  style={{ flex: 1 }}
                  label={t('alliance.decisions.obsText', { n: i + 1 })}
                  required
                  autosize
                  minRows={2}
                  value={o.text}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setObservations((xs) => xs.map((x) => (x.key === o.key ? { ...x, text: v } : x)));
                  }}
                  error={shown && !o.text.trim() ? t('alliance.required') : undefined}
                />
                <ActionIcon
                  variant="default"
                  mt={26}
                  aria-label={t('alliance.decisions.removeObs', { n: i + 1 })}
                  onClick={() => setObservations((xs) => xs.filter((x) => x.key !== o.key))}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Button
              variant="default"
              size="xs"
              w="fit-content"
              onClick={() => {
                setObservations((xs) => [
                  ...xs,
                  { key: nextKey, bodyId: mesas.length === 1 ? String(mesas[0]?.id) : null, text: '' },
                ]);
                setNextKey((k) => k + 1);
              }}
            >
              {t('alliance.decisions.addObs')}
            </Button>
          </Stack>
          {approving && (
            <Stack gap="xs">
              <TextInput
                label={t('alliance.decisions.resTitle')}
                description={t('alliance.decisions.resTitleHelp')}
                value={resTitle}
                onChange={(e) => setResTitle(e.currentTarget.value)}
              />
              <Textarea
                label={t('alliance.decisions.resText')}
                description={t('alliance.decisions.resTextHelp')}
                autosize
                minRows={3}
                value={resText}
                onChange={(e) => setResText(e.currentTarget.value)}
              />
              {(eje.data?.resolutions.length ?? 0) > 0 && (
                <Select
                  label={t('alliance.decisions.supersedes')}
                  description={t('alliance.decisions.supersedesHelp')}
                  clearable
                  data={(eje.data?.resolutions ?? []).map((r) => ({
                    value: r.id,
                    label: `${r.number} · ${r.title}`,
                  }))}
                  value={supersedes}
                  onChange={setSupersedes}
                />
              )}
              <Checkbox
                label={t('alliance.decisions.publish')}
                description={t('alliance.decisions.publishHelp')}
                checked={publish}
                onChange={(e) => setPublish(e.currentTarget.checked)}
              />
            </Stack>
          )}
          <Group justify="flex-end">
            <Button type="submit">{t('alliance.decisions.record')}</Button>
          </Group>
        </Stack>
      </form>
      <FormDialog
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('alliance.decisions.confirmTitle')}
        onSubmit={() => void submit()}
        busy={busy}
        error={null}
        submitLabel={t('alliance.decisions.record')}
      >
        <Text>
          {t('alliance.decisions.confirmText', {
            outcome: t(`alliance.outcomes.${outcome}`),
            sep: t(`alliance.positionsVote.${sep}`),
            snte: t(`alliance.positionsVote.${snte}`),
          })}
        </Text>
        {approving && <Text size="sm">{t('alliance.decisions.confirmResolution')}</Text>}
      </FormDialog>
    </Card>
  );
}
