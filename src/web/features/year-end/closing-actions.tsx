import { Button, Stack, Text, Textarea } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClosingReport } from '../../../contract/finance.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useMoneyPost } from '../../components/money-post.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { useRefresh } from './common.tsx';

type Row = ClosingReport['rows'][number];
type CloseResult = { closed: number; returnsDue: number; returns: number };

/**
 * Closing a school's or the whole state's year: the confirmation's open state and note, the close
 * itself (a money POST: it fixes the returns due), and the message for the page once it went through.
 */
function useClose(
  url: string,
  intent: object,
  message: (r: CloseResult) => string,
  onDone: (msg: string) => void,
) {
  const refresh = useRefresh();
  const action = useMoneyPost();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const start = () => {
    action.setError(null);
    setOpen(true);
  };
  const confirm = () => {
    const body = { note: note.trim() };
    void action.send<CloseResult>(url, body, { ...intent, ...body }).then((r) => {
      if (!r) return;
      setOpen(false);
      onDone(message(r));
      void refresh();
    });
  };
  return { action, open, setOpen, note, setNote, start, confirm };
}

/** The confirmation before a close: what becomes of the money (children), then an optional note for the record. */
function CloseDialog({
  close,
  title,
  confirmLabel,
  children,
}: {
  close: ReturnType<typeof useClose>;
  title: string;
  confirmLabel: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      opened={close.open}
      title={title}
      onCancel={() => close.setOpen(false)}
      onConfirm={close.confirm}
      confirmLabel={confirmLabel}
      danger
      busy={close.action.busy}
      error={close.action.error}
    >
      {children}
      <Textarea
        label={t('yearEnd.closing.note')}
        description={t('yearEnd.closing.noteHelp')}
        autosize
        minRows={2}
        maxLength={2000}
        value={close.note}
        onChange={(e) => close.setNote(e.currentTarget.value)}
      />
    </ConfirmDialog>
  );
}

/** Closes one school's year, after a dialog that says what becomes of its balance. */
export function CloseSchoolButton({
  report,
  row,
  onDone,
}: {
  report: ClosingReport;
  row: Row;
  onDone: (msg: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const balance = row.totals.schoolBalances;
  const close = useClose(
    `/api/pec/cycles/${report.cycleId}/schools/${row.unit.id}/close`,
    { school: row.unit.id },
    (r) =>
      r.returnsDue > 0
        ? t('yearEnd.closing.schoolClosedReturn', {
            cct: row.unit.code,
            amount: fmt.pesos(r.returnsDue),
            date: fmt.day(report.returnsDueOn),
          })
        : t('yearEnd.closing.schoolClosed', { cct: row.unit.code }),
    onDone,
  );
  return (
    <>
      <Button
        size="xs"
        color="red.9"
        onClick={close.start}
        aria-label={t('yearEnd.closing.closeSchoolOf', { cct: row.unit.code })}
      >
        {t('yearEnd.closing.closeSchool')}
      </Button>
      <CloseDialog
        close={close}
        title={t('yearEnd.closing.closeSchoolTitle', { cct: row.unit.code, name: row.unit.name })}
        confirmLabel={t('yearEnd.closing.closeSchoolConfirm')}
      >
        <Text>
          {balance > 0
            ? t('yearEnd.closing.closeSchoolBalance', {
                amount: fmt.pesos(balance),
                date: fmt.day(report.returnsDueOn),
              })
            : t('yearEnd.closing.closeSchoolNoBalance')}
        </Text>
        <Text>{t('yearEnd.closing.closeAfter')}</Text>
      </CloseDialog>
    </>
  );
}

/** Closes the whole state's year: every school still open, all or nothing. */
export function CloseStateButton({
  report,
  onDone,
}: {
  report: ClosingReport;
  onDone: (msg: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  // Over every school of the state, not only the page shown.
  const open = report.rowCount.all - report.rowCount.closed;
  const unspent = report.rowCount.openBalances;
  const pending = report.rowCount.pendingReviews;
  const close = useClose(
    `/api/pec/cycles/${report.cycleId}/states/${report.unit.id}/close`,
    { state: report.unit.id },
    (r) =>
      t('yearEnd.closing.stateClosed', {
        state: report.unit.name,
        count: r.closed,
        returns: r.returns,
        amount: fmt.pesos(r.returnsDue),
        date: fmt.day(report.returnsDueOn),
      }),
    onDone,
  );
  return (
    <Stack gap="xs" align="flex-start">
      {pending > 0 && <Text role="note">{t('yearEnd.closing.statePending', { count: pending })}</Text>}
      <Button color="red.9" disabled={pending > 0} onClick={close.start}>
        {t('yearEnd.closing.closeState', { state: report.unit.name })}
      </Button>
      <CloseDialog
        close={close}
        title={t('yearEnd.closing.closeStateTitle', { state: report.unit.name, year: report.schoolYear })}
        confirmLabel={t('yearEnd.closing.closeStateConfirm')}
      >
        <Text>{t('yearEnd.closing.closeStateWhat', { count: open, state: report.unit.name })}</Text>
        <Text>
          {t('yearEnd.closing.closeStateBalance', {
            amount: fmt.pesos(unspent),
            date: fmt.day(report.returnsDueOn),
          })}
        </Text>
        <Text>{t('yearEnd.closing.closeStateAfter')}</Text>
      </CloseDialog>
    </Stack>
  );
}
