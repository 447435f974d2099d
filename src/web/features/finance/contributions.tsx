import {
  Alert,
  Anchor,
  Button,
  FileButton,
  FileInput,
  Group,
  NativeSelect,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_MAX_BYTES, DOCUMENT_TYPES } from '../../../contract/enrollment.ts';
import {
  CONTRIBUTION_KINDS,
  CONTRIBUTION_SOURCES,
  type ContributionInfo,
} from '../../../contract/finance.ts';
import { post, qs, uploadFile } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CONTRAST_VARS, LINK_COLOR } from '../../components/contrast.ts';
import { FormCard } from '../../components/FormCard.tsx';
import { todayMx } from '../../components/format.ts';
import { useMoneyPost } from '../../components/money-post.ts';
import { LocalError, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { CaptionedTable } from '../../components/ScrollTable.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { parsePesos } from './amounts.ts';
import { ContributionStatusBadge, moneyRoutes, SortTh, useRefresh, useSorted } from './common.tsx';
import { UploadProgress } from './UploadProgress.tsx';

type Col = 'school' | 'date' | 'source' | 'amount' | 'status';

const value = (c: ContributionInfo, k: Col): string | number => {
  switch (k) {
    case 'school':
      return c.school.code;
    case 'date':
      return c.receivedOn;
    case 'source':
      return c.source;
    case 'amount':
      return c.amount;
    case 'status':
      return c.status;
  }
};

/** Sends a receipt or photo as the contribution's evidence, with the upload's progress. */
async function sendEvidence(
  id: string,
  file: File,
  onProgress: (f: number) => void,
  t: (k: string) => string,
) {
  if (file.size > DOCUMENT_MAX_BYTES) throw new LocalError(t('finance.contributions.tooLarge'));
  if (file.type && !(DOCUMENT_TYPES as readonly string[]).includes(file.type))
    throw new LocalError(t('finance.contributions.wrongType'));
  return uploadFile(
    `/api/pec/contributions/${id}/evidence${qs({ fileName: file.name })}`,
    file,
    onProgress,
    'PUT',
  );
}

/**
 * Contributions as a sortable table: the school's own (with evidence upload while they wait) or a
 * state's queue (with the school); validation buttons for whoever may decide.
 */
export function ContributionsTable({
  items,
  cycleId,
  showSchool = false,
  canReview,
  canUpload,
  label,
}: {
  items: ContributionInfo[];
  cycleId: number;
  showSchool?: boolean;
  canReview: boolean;
  canUpload: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { sorted, sort, toggle } = useSorted<ContributionInfo, Col>(items, value, {
    key: 'date',
    dir: 'asc',
  });
  return (
    <CaptionedTable
      label={label}
      minWidth={showSchool ? 1100 : 980}
      head={
        <>
          {showSchool && (
            <SortTh column="school" sort={sort} onSort={toggle}>
              {t('finance.schoolCol')}
            </SortTh>
          )}
          <SortTh column="date" sort={sort} onSort={toggle}>
            {t('finance.contributions.receivedOn')}
          </SortTh>
          <SortTh column="source" sort={sort} onSort={toggle}>
            {t('finance.contributions.source')}
          </SortTh>
          <Table.Th>{t('finance.contributions.kind')}</Table.Th>
          <SortTh column="amount" sort={sort} onSort={toggle}>
            {t('finance.amount')}
          </SortTh>
          <Table.Th>{t('finance.contributions.description')}</Table.Th>
          <Table.Th>{t('finance.contributions.evidence')}</Table.Th>
          <SortTh column="status" sort={sort} onSort={toggle}>
            {t('finance.status')}
          </SortTh>
          {(canReview || canUpload) && <Table.Th>{t('common.actions')}</Table.Th>}
        </>
      }
    >
      {sorted.map((c) => (
        <Table.Tr key={c.id}>
          {showSchool && (
            <Table.Td>
              <AppLink
                to={moneyRoutes.school}
                params={{ cycleId: String(cycleId), schoolId: String(c.school.id) }}
              >
                {c.school.code}
              </AppLink>
              <Text size="sm">{c.school.name}</Text>
            </Table.Td>
          )}
          <Table.Td>{fmt.day(c.receivedOn)}</Table.Td>
          <Table.Td>{t(`finance.source.${c.source}`)}</Table.Td>
          <Table.Td>{t(`finance.kind.${c.kind}`)}</Table.Td>
          <Table.Td>{fmt.pesos(c.amount)}</Table.Td>
          <Table.Td style={{ minWidth: 200 }}>{c.description || '—'}</Table.Td>
          <Table.Td>
            {c.evidence ? (
              <Anchor
                href={`/api/pec/contributions/${c.id}/evidence`}
                style={{ color: LINK_COLOR }}
                aria-label={t('finance.contributions.download', { name: c.evidence.name })}
              >
                {c.evidence.name}
              </Anchor>
            ) : (
              t('finance.contributions.noEvidence')
            )}
          </Table.Td>
          <Table.Td>
            <Stack gap={4}>
              <ContributionStatusBadge status={c.status} />
              {c.reviewedBy && (
                <Text size="sm">
                  {t('finance.contributions.reviewedBy', {
                    by: c.reviewedBy.name,
                    date: fmt.time(c.reviewedAt),
                  })}
                </Text>
              )}
              {c.reviewReason && (
                <Text size="sm">{t('finance.contributions.reason', { reason: c.reviewReason })}</Text>
              )}
            </Stack>
          </Table.Td>
          {(canReview || canUpload) && (
            <Table.Td>
              {c.status === 'registered' ? (
                <Stack gap={4} align="flex-start">
                  {canReview && <ReviewButtons contribution={c} />}
                  {canUpload && <EvidenceButton contribution={c} />}
                </Stack>
              ) : (
                '—'
              )}
            </Table.Td>
          )}
        </Table.Tr>
      ))}
    </CaptionedTable>
  );
}

function EvidenceButton({ contribution: c }: { contribution: ContributionInfo }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const action = useAction();
  const [sent, setSent] = useState<number | null>(null);
  const label = c.evidence
    ? t('finance.contributions.replaceEvidence')
    : t('finance.contributions.addEvidence');
  const upload = (file: File | null) => {
    if (!file) return;
    void action
      .run(async () => {
        setSent(0);
        await sendEvidence(c.id, file, setSent, t);
      })
      .then((ok) => {
        setSent(null);
        if (ok) void refresh();
      });
  };
  return (
    <Stack gap={4}>
      <FileButton onChange={upload} accept={DOCUMENT_TYPES.join(',')}>
        {(props) => (
          <Button
            {...props}
            size="xs"
            variant="default"
            loading={action.busy}
            aria-label={`${label}: ${t(`finance.source.${c.source}`)} ${c.receivedOn}`}
          >
            {label}
          </Button>
        )}
      </FileButton>
      {sent !== null && (
        <Progress value={sent * 100} aria-label={t('finance.contributions.uploadProgress')} />
      )}
      <ProblemAlert error={action.error} />
    </Stack>
  );
}

/** Approve (cash enters the school's account) or reject with the reason the school will read. */
export function ReviewButtons({ contribution: c }: { contribution: ContributionInfo }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const action = useMoneyPost();
  const [open, setOpen] = useState<'approve' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const what = {
    amount: fmt.pesos(c.amount),
    school: c.school.code,
    kind: t(`finance.kind.${c.kind}`),
    source: t(`finance.source.${c.source}`),
  };
  const close = () => {
    action.setError(null);
    setReasonError(null);
    setOpen(null);
  };
  const decide = (decision: 'approve' | 'reject') => {
    const body = decision === 'reject' ? { decision, reason: reason.trim() } : { decision };
    if (decision === 'reject' && !reason.trim()) {
      setReasonError(t('finance.contributions.reasonRequired'));
      return;
    }
    void action.send(`/api/pec/contributions/${c.id}/review`, body).then((r) => {
      if (r === null) return;
      setOpen(null);
      setReason('');
      void refresh();
    });
  };
  return (
    <>
      <Group gap={4} wrap="nowrap">
        <Button
          size="xs"
          onClick={() => setOpen('approve')}
          aria-label={t('finance.contributions.approveAria', what)}
        >
          {t('finance.contributions.approve')}
        </Button>
        <Button
          size="xs"
          color="red.9"
          onClick={() => setOpen('reject')}
          aria-label={t('finance.contributions.rejectAria', what)}
        >
          {t('finance.contributions.reject')}
        </Button>
      </Group>
      <ConfirmDialog
        opened={open === 'approve'}
        title={t('finance.contributions.approveTitle')}
        confirmLabel={t('finance.contributions.approve')}
        busy={action.busy}
        onCancel={close}
        onConfirm={() => decide('approve')}
      >
        <Text>{t('finance.contributions.approveConfirm', what)}</Text>
        <Text size="sm">
          {c.kind === 'cash'
            ? t('finance.contributions.approveCash')
            : t('finance.contributions.approveInKind')}
        </Text>
        <ProblemAlert error={action.error} />
      </ConfirmDialog>
      <ConfirmDialog
        opened={open === 'reject'}
        title={t('finance.contributions.rejectTitle')}
        confirmLabel={t('finance.contributions.reject')}
        danger
        busy={action.busy}
        onCancel={close}
        onConfirm={() => decide('reject')}
      >
        <Stack style={CONTRAST_VARS}>
          <Text>{t('finance.contributions.rejectConfirm', what)}</Text>
          <Textarea
            label={t('finance.contributions.reasonLabel')}
            description={t('finance.contributions.reasonHelp')}
            required
            autosize
            minRows={3}
            maxLength={2000}
            value={reason}
            error={reasonError}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setReasonError(null);
            }}
            data-autofocus
          />
          <ProblemAlert error={action.error} />
        </Stack>
      </ConfirmDialog>
    </>
  );
}

