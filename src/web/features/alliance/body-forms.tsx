import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  type BodyDetail,
  DOCUMENT_KINDS,
  type MetaInfo,
  SEAT_POSITIONS,
  type Seat,
} from '../../../contract/alliance.ts';
import { api, patch, post } from '../../api/client.ts';
import { todayMx } from '../../components/format.ts';
import { useAction } from '../../components/use-action.ts';
import { mxLocalToIso, useRefresh } from './common.tsx';
import { FormDialog, fieldError } from './FormDialog.tsx';

type Body = BodyDetail;

/** Required-field messages shown before anything is sent. */
function useRequired() {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const reset = useCallback(() => setShown(false), []);
  return {
    reset,
    check: (values: Record<string, unknown>) => {
      setShown(true);
      return Object.values(values).every((v) =>
        typeof v === 'string' ? v.trim() !== '' : v !== null && v !== undefined,
      );
    },
    err: (v: unknown) =>
      shown && (v === null || v === undefined || (typeof v === 'string' && v.trim() === ''))
        ? t('alliance.required')
        : undefined,
  };
}

export function SeatDialog({ body, opened, onClose }: { body: Body; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const req = useRequired();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [side, setSide] = useState<string | null>(null);
  const [position, setPosition] = useState<string | null>('member');
  const [from, setFrom] = useState(todayMx());
  const [until, setUntil] = useState('');
  useEffect(() => {
    if (opened) {
      setEmail('');
      setName('');
      setSide(null);
      setPosition('member');
      setFrom(todayMx());
      setUntil('');
      setError(null);
      req.reset();
    }
  }, [opened, setError, req.reset]);
  const submit = async () => {
    if (!req.check({ email, side, position, from })) return;
    const ok = await run(() =>
      post(`/api/alliance/bodies/${body.id}/seats`, {
        email,
        ...(name.trim() ? { name: name.trim() } : {}),
        side,
        position,
        designatedOn: from,
        endsOn: until || null,
      }),
    );
    await refresh();
    if (ok) onClose();
  };
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.seats.add')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
    >
      <TextInput
        label={t('alliance.seats.email')}
        type="email"
        required
        value={email}
        onChange={(e) => setEmail(e.currentTarget.value)}
        error={req.err(email) ?? fieldError(error, 'email')}
        data-autofocus
      />
      <TextInput
        label={t('alliance.seats.name')}
        description={t('alliance.seats.nameHelp')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <Select
        label={t('alliance.seats.side')}
        required
        data={[
          { value: 'sep', label: t('alliance.sides.sep') },
          { value: 'snte', label: t('alliance.sides.snte') },
        ]}
        value={side}
        onChange={setSide}
        error={req.err(side)}
      />
      <Select
        label={t('alliance.seats.position')}
        required
        data={SEAT_POSITIONS.map((p) => ({ value: p, label: t(`alliance.positions.${p}`) }))}
        value={position}
        onChange={setPosition}
        error={req.err(position)}
      />
      <TextInput
        label={t('alliance.seats.designatedOn')}
        type="date"
        required
        value={from}
        onChange={(e) => setFrom(e.currentTarget.value)}
        error={req.err(from)}
      />
      <TextInput
        label={t('alliance.seats.endsOn')}
        description={t('alliance.seats.endsOnHelp')}
        type="date"
        value={until}
        onChange={(e) => setUntil(e.currentTarget.value)}
      />
    </FormDialog>
  );
}

export function EndSeatDialog({ seat, onClose }: { seat: z.infer<typeof Seat> | null; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const [date, setDate] = useState(todayMx());
  useEffect(() => {
    if (seat) {
      setDate(todayMx());
      setError(null);
    }
  }, [seat, setError]);
  const submit = async () => {
    if (!seat) return;
    const ok = await run(() => patch(`/api/alliance/seats/${seat.id}`, { endsOn: date }));
    await refresh();
    if (ok) onClose();
  };
  return (
    <FormDialog
      opened={seat !== null}
      onClose={onClose}
      title={t('alliance.seats.end')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
      submitLabel={t('alliance.seats.end')}
      danger
    >
      <Text>{t('alliance.seats.endConfirm', { name: seat?.person.name ?? '' })}</Text>
      <TextInput
        label={t('alliance.seats.endsOn')}
        type="date"
        required
        value={date}
        onChange={(e) => setDate(e.currentTarget.value)}
        data-autofocus
      />
    </FormDialog>
  );
}

type Meta = MetaInfo;

export function MetaDialog({
  body,
  meta,
  opened,
  onClose,
}: {
  body: Body;
  meta: Meta | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const req = useRequired();
  const [v, setV] = useState({
    title: '',
    objectiveId: null as string | null,
    indicator: '',
    unit: '',
    baseline: '' as number | string,
    target: '' as number | string,
    dueOn: '',
    responsible: '',
    normativeAnchor: '',
  });
  useEffect(() => {
    if (opened) {
      setError(null);
      req.reset();
      setV({
        title: meta?.title ?? '',
        objectiveId: meta?.objectiveId ? String(meta.objectiveId) : null,
        indicator: meta?.indicator ?? '',
        unit: meta?.unit ?? '',
        baseline: meta?.baseline ?? '',
        target: meta?.target ?? '',
        dueOn: meta?.dueOn ?? '',
        responsible: meta?.responsible ?? '',
        normativeAnchor: meta?.normativeAnchor ?? '',
      });
    }
  }, [opened, meta, setError, req.reset]);
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => {
    // Read the value now: the event is gone by the time React runs the updater.
    const value = e.currentTarget.value;
    setV((o) => ({ ...o, [k]: value }));
  };
  const text = (s: string) => (s.trim() === '' ? null : s.trim());
  const num = (n: number | string) => (n === '' || n === null ? null : Number(n));
  const submit = async () => {
    if (!req.check({ title: v.title })) return;
    const payload = {
      title: v.title.trim(),
      objectiveId: v.objectiveId ? Number(v.objectiveId) : null,
      indicator: text(v.indicator),
      unit: text(v.unit),
      baseline: num(v.baseline),
      target: num(v.target),
      dueOn: v.dueOn || null,
      responsible: text(v.responsible),
      normativeAnchor: text(v.normativeAnchor),
    };
    const ok = await run(() =>
      meta
        ? api('PUT', `/api/alliance/metas/${meta.id}`, payload)
        : post(`/api/alliance/bodies/${body.id}/metas`, payload),
    );
    await refresh();
    if (ok) onClose();
  };
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={meta ? t('alliance.metas.edit') : t('alliance.metas.new')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
      size="lg"
    >
      <Text size="sm">{t('alliance.metas.draftHelp')}</Text>
      <TextInput
        label={t('alliance.metas.title')}
        required
        value={v.title}
        onChange={set('title')}
        error={req.err(v.title) ?? fieldError(error, 'title')}
        data-autofocus
      />
      {body.objectives.length > 0 && (
        <Select
          label={t('alliance.metas.objective')}
          clearable
          data={body.objectives.map((o) => ({ value: String(o.id), label: o.text }))}
          value={v.objectiveId}
          onChange={(x) => setV((o) => ({ ...o, objectiveId: x }))}
        />
      )}
      <TextInput label={t('alliance.metas.indicator')} value={v.indicator} onChange={set('indicator')} />
      <TextInput label={t('alliance.metas.unit')} value={v.unit} onChange={set('unit')} />
      <Group grow>
        <NumberInput
          label={t('alliance.metas.baseline')}
          value={v.baseline}
          onChange={(x) => setV((o) => ({ ...o, baseline: x }))}
          decimalSeparator="."
        />
        <NumberInput
          label={t('alliance.metas.target')}
          value={v.target}
          onChange={(x) => setV((o) => ({ ...o, target: x }))}
          decimalSeparator="."
        />
      </Group>
      <TextInput label={t('alliance.metas.dueOn')} type="date" value={v.dueOn} onChange={set('dueOn')} />
      <TextInput
        label={t('alliance.metas.responsible')}
        value={v.responsible}
        onChange={set('responsible')}
      />
      <Textarea
        label={t('alliance.metas.normativeAnchor')}
        description={t('alliance.metas.normativeHelp')}
        autosize
        minRows={2}
        value={v.normativeAnchor}
        onChange={set('normativeAnchor')}
      />
    </FormDialog>
  );
}

export function ProgressDialog({ meta, onClose }: { meta: Meta | null; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const req = useRequired();
  const [period, setPeriod] = useState('');
  const [value, setValue] = useState<number | string>('');
  const [narrative, setNarrative] = useState('');
  const [evidence, setEvidence] = useState('');
  useEffect(() => {
    if (meta) {
      const today = todayMx();
      setPeriod(`${today.slice(0, 4)}-T${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`);
      setValue('');
      setNarrative('');
      setEvidence('');
      setError(null);
      req.reset();
    }
  }, [meta, setError, req.reset]);
  const submit = async () => {
    if (!meta || !req.check({ period, value: value === '' ? null : value })) return;
    const ok = await run(() =>
      post(`/api/alliance/metas/${meta.id}/progress`, { period, value: Number(value), narrative, evidence }),
    );
    await refresh();
    if (ok) onClose();
  };
  return (
    <FormDialog
      opened={meta !== null}
      onClose={onClose}
      title={t('alliance.metas.report')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
    >
      <Text fw={600}>{meta?.title}</Text>
      <TextInput
        label={t('alliance.metas.period')}
        description={t('alliance.metas.periodHelp')}
        required
        value={period}
        onChange={(e) => setPeriod(e.currentTarget.value)}
        error={req.err(period) ?? fieldError(error, 'period')}
        data-autofocus
      />
      <NumberInput
        label={`${t('alliance.metas.value')}${meta?.unit ? ` (${meta.unit})` : ''}`}
        required
        value={value}
        onChange={setValue}
        decimalSeparator="."
        error={req.err(value === '' ? null : value)}
      />
      <Textarea
        label={t('alliance.metas.narrative')}
        autosize
        minRows={2}
        value={narrative}
        onChange={(e) => setNarrative(e.currentTarget.value)}
      />
      <Textarea
        label={t('alliance.metas.evidence')}
        autosize
        minRows={2}
        value={evidence}
        onChange={(e) => setEvidence(e.currentTarget.value)}
      />
    </FormDialog>
  );
}

export function DeliverableDialog({
  body,
  opened,
  onClose,
}: {
  body: Body;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const req = useRequired();
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState('');
  useEffect(() => {
    if (opened) {
      setTitle('');
      setDueOn('');
      setError(null);
      req.reset();
    }
  }, [opened, setError, req.reset]);
  const submit = async () => {
    if (!req.check({ title, dueOn })) return;
    const ok = await run(() => post(`/api/alliance/bodies/${body.id}/deliverables`, { title, dueOn }));
    await refresh();
    if (ok) onClose();
  };
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.deliverables.new')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
    >
      <TextInput
        label={t('alliance.deliverables.title')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={req.err(title)}
        data-autofocus
      />
      <TextInput
        label={t('alliance.deliverables.dueOn')}
        type="date"
        required
        value={dueOn}
        onChange={(e) => setDueOn(e.currentTarget.value)}
        error={req.err(dueOn)}
      />
    </FormDialog>
  );
}

export function DocumentDialog({
  body,
  opened,
  onClose,
}: {
  body: Body;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const req = useRequired();
  const [kind, setKind] = useState<string | null>('proposal');
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [deliverable, setDeliverable] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setKind('proposal');
      setTitle('');
      setText('');
      setDeliverable(null);
      setError(null);
      req.reset();
    }
  }, [opened, setError, req.reset]);
  const open = body.deliverables.filter((d) => !d.fulfilled);
  const submit = async () => {
    if (!req.check({ kind, title, text })) return;
    let id = '';
    const ok = await run(async () => {
      const r = await post<{ id: string }>(`/api/alliance/bodies/${body.id}/documents`, {
        kind,
        title,
        body: text,
        deliverableId: deliverable ? Number(deliverable) : null,
      });
      id = String(r.id);
    });
    await refresh();
    if (ok) {
      onClose();
      void navigate({ to: '/alianza/documentos/$id', params: { id } });
    }
  };
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.documents.new')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
      size="xl"
      submitLabel={t('alliance.documents.saveDraft')}
    >
      <Select
        label={t('alliance.documents.kind')}
        required
        data={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`alliance.docKinds.${k}`) }))}
        value={kind}
        onChange={setKind}
        error={req.err(kind)}
      />
      <TextInput
        label={t('alliance.documents.titleCol')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={req.err(title) ?? fieldError(error, 'title')}
        data-autofocus
      />
      {open.length > 0 && (
        <Select
          label={t('alliance.documents.deliverable')}
          clearable
          data={open.map((d) => ({ value: String(d.id), label: d.title }))}
          value={deliverable}
          onChange={setDeliverable}
        />
      )}
      <Textarea
        label={t('alliance.documents.text')}
        required
        autosize
        minRows={8}
        maxRows={20}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={req.err(text) ?? fieldError(error, 'body')}
      />
    </FormDialog>
  );
}

export function SynthesisDialog({
  body,
  opened,
  onClose,
}: {
  body: Body;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const req = useRequired();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [recs, setRecs] = useState('');
  const [docs, setDocs] = useState<string[]>([]);
  const [noDocs, setNoDocs] = useState(false);
  useEffect(() => {
    if (opened) {
      setTitle('');
      setSummary('');
      setRecs('');
      setDocs([]);
      setNoDocs(false);
      setError(null);
      req.reset();
    }
  }, [opened, setError, req.reset]);
  const validated = body.documents.filter((d) => d.state === 'validated');
  const submit = async () => {
    const filled = req.check({ title, summary, recs });
    setNoDocs(docs.length === 0);
    if (!filled || docs.length === 0) return;
    let id = '';
    const ok = await run(async () => {
      const r = await post<{ id: string }>(`/api/alliance/bodies/${body.id}/syntheses`, {
        title,
        summary,
        recommendations: recs,
        documentIds: docs,
      });
      id = String(r.id);
    });
    await refresh();
    if (ok) {
      onClose();
      void navigate({ to: '/alianza/sintesis/$id', params: { id } });
    }
  };
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.syntheses.new')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
      size="xl"
    >
      <TextInput
        label={t('alliance.documents.titleCol')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={req.err(title)}
        data-autofocus
      />
      <Textarea
        label={t('alliance.syntheses.summary')}
        required
        autosize
        minRows={4}
        value={summary}
        onChange={(e) => setSummary(e.currentTarget.value)}
        error={req.err(summary)}
      />
      <Textarea
        label={t('alliance.syntheses.recommendations')}
        required
        autosize
        minRows={4}
        value={recs}
        onChange={(e) => setRecs(e.currentTarget.value)}
        error={req.err(recs)}
      />
      <Checkbox.Group
        label={t('alliance.syntheses.bundle')}
        description={t('alliance.syntheses.bundleHelp')}
        value={docs}
        onChange={(x) => {
          setDocs(x);
          setNoDocs(false);
        }}
        error={noDocs ? t('alliance.syntheses.needDocs') : undefined}
        required
      >
        <Stack gap={6} mt="xs">
          {validated.length === 0 ? (
            <Text>{t('alliance.syntheses.noValidated')}</Text>
          ) : (
            validated.map((d) => (
              <Checkbox key={d.id} value={d.id} label={`${d.body.code} · ${d.title} (v${d.versions})`} />
            ))
          )}
        </Stack>
      </Checkbox.Group>
    </FormDialog>
  );
}

export function ConveneDialog({
  body,
  opened,
  onClose,
}: {
  body: Body;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const req = useRequired();
  const [kind, setKind] = useState<string | null>('ordinary');
  const [title, setTitle] = useState('');
  const [starts, setStarts] = useState('');
  const [ends, setEnds] = useState('');
  const [place, setPlace] = useState('');
  const [link, setLink] = useState('');
  const [agenda, setAgenda] = useState<{ key: number; text: string }[]>([{ key: 0, text: '' }]);
  useEffect(() => {
    if (opened) {
      setKind('ordinary');
      setTitle('');
      setStarts('');
      setEnds('');
      setPlace('');
      setLink('');
      setAgenda([{ key: 0, text: '' }]);
      setError(null);
      req.reset();
    }
  }, [opened, setError, req.reset]);
  const items = agenda.map((a) => a.text.trim()).filter(Boolean);
  const submit = async () => {
    if (!req.check({ kind, title, starts, ends, agenda: items[0] })) return;
    let id = '';
    const ok = await run(async () => {
      const r = await post<{ id: string }>(`/api/alliance/bodies/${body.id}/meetings`, {
        kind,
        title,
        startsAt: mxLocalToIso(starts),
        endsAt: mxLocalToIso(ends),
        place,
        link,
        agenda: items,
      });
      id = String(r.id);
    });
    await refresh();
    if (ok) {
      onClose();
      void navigate({ to: '/alianza/sesiones/$id', params: { id } });
    }
  };
  const kinds =
    body.kind === 'eje' ? ['ordinary', 'extraordinary', 'plenary'] : ['ordinary', 'extraordinary'];
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.meetings.convene')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
      size="lg"
      submitLabel={t('alliance.meetings.conveneSubmit')}
    >
      <Select
        label={t('alliance.meetings.kind')}
        required
        data={kinds.map((k) => ({ value: k, label: t(`alliance.meetingKinds.${k}`) }))}
        value={kind}
        onChange={setKind}
      />
      <TextInput
        label={t('alliance.meetings.titleLabel')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={req.err(title)}
        data-autofocus
      />
      <Group grow align="start">
        <TextInput
          label={t('alliance.meetings.starts')}
          type="datetime-local"
          required
          value={starts}
          onChange={(e) => setStarts(e.currentTarget.value)}
          error={req.err(starts) ?? fieldError(error, 'startsAt')}
        />
        <TextInput
          label={t('alliance.meetings.ends')}
          type="datetime-local"
          required
          value={ends}
          onChange={(e) => setEnds(e.currentTarget.value)}
          error={req.err(ends) ?? fieldError(error, 'endsAt')}
        />
      </Group>
      <Text size="sm">{t('alliance.meetings.tzHelp')}</Text>
      <TextInput
        label={t('alliance.meetings.place')}
        value={place}
        onChange={(e) => setPlace(e.currentTarget.value)}
      />
      <TextInput
        label={t('alliance.meetings.link')}
        type="url"
        value={link}
        onChange={(e) => setLink(e.currentTarget.value)}
        error={fieldError(error, 'link')}
      />
      <Stack gap={6}>
        <Text fw={500} size="sm">
          {t('alliance.meetings.agenda')} *
        </Text>
        {agenda.map((a, i) => (
          <Group key={a.key} gap="xs" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              label={t('alliance.meetings.agendaItem', { n: i + 1 })}
              value={a.text}
              onChange={(e) => {
                const val = e.currentTarget.value;
                setAgenda((xs) => xs.map((x) => (x.key === a.key ? { ...x, text: val } : x)));
              }}
              error={i === 0 ? req.err(items[0]) : undefined}
            />
            {agenda.length > 1 && (
              <ActionIcon
                variant="default"
                mt={24}
                aria-label={t('alliance.meetings.removeItem', { n: i + 1 })}
                onClick={() => setAgenda((xs) => xs.filter((x) => x.key !== a.key))}
              >
                ×
              </ActionIcon>
            )}
          </Group>
        ))}
        <Button
          variant="default"
          size="xs"
          onClick={() => setAgenda((xs) => [...xs, { key: Math.max(...xs.map((x) => x.key)) + 1, text: '' }])}
          w="fit-content"
        >
          {t('alliance.meetings.addItem')}
        </Button>
      </Stack>
    </FormDialog>
  );
}

export function ObjectiveDialog({
  body,
  opened,
  onClose,
}: {
  body: Body;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const req = useRequired();
  const [text, setText] = useState('');
  useEffect(() => {
    if (opened) {
      setText('');
      setError(null);
      req.reset();
    }
  }, [opened, setError, req.reset]);
  const submit = async () => {
    if (!req.check({ text })) return;
    const ok = await run(() => post(`/api/alliance/bodies/${body.id}/objectives`, { text: text.trim() }));
    await refresh();
    if (ok) onClose();
  };
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.body.addObjective')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
    >
      <Textarea
        label={t('alliance.body.objective')}
        required
        autosize
        minRows={3}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={req.err(text)}
        data-autofocus
      />
    </FormDialog>
  );
}
