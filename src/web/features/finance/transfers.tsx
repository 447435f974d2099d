import { Alert, Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferInfo, TransferResult } from '../../../contract/finance.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { AMBER } from '../../components/contrast.ts';
import { useMoneyPost } from '../../components/money-post.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { CaptionedTable, ScrollTable } from '../../components/ScrollTable.tsx';
import { TagBadge } from '../../components/TagBadge.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { useRefresh } from './common.tsx';

export type TransferKind = 'initial' | 'match';

/** What a release would send: one line per school still waiting, with the amount the rules give it. */
export interface PlannedTransfer {
  school: { id: number; code: string; name: string };
  amount: number;
  explanation?: string;
}

/**
 * A button that releases transfers after a confirmation listing each school and amount against the
 * trust fund; the answer (what went, and the fund's balance after) is handed to `onDone`.
 */
export function ReleaseButton({
  url,
  kind,
  planned,
  trustBalance,
  label,
  onDone,
}: {
  url: string;
  kind: TransferKind;
  planned: PlannedTransfer[];
  trustBalance: number | null;
  label: string;
  onDone: (r: TransferResult) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const action = useMoneyPost();
  const [open, setOpen] = useState(false);
  const total = planned.reduce((n, p) => n + p.amount, 0);
  const short = trustBalance !== null && total > trustBalance;
  const body = { kind };
  return (
    <>
      <Button
        onClick={() => setOpen(true)}
        disabled={planned.length === 0}
        title={planned.length === 0 ? t('finance.transfers.noneWaiting') : undefined}
      >
        {label}
      </Button>
      <ConfirmDialog
        opened={open}
        title={label}
        confirmLabel={t('finance.transfers.confirmButton')}
        busy={action.busy}
        onCancel={() => {
          action.setError(null);
          setOpen(false);
        }}
        onConfirm={() =>
          void action.send<TransferResult>(url, body, { url, ...body }).then((r) => {
            if (r === null) return;
            onDone(r);
            setOpen(false);
            void refresh();
          })
        }
      >
        <Text>
          {t(`finance.transfers.confirm.${kind}`, { count: planned.length, total: fmt.pesos(total) })}
        </Text>
        <ScrollTable label={t('finance.transfers.plannedTable')} minWidth={420}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('finance.schoolCol')}</Table.Th>
                <Table.Th>{t('finance.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {planned.map((p) => (
                <Table.Tr key={p.school.id}>
                  <Table.Td>
                    {p.school.code} · {p.school.name}
                    {p.explanation && <Text size="sm">{p.explanation}</Text>}
                  </Table.Td>
                  <Table.Td>{fmt.pesos(p.amount)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        {trustBalance !== null && (
          <Text size="sm">
            {t('finance.transfers.trustAfter', {
              balance: fmt.pesos(trustBalance),
              after: fmt.pesos(trustBalance - total),
            })}
          </Text>
        )}
        {short && (
          <Alert color="red" role="alert">
            {t('finance.transfers.short', { missing: fmt.pesos(total - (trustBalance ?? 0)) })}
          </Alert>
        )}
        <Text size="sm">{t('finance.transfers.confirmFinal')}</Text>
        <ProblemAlert error={action.error} />
      </ConfirmDialog>
    </>
  );
}

/** The answer of a release: each transfer with its calculation, the total, the fund's balance after. */
export function ReleaseResult({ result }: { result: TransferResult }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <Paper withBorder p="md" role="status">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('finance.transfers.released', {
            count: result.transfers.length,
            total: fmt.pesos(result.total),
          })}
        </Title>
        <Text>{t('finance.transfers.trustNow', { balance: fmt.pesos(result.trustBalance) })}</Text>
        <TransfersTable items={result.transfers} showSchool label={t('finance.transfers.releasedTable')} />
      </Stack>
    </Paper>
  );
}

export function TransfersTable({
  items,
  showSchool = false,
  label,
}: {
  items: TransferInfo[];
  showSchool?: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <CaptionedTable
      label={label}
      minWidth={760}
      head={
        <>
          {showSchool && <Table.Th>{t('finance.schoolCol')}</Table.Th>}
          <Table.Th>{t('finance.transfers.kind')}</Table.Th>
          <Table.Th>{t('finance.amount')}</Table.Th>
          <Table.Th>{t('finance.transfers.releasedAt')}</Table.Th>
          <Table.Th>{t('finance.transfers.calculation')}</Table.Th>
        </>
      }
    >
      {items.map((tr) => (
        <Table.Tr key={tr.id}>
          {showSchool && (
            <Table.Td>
              {tr.school.code}
              <Text size="sm">{tr.school.name}</Text>
            </Table.Td>
          )}
          <Table.Td>{t(`finance.transferKind.${tr.kind}`)}</Table.Td>
          <Table.Td>{fmt.pesos(tr.amount)}</Table.Td>
          <Table.Td>
            {fmt.time(tr.releasedAt)}
            {tr.releasedBy && <Text size="sm">{tr.releasedBy.name}</Text>}
          </Table.Td>
          <Table.Td style={{ minWidth: 260 }}>{tr.explanation || '—'}</Table.Td>
        </Table.Tr>
      ))}
    </CaptionedTable>
  );
}

/**
 * "Transferidos el …" or "Pendiente" for one kind of transfer of a school; given what is due now,
 * a match of nothing yet says so, and a match grown since it was transferred shows the difference.
 */
export function TransferState({ transfer, due }: { transfer: TransferInfo | null; due?: number }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (!transfer)
    return due === 0 ? (
      <Text size="sm">{t('finance.transfers.nothingYet')}</Text>
    ) : (
      <TagBadge color={AMBER}>{t('finance.transfers.pending')}</TagBadge>
    );
  return (
    <>
      <Text size="sm">
        {t('finance.transfers.doneOn', {
          amount: fmt.pesos(transfer.amount),
          date: fmt.time(transfer.releasedAt),
        })}
      </Text>
      {due !== undefined && due > transfer.amount && (
        <Text size="sm">
          {t('finance.transfers.topUpShort', { difference: fmt.pesos(due - transfer.amount) })}
        </Text>
      )}
    </>
  );
}
