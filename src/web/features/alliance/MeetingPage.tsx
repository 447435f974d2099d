import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
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
import type { MeetingDetail } from '../../../contract/alliance.ts';
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
  ParityBadge,
  Prose,
  SideBadge,
  StateBadge,
  TimelineList,
  useFormat,
  useRefresh,
  WorkflowButtons,
} from './common.tsx';
import { FormDialog } from './FormDialog.tsx';
import { TaskTable } from './lists.tsx';
import { DecisionList } from './SynthesisPage.tsx';

type Meeting = z.infer<typeof MeetingDetail>;

export function MeetingPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useQuery({
    queryKey: [AK, 'meeting', id],
    queryFn: () => get<Meeting>(`/api/alliance/meetings/${id}`),
  });
  return <QueryView query={q}>{(m) => <MeetingView meeting={m} />}</QueryView>;
}

function MeetingView({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Stack>
      <PageHeader title={m.title} state={m.state} above={<BodyLink body={m.body} />}>
        <Group gap="md" wrap="wrap">
          <Text>{t(`alliance.meetingKinds.${m.kind}`)}</Text>
          <Text>
            {f.time(m.startsAt)} – {f.time(m.endsAt)}
          </Text>
        </Group>
      </PageHeader>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label={t('alliance.meetings.place')}>{m.place || '—'}</Field>
          <Field label={t('alliance.meetings.link')}>
            {m.link ? (
              <Anchor href={m.link} target="_blank" rel="noreferrer">
                {m.link}
              </Anchor>
            ) : (
              '—'
            )}
          </Field>
          <Field label={t('alliance.meetings.downloads')}>
            <Group gap="md">
              <Anchor href={`/api/alliance/meetings/${m.id}/invitation.ics`} download>
                {t('alliance.meetings.ics')}
              </Anchor>
              {(m.state === 'held' || m.state === 'minutes_approved') && (
                <Anchor href={`/api/alliance/meetings/${m.id}/acta.pdf`}>
                  {t('alliance.meetings.actaPdf')}
                </Anchor>
              )}
            </Group>
          </Field>
        </SimpleGrid>
      </Card>
      {m.can.manage && m.state === 'convened' && (
        <WorkflowButtons
          workflow={m.workflow}
          url={`/api/alliance/meetings/${m.id}`}
          only={['cancel']}
          commentRequired={['cancel']}
          commentLabel={{ cancel: t('alliance.meetings.cancelReason') }}
        />
      )}
      <Section title={t('alliance.meetings.agenda')}>
        <Stack gap={4} component="ol" style={{ paddingLeft: 20, margin: 0 }}>
          {m.agenda.map((a) => (
            <li key={a.position}>
              {a.synthesis ? (
                <>
                  <ALink to="/alianza/sintesis/$id" params={{ id: a.synthesis.id }}>
                    {a.synthesis.title}
                  </ALink>{' '}
                  ({a.synthesis.body.code}) <StateBadge state={a.synthesis.state} />
                </>
              ) : (
                a.title
              )}
            </li>
          ))}
        </Stack>
      </Section>
      <Attendance meeting={m} />
      {(m.state === 'held' || m.state === 'minutes_approved') && <Minutes meeting={m} />}
      {m.decisions.length > 0 && (
        <Section title={t('alliance.decisions.title')}>
          <DecisionList decisions={m.decisions} />
          <Stack gap={4} mt="xs">
            {m.decisions.map((d) => (
              <ALink key={d.id} to="/alianza/sintesis/$id" params={{ id: d.synthesisId }}>
                {t('alliance.meetings.openSynthesis')}
              </ALink>
            ))}
          </Stack>
        </Section>
      )}
      {m.tasks.length > 0 && (
        <Section title={t('alliance.meetings.tasks')}>
          <TaskTable items={m.tasks} label={t('alliance.meetings.tasks')} />
        </Section>
      )}
      <TimelineList events={m.workflow.timeline} />
    </Stack>
  );
}