/** The director records what the school raised, with its receipt or photo; the state validates it. */
export function RecordContributionForm({ cycleId, schoolId }: { cycleId: number; schoolId: number }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const action = useAction();
  const [source, setSource] = useState<(typeof CONTRIBUTION_SOURCES)[number]>('padres');
  const [kind, setKind] = useState<(typeof CONTRIBUTION_KINDS)[number]>('cash');
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState(todayMx());
  const [description, setDescription] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [amountError, setAmountError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = () => {
    setDone(null);
    const centavos = parsePesos(amount);
    if (!centavos) {
      setAmountError(t('finance.amountInvalid'));
      return;
    }
    void action
      .run(async () => {
        if (file && file.size > DOCUMENT_MAX_BYTES) throw new LocalError(t('finance.contributions.tooLarge'));
        if (file?.type && !(DOCUMENT_TYPES as readonly string[]).includes(file.type))
          throw new LocalError(t('finance.contributions.wrongType'));
        const created = await post<ContributionInfo>(`/api/pec/cycles/${cycleId}/contributions`, {
          schoolUnitId: schoolId,
          source,
          kind,
          amount: centavos,
          receivedOn,
          description: description.trim(),
        });
        // The contribution exists from here on: an evidence upload that fails can be retried from its row.
        setAmount('');
        setDescription('');
        void refresh();
        if (file) {
          setSent(0);
          try {
            await sendEvidence(created.id, file, setSent, t);
          } finally {
            setSent(null);
          }
          setFile(null);
        }
        setDone(
          t(file ? 'finance.contributions.recordedWithEvidence' : 'finance.contributions.recorded', {
            amount: fmt.pesos(created.amount),
          }),
        );
      })
      .then((ok) => {
        if (ok) void refresh();
      });
  };
  return (
    <FormCard onSubmit={submit}>
      <Stack style={CONTRAST_VARS}>
        <Title order={3} size="h5">
          {t('finance.contributions.formTitle')}
        </Title>
        <Text size="sm">{t('finance.contributions.formHelp')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={t('finance.contributions.source')}
            data={CONTRIBUTION_SOURCES.map((s) => ({ value: s, label: t(`finance.source.${s}`) }))}
            value={source}
            onChange={(e) => setSource(e.currentTarget.value as typeof source)}
          />
          <NativeSelect
            label={t('finance.contributions.kind')}
            data={CONTRIBUTION_KINDS.map((k) => ({ value: k, label: t(`finance.kind.${k}`) }))}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
          />
          <TextInput
            label={t('finance.contributions.amountLabel')}
            description={t('finance.amountHelp')}
            inputMode="decimal"
            required
            value={amount}
            error={amountError}
            onChange={(e) => {
              setAmount(e.currentTarget.value);
              setAmountError(null);
            }}
          />
          <TextInput
            type="date"
            label={t('finance.contributions.receivedOn')}
            required
            max={todayMx()}
            value={receivedOn}
            onChange={(e) => setReceivedOn(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Textarea
          label={t('finance.contributions.description')}
          description={t('finance.contributions.descriptionHelp')}
          autosize
          minRows={2}
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <FileInput
          label={t('finance.contributions.evidence')}
          description={t('finance.contributions.evidenceHelp')}
          accept={DOCUMENT_TYPES.join(',')}
          value={file}
          onChange={setFile}
          clearable
          clearButtonProps={{ 'aria-label': t('finance.clearFile') }}
        />
        <UploadProgress sent={sent} label={t('finance.contributions.uploadProgress')} />
        <ProblemAlert error={action.error} />
        {done && (
          <Alert color="green" role="status">
            {done}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={action.busy}>
            {t('finance.contributions.record')}
          </Button>
        </Group>
      </Stack>
    </FormCard>
  );
}
