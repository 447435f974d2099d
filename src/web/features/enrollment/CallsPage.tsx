import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../contract/api.ts';
import { CALL_KINDS, type CallInfo } from '../../../contract/enrollment.ts';
import { ApiError, get, patch, post } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CONTRAST_VARS, GREEN } from '../../components/contrast.ts';
import { CycleSelect } from '../../components/cycles.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { RK, useCycleChoice, useRefresh } from './common.tsx';

/** The states' calls (convocatorias): published ones for everyone in the state; drafts for its coordination. */
export function CallsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { cycles, cycle, setCycle } = useCycleChoice();
  const cycleId = cycle?.id;
  const calls = useQuery({
    queryKey: [RK, 'calls', cycleId],
    queryFn: () => get<CallInfo[]>(`/api/pec/cycles/${cycleId}/calls`),
    enabled: cycleId !== undefined,
  });
  const states = me.assignments.filter((a) => a.unit.kind === 'state' && a.role === 'state_coordinator');
  return (
    <Stack style={CONTRAST_VARS}>
      <Title order={1}>{t('enrollment.calls.title')}</Title>
      <Text>{t('enrollment.calls.intro')}</Text>
      {cycles.data && <CycleSelect cycles={cycles.data} value={cycleId} onChange={setCycle} />}
      {cycleId !== undefined && (
        <QueryView query={calls}>
          {(list) => (
            <Stack gap="lg">
              {states.map((s) => {
                const own = list.filter((c) => c.state.id === s.unit.id);
                const kinds = CALL_KINDS.filter((k) => !own.some((c) => c.kind === k));
                return kinds.length > 0 ? (
                  <NewCall
                    key={s.id}
                    cycleId={cycleId}
                    stateId={s.unit.id}
                    stateName={s.unit.name}
                    kinds={kinds}
                  />
                ) : null;
              })}
              {list.length === 0 ? (
                <Text role="status">{t('enrollment.calls.empty')}</Text>
              ) : (
                list.map((c) => <CallItem key={c.id} call={c} />)
              )}
            </Stack>
          )}
        </QueryView>
      )}
    </Stack>
  );
}

interface CallForm {
  kind: (typeof CALL_KINDS)[number];
  title: string;
  text: string;
  budget: number | string;
}

function CallFields({
  value,
  onChange,
  error,
  withKind,
  kinds,
}: {
  value: CallForm;
  onChange: (v: CallForm) => void;
  error: unknown;
  withKind: boolean;
  kinds: readonly (typeof CALL_KINDS)[number][];
}) {
  const { t } = useTranslation();
  const field = (k: string) =>
    error instanceof ApiError
      ? error.problem.errors?.find((e) => e.path.replace(/^body\./, '') === k)?.message
      : undefined;
  return (
    <Stack gap="sm">
      {withKind && (
        <NativeSelect
          label={t('enrollment.calls.kind')}
          data={kinds.map((k) => ({ value: k, label: t(`enrollment.calls.kinds.${k}`) }))}
          value={value.kind}
          onChange={(e) => onChange({ ...value, kind: e.currentTarget.value as CallForm['kind'] })}
        />
      )}
      <TextInput
        label={t('enrollment.calls.callTitle')}
        required
        value={value.title}
        onChange={(e) => onChange({ ...value, title: e.currentTarget.value })}
        error={field('title')}
        maxLength={300}
      />
      <Textarea
        label={t('enrollment.calls.text')}
        required
        autosize
        minRows={4}
        value={value.text}
        onChange={(e) => onChange({ ...value, text: e.currentTarget.value })}
        error={field('text')}
      />
      <NumberInput
        label={t('enrollment.calls.budget')}
        description={t('enrollment.calls.budgetHelp')}
        required
        min={0}
        decimalScale={2}
        thousandSeparator=","
        prefix="$"
        value={value.budget}
        onChange={(v) => onChange({ ...value, budget: v })}
        error={field('budget')}
      />
    </Stack>
  );
}

const toBody = (f: CallForm) => ({
  title: f.title,
  text: f.text,
  budget: Math.round(Number(f.budget || 0) * 100),
});

