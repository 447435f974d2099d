import {
  Alert,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { DocumentDetail } from '../../../contract/alliance.ts';
import { get, post } from '../../api/client.ts';
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
import { lineDiff } from './diff.ts';
import { FormDialog, fieldError } from './FormDialog.tsx';

type Doc = z.infer<typeof DocumentDetail>;

export function DocumentPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const q = useQuery({
    queryKey: [AK, 'document', id],
    queryFn: () => get<Doc>(`/api/alliance/documents/${id}`),
  });
  return <QueryView query={q}>{(d) => <DocumentView doc={d} />}</QueryView>;
}

function DocumentView({ doc }: { doc: Doc }) {
  const { t } = useTranslation();
  const f = useFormat();
  const versions = [...doc.versionList].sort((a, b) => b.number - a.number);
  const latest = versions[0];
  const [shown, setShown] = useState<string | null>(latest ? String(latest.number) : null);
  const [compare, setCompare] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const latestNumber = latest?.number;
  useEffect(() => {
    setShown(latestNumber === undefined ? null : String(latestNumber));
  }, [latestNumber]);
  const current = versions.find((v) => String(v.number) === shown) ?? latest;
  const other = versions.find((v) => String(v.number) === compare);
  const lastReturn = [...doc.workflow.timeline].reverse().find((e) => e.action === 'return');
  const options = versions.map((v) => ({
    value: String(v.number),
    label: t('alliance.documents.versionLabel', { n: v.number, date: f.time(v.createdAt) }),
  }));
  return (
    <Stack>
      <PageHeader title={current?.title ?? doc.title} state={doc.state} above={<BodyLink body={doc.body} />}>
        <Group gap="md">
          <Text size="sm">{t(`alliance.docKinds.${doc.kind}`)}</Text>
          <Text size="sm">{t('alliance.documents.versionCount', { count: doc.versions })}</Text>
          {doc.deliverable && (
            <Text size="sm">
              {t('alliance.documents.forDeliverable', {
                title: doc.deliverable.title,
                date: f.day(doc.deliverable.dueOn),
              })}
            </Text>
          )}
        </Group>
      </PageHeader>
      {doc.state === 'returned' && lastReturn?.comment && (
        <Alert color="#9a3412" variant="outline" title={t('alliance.documents.observations')}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{lastReturn.comment}</Text>
          <Text size="sm" mt={4}>
            {lastReturn.actor?.name} · {f.time(lastReturn.at)}
          </Text>
        </Alert>
      )}
      <Group gap="xs" align="start">
        {doc.canEdit && (
          <Button variant="default" onClick={() => setEditing(true)}>
            {t('alliance.documents.newVersion')}
          </Button>
        )}
        <WorkflowButtons
          workflow={doc.workflow}
          url={`/api/alliance/documents/${doc.id}`}
          commentRequired={['return']}
          commentLabel={{ return: t('alliance.documents.observations') }}
        />
      </Group>
      <Section title={t('alliance.documents.content')}>
        <Group mb="sm" align="end">
          <Select
            label={t('alliance.documents.showVersion')}
            w={300}
            data={options}
            value={shown}
            onChange={setShown}
            allowDeselect={false}
          />
          <Select
            label={t('alliance.documents.compareWith')}
            w={300}
            data={options.filter((o) => o.value !== shown)}
            value={compare}
            onChange={setCompare}
            clearable
            placeholder={t('alliance.documents.noCompare')}
          />
        </Group>
        {current && !other && (
          <Card withBorder>
            <Stack gap="xs">
              <Text size="sm">
                {t('alliance.documents.versionBy', {
                  n: current.number,
                  name: current.author?.name ?? '—',
                  date: f.time(current.createdAt),
                })}
              </Text>
              {current.note && <Field label={t('alliance.documents.note')}>{current.note}</Field>}
              <Prose text={current.body} />
            </Stack>
          </Card>
        )}
        {current && other && (
          <Compare
            older={other.number < current.number ? other : current}
            newer={other.number < current.number ? current : other}
          />
        )}
      </Section>
      {doc.syntheses.length > 0 && (
        <Section title={t('alliance.documents.inSyntheses')}>
          <Stack gap={4}>
            {doc.syntheses.map((s) => (
              <ALink key={s.id} to="/alianza/sintesis/$id" params={{ id: s.id }}>
                {s.title}
              </ALink>
            ))}
          </Stack>
        </Section>
      )}
      <TimelineList events={doc.workflow.timeline} />
      <NewVersionDialog doc={doc} opened={editing} onClose={() => setEditing(false)} />
    </Stack>
  );
}

type Version = Doc['versionList'][number];

function Compare({ older, newer }: { older: Version; newer: Version }) {
  const { t } = useTranslation();
  const lines = lineDiff(older.body, newer.body);
  const titleChanged = older.title !== newer.title;
  return (
    <Stack gap="xs">
      <Text size="sm">{t('alliance.documents.diffHelp', { a: older.number, b: newer.number })}</Text>
      {titleChanged && (
        <Text size="sm">{t('alliance.documents.titleChanged', { a: older.title, b: newer.title })}</Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Text fw={600} mb="xs">
            v{older.number}
          </Text>
          <Prose text={older.body} />
        </Card>
        <Card withBorder>
          <Text fw={600} mb="xs">
            v{newer.number}
          </Text>
          <Prose text={newer.body} />
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Text fw={600} mb="xs">
          {t('alliance.documents.changes')}
        </Text>
        <pre
          style={{ whiteSpace: 'pre-wrap', margin: 0, fontFamily: 'ui-monospace, monospace', fontSize: 14 }}
        >
          {lines.map((l, i) => (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: the diff's lines have no identity of their own
              key={i}
              style={{
                background: l.op === '+' ? '#d3f9d8' : l.op === '-' ? '#ffe3e3' : undefined,
                color: '#212529',
              }}
            >
              <span aria-hidden>{l.op === ' ' ? '  ' : `${l.op} `}</span>
              {l.op !== ' ' && (
                <VisuallyHidden>
                  {l.op === '+' ? t('alliance.documents.added') : t('alliance.documents.removed')}
                </VisuallyHidden>
              )}
              {l.text || ' '}
            </div>
          ))}
        </pre>
      </Card>
    </Stack>
  );
}

function NewVersionDialog({ doc, opened, onClose }: { doc: Doc; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [note, setNote] = useState('');
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (opened) {
      const latest = [...doc.versionList].sort((a, b) => b.number - a.number)[0];
      setTitle(latest?.title ?? doc.title);
      setBody(latest?.body ?? '');
      setNote('');
      setShown(false);
      setError(null);
    }
  }, [opened, doc, setError]);
  const submit = async () => {
    setShown(true);
    if (!title.trim() || !body.trim()) return;
    const ok = await run(() => post(`/api/alliance/documents/${doc.id}/versions`, { title, body, note }));
    await refresh();
    if (ok) onClose();
  };
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.documents.newVersion')}
      onSubmit={() => void submit()}
      busy={busy}
      error={error}
      size="xl"
      submitLabel={t('alliance.documents.saveVersion')}
    >
      <TextInput
        label={t('alliance.documents.titleCol')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={shown && !title.trim() ? t('alliance.required') : fieldError(error, 'title')}
      />
      <Textarea
        label={t('alliance.documents.text')}
        required
        autosize
        minRows={10}
        maxRows={24}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        error={shown && !body.trim() ? t('alliance.required') : fieldError(error, 'body')}
        data-autofocus
      />
      <TextInput
        label={t('alliance.documents.note')}
        description={t('alliance.documents.noteHelp')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
    </FormDialog>
  );
}