function Attendance({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error } = useAction();
  const [present, setPresent] = useState<string[]>([]);
  useEffect(() => {
    setPresent(m.attendance.filter((a) => a.present === true).map((a) => a.person.id));
  }, [m.attendance]);
  const editable = m.can.manage && m.state === 'convened';
  const untaken = m.state === 'convened' && !editable;
  const sep = m.attendance.filter((a) => a.side === 'sep' && present.includes(a.person.id)).length;
  const snte = m.attendance.filter((a) => a.side === 'snte' && present.includes(a.person.id)).length;
  const quorumOk = editable ? sep > 0 && snte > 0 : m.quorum.ok;
  const hold = async () => {
    await run(() =>
      post(`/api/alliance/meetings/${m.id}/attendance`, { present, expectedVersion: m.workflow.version }),
    );
    await refresh();
  };
  const sides = ['sep', 'snte'] as const;
  return (
    <Section title={t('alliance.meetings.attendance')}>
      <Stack>
        <Group gap="md" wrap="wrap" align="start">
          <div>
            <Text size="sm" fw={600}>
              {t('alliance.parity.title')}
            </Text>
            <ParityBadge parity={m.parity} withText />
          </div>
          <div>
            <Text size="sm" fw={600}>
              {t('alliance.meetings.quorum')}
            </Text>
            {untaken ? (
              <Badge color="gray.8" variant="filled">
                {t('alliance.meetings.attendancePending')}
              </Badge>
            ) : (
              <Group gap={6}>
                <Badge color="gray.8" variant="outline">
                  {t('alliance.meetings.presentCount', {
                    sep: editable ? sep : m.quorum.sep,
                    snte: editable ? snte : m.quorum.snte,
                  })}
                </Badge>
                <Badge color={quorumOk ? '#2b6e35' : 'red.9'} variant="filled">
                  {quorumOk ? t('alliance.meetings.quorumOk') : t('alliance.meetings.quorumMissing')}
                </Badge>
              </Group>
            )}
            <Text size="sm">{t('alliance.meetings.quorumRule')}</Text>
          </div>
        </Group>
        <ErrorAlert error={error} />
        <Checkbox.Group
          value={present}
          onChange={setPresent}
          label={editable ? t('alliance.meetings.markPresent') : undefined}
        >
          <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs">
            {sides.map((side) => (
              <Card key={side} withBorder padding="sm">
                <Text fw={600} mb="xs">
                  {t(`alliance.sides.${side}`)}
                </Text>
                <Stack gap={6}>
                  {m.attendance
                    .filter((a) => a.side === side)
                    .map((a) =>
                      editable ? (
                        <Checkbox key={a.person.id} value={a.person.id} label={a.person.name} />
                      ) : (
                        <Group key={a.person.id} gap="xs">
                          <Text>{a.person.name}</Text>
                          <SideBadge side={a.side} />
                          {a.present !== null && (
                            <Badge color={a.present ? '#2b6e35' : 'gray.8'} variant="filled">
                              {a.present ? t('alliance.meetings.present') : t('alliance.meetings.absent')}
                            </Badge>
                          )}
                        </Group>
                      ),
                    )}
                  {m.attendance.filter((a) => a.side === side).length === 0 && (
                    <Text>{t('alliance.meetings.noInvitees')}</Text>
                  )}
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        {editable && (
          <Group>
            <Button loading={busy} onClick={() => void hold()}>
              {t('alliance.meetings.hold')}
            </Button>
            <Text size="sm">{t('alliance.meetings.holdHelp')}</Text>
          </Group>
        )}
      </Stack>
    </Section>
  );
}

interface TaskDraft {
  key: number;
  title: string;
  responsibleId: string | null;
  dueOn: string;
}

function Minutes({ meeting: m }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const save = useAction();
  const [text, setText] = useState(m.minutes);
  const [saved, setSaved] = useState(false);
  const [approving, setApproving] = useState(false);
  useEffect(() => setText(m.minutes), [m.minutes]);
  const editable = m.can.manage && m.state === 'held';
  if (!editable) {
    return (
      <Section title={t('alliance.meetings.minutes')}>
        <Card withBorder>
          <Prose text={m.minutes} />
        </Card>
      </Section>
    );
  }
  return (
    <Section title={t('alliance.meetings.minutes')}>
      <Stack>
        <ErrorAlert error={save.error} />
        {saved && (
          <Alert color="#2b6e35" variant="outline" role="status">
            {t('alliance.meetings.minutesSaved')}
          </Alert>
        )}
        <Textarea
          label={t('alliance.meetings.minutesText')}
          autosize
          minRows={8}
          maxRows={30}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setSaved(false);
          }}
        />
        <Group>
          <Button
            variant="default"
            loading={save.busy}
            onClick={() =>
              void save
                .run(() => api('PUT', `/api/alliance/meetings/${m.id}/minutes`, { minutes: text }))
                .then(async (ok) => {
                  setSaved(ok);
                  await refresh();
                })
            }
          >
            {t('alliance.meetings.saveMinutes')}
          </Button>
          {m.workflow.actions.includes('approve_minutes') && (
            <Button onClick={() => setApproving(true)}>{t('alliance.meetings.approveMinutes')}</Button>
          )}
        </Group>
      </Stack>
      <ApproveMinutesDialog
        meeting={m}
        minutes={text}
        opened={approving}
        onClose={() => setApproving(false)}
      />
    </Section>
  );
}

function ApproveMinutesDialog({
  meeting: m,
  minutes,
  opened,
  onClose,
}: {
  meeting: Meeting;
  minutes: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const [tasks, setTasks] = useState<TaskDraft[]>([]);
  const [shown, setShown] = useState(false);
  const [nextKey, setNextKey] = useState(1);
  useEffect(() => {
    if (opened) {
      setTasks([]);
      setShown(false);
      setError(null);
    }
  }, [opened, setError]);
  const invitees = m.attendance.map((a) => ({
    value: a.person.id,
    label: `${a.person.name} (${a.side.toUpperCase()})`,
  }));
  const submit = async () => {
    setShown(true);
    if (!minutes.trim() || tasks.some((x) => !x.title.trim() || !x.responsibleId || !x.dueOn)) return;
    const ok = await run(() =>
      post(`/api/alliance/meetings/${m.id}/approve-minutes`, {
        minutes,
        tasks: tasks.map((x) => ({ title: x.title.trim(), responsibleId: x.responsibleId, dueOn: x.dueOn })),
        expectedVersion: m.workflow.version,
      }),
    );
    await refresh();
    if (ok) onClose();
  };
  const req = (v: string | null) => (shown && !v?.trim() ? t('alliance.required') : undefined);
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.meetings.approveMinutes')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
      size="xl"
      submitLabel={t('alliance.meetings.approveMinutes')}
    >
      <Text size="sm">{t('alliance.meetings.approveHelp')}</Text>
      {shown && !minutes.trim() && (
        <Text c="red.9" size="sm">
          {t('alliance.meetings.minutesRequired')}
        </Text>
      )}
      <Text fw={600}>{t('alliance.meetings.agreedTasks')}</Text>
      {tasks.length === 0 && <Text size="sm">{t('alliance.meetings.noTasks')}</Text>}
      {tasks.map((x, i) => (
        <Card key={x.key} withBorder padding="sm">
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={600}>{t('alliance.meetings.taskN', { n: i + 1 })}</Text>
              <ActionIcon
                variant="default"
                aria-label={t('alliance.meetings.removeTask', { n: i + 1 })}
                onClick={() => setTasks((xs) => xs.filter((y) => y.key !== x.key))}
              >
                ×
              </ActionIcon>
            </Group>
            <TextInput
              label={t('alliance.tasks.task')}
              required
              value={x.title}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setTasks((xs) => xs.map((y) => (y.key === x.key ? { ...y, title: v } : y)));
              }}
              error={req(x.title)}
            />
            <Group grow align="start">
              <Select
                label={t('alliance.tasks.responsible')}
                required
                data={invitees}
                value={x.responsibleId}
                onChange={(v) =>
                  setTasks((xs) => xs.map((y) => (y.key === x.key ? { ...y, responsibleId: v } : y)))
                }
                error={req(x.responsibleId)}
              />
              <TextInput
                label={t('alliance.tasks.due')}
                type="date"
                required
                value={x.dueOn}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setTasks((xs) => xs.map((y) => (y.key === x.key ? { ...y, dueOn: v } : y)));
                }}
                error={req(x.dueOn)}
              />
            </Group>
          </Stack>
        </Card>
      ))}
      <Button
        variant="default"
        size="xs"
        w="fit-content"
        onClick={() => {
          setTasks((xs) => [...xs, { key: nextKey, title: '', responsibleId: null, dueOn: '' }]);
          setNextKey((k) => k + 1);
        }}
      >
        {t('alliance.meetings.addTask')}
      </Button>
    </FormDialog>
  );
}