function NewCall({
  cycleId,
  stateId,
  stateName,
  kinds,
}: {
  cycleId: number;
  stateId: number;
  stateName: string;
  kinds: (typeof CALL_KINDS)[number][];
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const first = kinds[0] ?? 'ordinary';
  const [f, setF] = useState<CallForm>({ kind: first, title: '', text: '', budget: '' });
  if (!open)
    return (
      <Group>
        <Button onClick={() => setOpen(true)}>{t('enrollment.calls.new', { state: stateName })}</Button>
      </Group>
    );
  return (
    <Card withBorder>
      <Section title={t('enrollment.calls.new', { state: stateName })}>
        <Stack>
          <CallFields value={f} onChange={setF} error={action.error} withKind kinds={kinds} />
          <ProblemAlert error={action.error} />
          <Group>
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={action.busy}
              onClick={() =>
                void action
                  .run(() =>
                    post(`/api/pec/cycles/${cycleId}/states/${stateId}/calls`, {
                      kind: f.kind,
                      ...toBody(f),
                    }),
                  )
                  .then((ok) => {
                    if (ok) {
                      setOpen(false);
                      void refresh();
                    }
                  })
              }
            >
              {t('enrollment.calls.saveDraft')}
            </Button>
          </Group>
        </Stack>
      </Section>
    </Card>
  );
}

function CallItem({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const save = useAction();
  const publish = useAction();
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [f, setF] = useState<CallForm>({
    kind: call.kind,
    title: call.title,
    text: call.text,
    budget: call.budget / 100,
  });
  return (
    <Card withBorder component="article" aria-label={call.title}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            {call.title}
          </Title>
          <Group gap="xs">
            <Badge color="gray.8" variant="filled">
              {t(`enrollment.calls.kinds.${call.kind}`)}
            </Badge>
            <Badge color={call.status === 'published' ? GREEN : '#9a3412'} variant="filled">
              {t(`enrollment.calls.status.${call.status}`)}
            </Badge>
          </Group>
        </Group>
        <Text size="sm">
          {call.status === 'published'
            ? t('enrollment.calls.meta', {
                state: call.state.name,
                budget: fmt.pesos(call.budget),
                date: fmt.time(call.publishedAt),
              })
            : t('enrollment.calls.metaDraft', { state: call.state.name, budget: fmt.pesos(call.budget) })}
        </Text>
        {editing ? (
          <>
            <CallFields value={f} onChange={setF} error={save.error} withKind={false} kinds={CALL_KINDS} />
            <ProblemAlert error={save.error} />
            <Group>
              <Button variant="default" onClick={() => setEditing(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                loading={save.busy}
                onClick={() =>
                  void save
                    .run(() => patch(`/api/pec/calls/${call.id}`, toBody(f)))
                    .then((ok) => {
                      if (ok) {
                        setEditing(false);
                        void refresh();
                      }
                    })
                }
              >
                {t('common.save')}
              </Button>
            </Group>
          </>
        ) : (
          <Text style={{ whiteSpace: 'pre-wrap' }}>{call.text}</Text>
        )}
        {call.can.manage && !editing && (
          <Group>
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('enrollment.calls.edit')}
            </Button>
            <Button onClick={() => setConfirm(true)}>{t('enrollment.calls.publish')}</Button>
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirm}
        title={t('enrollment.calls.publishTitle')}
        onCancel={() => {
          publish.setError(null);
          setConfirm(false);
        }}
        busy={publish.busy}
        error={publish.error}
        confirmLabel={t('enrollment.calls.publish')}
        onConfirm={() =>
          void publish
            .run(() => post(`/api/pec/calls/${call.id}/publish`))
            .then((ok) => {
              if (ok) {
                setConfirm(false);
                void refresh();
              }
            })
        }
      >
        <Text>
          {t('enrollment.calls.publishConfirm', { state: call.state.name, budget: fmt.pesos(call.budget) })}
        </Text>
      </ConfirmDialog>
    </Card>
  );
}
