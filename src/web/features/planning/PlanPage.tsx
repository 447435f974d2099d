import { Alert, Anchor, Button, Group, List, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CONTRAST_VARS } from '../../components/contrast.ts';
import { QueryView } from '../../components/QueryView.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { PK, type Plan, StateBadge } from './common.tsx';
import { PatTab } from './PatTab.tsx';
import { PeteTab } from './PeteTab.tsx';
import { ProgressTab } from './ProgressTab.tsx';
import { ReportTab } from './ReportTab.tsx';
import { pathLabel, ReviewTab } from './ReviewTab.tsx';
import { SelfEvaluationTab } from './SelfEvaluationTab.tsx';
import { type PlanEditor, usePlanEditor } from './use-plan-editor.ts';
import { VersionsTab } from './VersionsTab.tsx';

export function PlanPage() {
  const { planId } = useParams({ strict: false }) as { planId: string };
  const q = useQuery({
    queryKey: [PK, planId],
    queryFn: () => get<Plan>(`/api/pec/plans/${planId}`),
    refetchInterval: 20_000,
    refetchOnWindowFocus: true,
  });
  // A failed background refresh (offline) keeps the page and the user's unsaved edits.
  if (q.data) return <PlanView plan={q.data} />;
  return <QueryView query={q}>{(plan) => <PlanView plan={plan} />}</QueryView>;
}

function PlanView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const [amendReason, setAmendReason] = useState<string | null>(null);
  const editor = usePlanEditor(plan, amendReason);
  const editable = plan.can.edit || (plan.can.amend && amendReason !== null);
  const approved = plan.state === 'approved' || plan.state === 'approved_with_observations';
  const [tab, setTab] = useState<string | null>('self');
  const base = `/api/pec/plans/${plan.id}`;
  return (
    <Stack style={CONTRAST_VARS}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={1}>{t('planning.title', { school: plan.school.name })}</Title>
          <Text>{t('planning.subtitle', { cct: plan.school.code, year: plan.cycle.schoolYear })}</Text>
        </div>
        <Stack gap={4} align="flex-end">
          <Group gap="xs">
            <StateBadge state={plan.state} />
            {plan.locked && <Text fw={600}>{t('planning.locked')}</Text>}
          </Group>
          <SaveStatus editor={editor} visible={editable} />
        </Stack>
      </Group>
      {plan.locked && !editable && <Alert color="gray">{t('planning.lockedHelp')}</Alert>}
      {plan.can.amend && (
        <AmendBar
          active={amendReason}
          busy={editor.dirty}
          onStart={setAmendReason}
          onStop={() => setAmendReason(null)}
        />
      )}
      <Conflicts editor={editor} plan={plan} />
      {editor.invalid && (
        <Alert color="red" role="alert" title={editor.invalid.problem.title}>
          <Text size="sm">{editor.invalid.message}</Text>
          <List size="sm">
            {(editor.invalid.problem.errors ?? []).map((e) => (
              <List.Item
                key={`${e.path}${e.message}`}
              >{`${pathLabel(plan, e.path, t)}: ${e.message}`}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <nav aria-label={t('planning.downloads')}>
        <Group gap="md" wrap="wrap">
          <Text fw={600}>{t('planning.downloads')}:</Text>
          <Anchor href={`${base}/diagnostico.pdf`}>{t('planning.files.diagnostico')}</Anchor>
          <Anchor href={`${base}/pete.pdf`}>{t('planning.files.pete')}</Anchor>
          <Anchor href={`${base}/pat.pdf`}>{t('planning.files.pat')}</Anchor>
          <Anchor href={`${base}/pat.csv`}>{t('planning.files.csv')}</Anchor>
          <Anchor href={`${base}/pat.xlsx`}>{t('planning.files.xlsx')}</Anchor>
        </Group>
      </nav>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="self">{t('planning.tabs.self')}</Tabs.Tab>
          <Tabs.Tab value="pete">{t('planning.tabs.pete')}</Tabs.Tab>
          <Tabs.Tab value="pat">{t('planning.tabs.pat')}</Tabs.Tab>
          <Tabs.Tab value="review">{t('planning.tabs.review')}</Tabs.Tab>
          <Tabs.Tab value="versions">{t('planning.tabs.versions')}</Tabs.Tab>
          {approved && <Tabs.Tab value="progress">{t('planning.tabs.progress')}</Tabs.Tab>}
          {approved && <Tabs.Tab value="report">{t('planning.tabs.report')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="self" pt="md">
          <SelfEvaluationTab plan={plan} editor={editor} editable={editable} />
        </Tabs.Panel>
        <Tabs.Panel value="pete" pt="md">
          <PeteTab plan={plan} editor={editor} editable={editable} />
        </Tabs.Panel>
        <Tabs.Panel value="pat" pt="md">
          <PatTab plan={plan} editor={editor} editable={editable} />
        </Tabs.Panel>
        <Tabs.Panel value="review" pt="md">
          <ReviewTab plan={plan} editor={editor} />
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="md">
          <VersionsTab plan={plan} />
        </Tabs.Panel>
        {approved && (
          <Tabs.Panel value="progress" pt="md">
            <ProgressTab plan={plan} />
          </Tabs.Panel>
        )}
        {approved && (
          <Tabs.Panel value="report" pt="md">
            <ReportTab plan={plan} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

function SaveStatus({ editor, visible }: { editor: PlanEditor; visible: boolean }) {
  const { t } = useTranslation();
  const f = useFmt();
  if (!visible && !editor.dirty) return null;
  const label =
    editor.status === 'saved'
      ? editor.savedAt
        ? t('planning.save.savedAt', { time: f.clock(editor.savedAt) })
        : t('planning.save.saved')
      : t(`planning.save.${editor.status}`);
  return (
    <Text role="status" aria-live="polite" fw={600} c={editor.status === 'offline' ? '#c92a2a' : undefined}>
      {label}
    </Text>
  );
}

/** What someone else changed under the user's edits, with the two ways out. */
function Conflicts({ editor, plan }: { editor: PlanEditor; plan: Plan }) {
  const { t } = useTranslation();
  const f = useFmt();
  if (!editor.conflicts.length) return null;
  return (
    <Alert color="yellow" title={t('planning.conflict.title')} role="alert">
      <Stack gap="sm">
        <Text size="sm">{t('planning.conflict.help')}</Text>
        {editor.conflicts.map((c) => (
          <Stack key={c.path} gap={4} p="xs" style={{ border: '1px solid #adb5bd', borderRadius: 4 }}>
            <Text size="sm" fw={600}>
              {t('planning.conflict.line', {
                who: c.changedBy?.name ?? t('planning.conflict.someone'),
                what: t(`planning.conflict.kind.${kindOf(c.path)}`),
                time: f.clock(c.changedAt),
              })}{' '}
              {describeValue(c.theirs, plan, t)}
            </Text>
            <Text size="sm">
              {t('planning.conflict.mine')}{' '}
              {describeValue(editor.mine[c.path] ? mineValue(editor.mine[c.path]) : null, plan, t)}
            </Text>
            <Group gap="xs">
              <Button size="xs" onClick={() => editor.keepMine(c.path)}>
                {t('planning.conflict.keepMine')}
              </Button>
              <Button size="xs" variant="default" onClick={() => editor.takeTheirs(c.path)}>
                {t('planning.conflict.useTheirs')}
              </Button>
            </Group>
          </Stack>
        ))}
      </Stack>
    </Alert>
  );
}

function kindOf(path: string): string {
  if (path.startsWith('pat.actions.')) return 'action';
  if (path.startsWith('pete.objectives.')) return 'objective';
  if (path.startsWith('pete.strategies.')) return 'strategy';
  if (path.startsWith('pete.goals.')) return 'goal';
  if (path.startsWith('self.')) return 'rating';
  return 'field';
}

function mineValue(e: PlanEditor['mine'][string] | undefined): unknown {
  if (!e) return null;
  if (e.op === 'set') return e.value;
  if (e.op === 'rate') return e.rating;
  if (e.op === 'put') return e.item;
  return null;
}

function describeValue(
  value: unknown,
  plan: Plan,
  t: (k: string, o?: Record<string, unknown>) => string,
): string {
  if (value === null || value === undefined) return `«${t('planning.conflict.removed')}»`;
  if (typeof value === 'string') return `«${value}»`;
  if (Array.isArray(value))
    return `«${value.map((c) => plan.standards.find((s) => s.code === c)?.name ?? c).join(', ')}»`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.level === 'number') return `«${t(`planning.levels.${o.level}`)}»`;
    if (typeof o.text === 'string') return `«${o.text}»`;
  }
  return '';
}

function AmendBar({
  active,
  busy,
  onStart,
  onStop,
}: {
  active: string | null;
  busy: boolean;
  onStart: (reason: string) => void;
  onStop: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  if (active !== null)
    return (
      <Alert color="blue" title={t('planning.amend.active')}>
        <Group justify="space-between" wrap="wrap">
          <Text size="sm">{t('planning.amend.reasonIs', { reason: active })}</Text>
          <Button size="xs" variant="default" onClick={onStop} disabled={busy}>
            {t('planning.amend.stop')}
          </Button>
        </Group>
      </Alert>
    );
  return (
    <>
      <Group>
        <Button onClick={() => setOpen(true)}>{t('planning.amend.start')}</Button>
        <Text size="sm">{t('planning.amend.help')}</Text>
      </Group>
      <ConfirmDialog
        opened={open}
        title={t('planning.amend.title')}
        confirmLabel={t('planning.amend.confirm')}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          if (!reason.trim()) {
            setMissing(true);
            return;
          }
          onStart(reason.trim());
          setOpen(false);
        }}
      >
        <Textarea
          label={t('planning.amend.reason')}
          required
          autosize
          minRows={3}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? t('planning.amend.reasonMissing') : undefined}
          data-autofocus
        />
      </ConfirmDialog>
    </>
  );
}
