import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Progress,
  Stack,
  Table,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_MAX_BYTES } from '../../../contract/enrollment.ts';
import type { ExpenseList, SchoolMoneyView } from '../../../contract/finance.ts';
import type { PlanDetail } from '../../../contract/planning.ts';
import { get, post, qs, uploadFile } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ALERT_OK_STYLES, LINK_COLOR } from '../../components/contrast.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { CfdiForm } from './cfdi-form.tsx';
import { ExpenseStateBadge, FK, SortTh, useRefresh, useSorted } from './common.tsx';
import { ReceiptForm } from './receipt-form.tsx';
import { UploadProgress } from './UploadProgress.tsx';

type Expense = ExpenseList['expenses'][number];

const APPROVED = ['approved', 'approved_with_observations'];
/** The states in which the school may still attach the CFDI's printed PDF. */
const UNDER_REVIEW = ['submitted', 'observed'];
/** The workflow requires a comment for these; accepting may go without one. */
const COMMENT_REQUIRED = ['observe', 'answer', 'reject'];

/**
 * The school's expenses against its approved PAT: what was spent per category against each cap, the
 * expenses with their review (and the actions the reader may take), and, while the school may
 * register, the CFDI upload and (where the rules allow it) the simple receipt.
 */
export function ExpensesSection({ plan, balance }: { plan: SchoolMoneyView['plan']; balance: number }) {
  const { t } = useTranslation();
  return (
    <Section title={t('finance.expenses.title')}>
      {!plan ? (
        <Text>{t('finance.expenses.noPlan')}</Text>
      ) : APPROVED.includes(plan.state) ? (
        <ExpensesBody planId={plan.id} balance={balance} />
      ) : (
        <Text>
          {t('finance.expenses.planNotApproved', {
            state: t(`planning.state.${plan.state}`, { defaultValue: plan.state }),
          })}
        </Text>
      )}
    </Section>
  );
}

function ExpensesBody({ planId, balance }: { planId: string; balance: number }) {
  const { t } = useTranslation();
  // The plan gives the PAT's actions (what an expense is proven against).
  const plan = useQuery({
    queryKey: [FK, 'plan', planId],
    queryFn: () => get<PlanDetail>(`/api/pec/plans/${planId}`),
  });
  const list = useQuery({
    queryKey: [FK, 'expenses', planId],
    queryFn: () => get<ExpenseList>(`/api/pec/plans/${planId}/expenses`),
  });
  return (
    <QueryView query={plan}>
      {(p) => (
        <QueryView query={list}>
          {(data) => (
            <Stack gap="lg">
              <CategoryTotals data={data} />
              {data.can.register && (
                <>
                  <CfdiForm plan={p} data={data} balance={balance} />
                  {data.receipts.allowed ? (
                    <ReceiptForm plan={p} data={data} />
                  ) : (
                    <Text size="sm">{t('finance.receipt.notAllowed')}</Text>
                  )}
                </>
              )}
              <Stack gap="xs">
                <Title order={3} size="h5">
                  {t('finance.expenses.list')}
                </Title>
                {data.expenses.length === 0 ? (
                  <Text>{t('finance.expenses.empty')}</Text>
                ) : (
                  <ExpensesTable plan={p} data={data} />
                )}
              </Stack>
            </Stack>
          )}
        </QueryView>
      )}
    </QueryView>
  );
}

function CategoryTotals({ data }: { data: ExpenseList }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const total = data.byCategory.reduce((n, c) => n + c.spent, 0);
  return (
    <ScrollTable label={t('finance.expenses.byCategory')} minWidth={720}>
      <Table withTableBorder captionSide="top">
        <Table.Caption>{t('finance.expenses.byCategory')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('finance.expenses.category')}</Table.Th>
            <Table.Th>{t('finance.expenses.spent')}</Table.Th>
            <Table.Th>{t('finance.expenses.cap')}</Table.Th>
            <Table.Th>{t('finance.expenses.left')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.byCategory.map((c) => {
            const share = c.maxAmount ? Math.min(100, (c.spent / c.maxAmount) * 100) : null;
            return (
              <Table.Tr key={c.category}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{fmt.pesos(c.spent)}</Table.Td>
                <Table.Td>
                  {c.maxAmount === null ? t('finance.expenses.noCap') : fmt.pesos(c.maxAmount)}
                  {share !== null && (
                    <Progress
                      mt={4}
                      value={share}
                      color={share >= 100 ? 'red.9' : 'blue.9'}
                      aria-label={t('finance.expenses.capUsed', {
                        category: c.name,
                        percent: Math.round(share),
                      })}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  {c.maxAmount === null ? '—' : fmt.pesos(Math.max(0, c.maxAmount - c.spent))}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row">{t('finance.total')}</Table.Th>
            <Table.Td>{fmt.pesos(total)}</Table.Td>
            <Table.Td />
            <Table.Td />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </ScrollTable>
  );
}

type Col = 'date' | 'issuer' | 'category' | 'amount' | 'state';

/** The school may attach the printed PDF of a CFDI once, while the expense is under review. */
const canAttachPdf = (e: Expense, data: ExpenseList) =>
  data.can.register &&
  e.proof === 'cfdi' &&
  UNDER_REVIEW.includes(e.state) &&
  !e.files.some((f) => f.kind === 'pdf');

function ExpensesTable({ plan, data }: { plan: PlanDetail; data: ExpenseList }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [open, setOpen] = useState<string | null>(null);
  const [acting, setActing] = useState<{ expense: Expense; action: string } | null>(null);
  const [attaching, setAttaching] = useState<Expense | null>(null);
  const [attached, setAttached] = useState<string | null>(null);
  const categoryName = (code: string) => data.byCategory.find((c) => c.category === code)?.name ?? code;
  const actionIndex = (id: string) => plan.content.pat.actions.findIndex((a) => a.id === id);
  const value = (e: Expense, k: Col): string | number | null => {
    switch (k) {
      case 'date':
        return e.spentOn;
      case 'issuer':
        return e.issuer;
      case 'category':
        return categoryName(e.category);
      case 'amount':
        return e.amount;
      case 'state':
        return t(`finance.expenseState.${e.state}`, { defaultValue: e.state });
    }
  };
  const { sorted, sort, toggle } = useSorted<Expense, Col>(data.expenses, value, {
    key: 'date',
    dir: 'desc',
  });
  const cols = 8;
  return (
    <>
      {attached && (
        <Alert color="green" role="status" styles={ALERT_OK_STYLES}>
          {attached}
        </Alert>
      )}
      <ScrollTable label={t('finance.expenses.list')} minWidth={1180}>
        <Table withTableBorder captionSide="top">
          <Table.Caption>{t('finance.expenses.caption', { count: data.expenses.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <SortTh column="date" sort={sort} onSort={toggle}>
                {t('finance.expenses.date')}
              </SortTh>
              <SortTh column="issuer" sort={sort} onSort={toggle}>
                {t('finance.expenses.issuer')}
              </SortTh>
              <Table.Th>{t('finance.expenses.description')}</Table.Th>
              <Table.Th>{t('finance.expenses.action')}</Table.Th>
              <SortTh column="category" sort={sort} onSort={toggle}>
                {t('finance.expenses.category')}
              </SortTh>
              <SortTh column="amount" sort={sort} onSort={toggle}>
                {t('finance.amount')}
              </SortTh>
              <SortTh column="state" sort={sort} onSort={toggle}>
                {t('finance.status')}
              </SortTh>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((e) => {
              const i = actionIndex(e.actionId);
              const expanded = open === e.id;
              const what = { amount: fmt.pesos(e.amount), issuer: e.issuer ?? '—' };
              return (
                <Fragment key={e.id}>
                  <Table.Tr>
                    <Table.Td>{fmt.day(e.spentOn)}</Table.Td>
                    <Table.Td style={{ minWidth: 200 }}>
                      {e.issuer ?? '—'}
                      {e.cfdiUuid && (
                        <Text size="sm">{t('finance.expenses.uuid', { uuid: e.cfdiUuid })}</Text>
                      )}
                      {e.proof === 'receipt' && (
                        <Text size="sm">
                          {t('finance.expenses.receipt', { reason: e.receiptReason ?? '—' })}
                        </Text>
                      )}
                      {e.files.map((f) => (
                        <Anchor
                          key={f.fileId}
                          href={`/api/pec/expenses/${e.id}/files/${f.fileId}`}
                          download={f.name}
                          size="sm"
                          display="block"
                          style={{ color: LINK_COLOR }}
                          title={f.name}
                        >
                          {t(`finance.expenses.fileKind.${f.kind}`, { defaultValue: f.name })}
                        </Anchor>
                      ))}
                    </Table.Td>
                    <Table.Td style={{ minWidth: 180 }}>{e.description}</Table.Td>
                    <Table.Td style={{ minWidth: 180 }}>
                      {i >= 0 ? `${i + 1}. ${plan.content.pat.actions[i]?.text}` : e.actionId}
                    </Table.Td>
                    <Table.Td>{categoryName(e.category)}</Table.Td>
                    <Table.Td>{fmt.pesos(e.amount)}</Table.Td>
                    <Table.Td>
                      <ExpenseStateBadge state={e.state} />
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        {e.actions.map((a) => (
                          <Button
                            key={a}
                            size="xs"
                            color={a === 'reject' ? 'red.9' : undefined}
                            onClick={() => setActing({ expense: e, action: a })}
                            aria-label={t(`finance.expenseAction.${a}Aria`, what)}
                          >
                            {t(`finance.expenseAction.${a}`)}
                          </Button>
                        ))}
                        {canAttachPdf(e, data) && (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => {
                              setAttached(null);
                              setAttaching(e);
                            }}
                            aria-label={t('finance.pdf.attachAria', what)}
                          >
                            {t('finance.pdf.attach')}
                          </Button>
                        )}
                        <Button
                          size="xs"
                          variant="default"
                          aria-expanded={expanded}
                          aria-controls={`history-${e.id}`}
                          onClick={() => setOpen(expanded ? null : e.id)}
                        >
                          {t('finance.expenses.history', { count: e.timeline.length })}
                        </Button>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                  {expanded && (
                    <Table.Tr id={`history-${e.id}`}>
                      <Table.Td colSpan={cols}>
                        <ExpenseTimeline expense={e} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {acting && (
        <ReviewDialog expense={acting.expense} action={acting.action} onClose={() => setActing(null)} />
      )}
      {attaching && (
        <AttachPdfDialog
          expense={attaching}
          onClose={(message) => {
            setAttaching(null);
            if (message) setAttached(message);
          }}
        />
      )}
    </>
  );
}

/** Each step of the review: what happened, when, who did it and in which role, and their comment. */
function ExpenseTimeline({ expense }: { expense: Expense }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <section aria-label={t('finance.expenses.historyOf', { issuer: expense.issuer ?? '—' })}>
      <Timeline bulletSize={14} lineWidth={2}>
        {expense.timeline.map((ev) => {
          const event = ev.action === 'create' && expense.proof === 'receipt' ? 'createReceipt' : ev.action;
          const role = ev.actingAs ? t(`roles.${ev.actingAs}`, { defaultValue: ev.actingAs }) : null;
          return (
            <Timeline.Item
              key={`${ev.at}-${ev.action}`}
              title={t(`finance.expenseEvent.${event}`, { defaultValue: ev.action })}
            >
              <Text size="sm">
                {[
                  fmt.time(ev.at),
                  ev.by
                    ? role
                      ? t('finance.expenses.byAs', { name: ev.by.name, role })
                      : t('finance.expenses.by', { name: ev.by.name })
                    : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
              {ev.comment && <Text size="sm">{ev.comment}</Text>}
            </Timeline.Item>
          );
        })}
      </Timeline>
    </section>
  );
}

/** The CFDI's printed PDF, attached once to an expense under review. */
function AttachPdfDialog({ expense, onClose }: { expense: Expense; onClose: (message?: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const run = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const what = { amount: fmt.pesos(expense.amount), issuer: expense.issuer ?? '—' };
  const confirm = () => {
    if (!file) {
      setFileError(t('finance.pdf.fileRequired'));
      return;
    }
    if (file.size > DOCUMENT_MAX_BYTES) {
      setFileError(t('finance.receipt.fileTooLarge'));
      return;
    }
    void run
      .run(async () => {
        setSent(0);
        try {
          await uploadFile(
            `/api/pec/expenses/${expense.id}/pdf${qs({ fileName: file.name })}`,
            new File([file], file.name, { type: 'application/pdf' }),
            setSent,
            'PUT',
          );
        } finally {
          setSent(null);
        }
      })
      .then((ok) => {
        if (ok) {
          onClose(t('finance.pdf.attached', what));
          void refresh();
        }
      });
  };
  return (
    <ConfirmDialog
      opened
      title={t('finance.pdf.title')}
      confirmLabel={t('finance.pdf.attach')}
      busy={run.busy}
      onCancel={() => onClose()}
      onConfirm={confirm}
    >
      <Stack>
        <Text>{t('finance.pdf.text', what)}</Text>
        <FileInput
          label={t('finance.pdf.file')}
          description={t('finance.pdf.fileHelp')}
          accept=".pdf,application/pdf"
          required
          value={file}
          error={fileError}
          onChange={(f) => {
            setFile(f);
            setFileError(null);
            run.setError(null);
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('finance.clearFile') }}
          data-autofocus
        />
        <UploadProgress sent={sent} label={t('finance.pdf.uploadProgress')} />
        <ProblemAlert error={run.error} />
      </Stack>
    </ConfirmDialog>
  );
}

function ReviewDialog({
  expense,
  action,
  onClose,
}: {
  expense: Expense;
  action: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const run = useAction();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const required = COMMENT_REQUIRED.includes(action);
  const confirm = () => {
    if (required && !comment.trim()) {
      setCommentError(t('finance.expenses.commentRequired'));
      return;
    }
    void run
      .run(() =>
        post(
          `/api/pec/expenses/${expense.id}/review/${action}`,
          comment.trim() ? { comment: comment.trim() } : {},
        ),
      )
      .then((ok) => {
        if (ok) {
          onClose();
          void refresh();
        }
      });
  };
  return (
    <ConfirmDialog
      opened
      title={t(`finance.expenseAction.${action}Title`)}
      confirmLabel={t(`finance.expenseAction.${action}`)}
      danger={action === 'reject'}
      busy={run.busy}
      onCancel={onClose}
      onConfirm={confirm}
    >
      <Stack>
        <Text>
          {t(`finance.expenseAction.${action}Text`, {
            amount: fmt.pesos(expense.amount),
            issuer: expense.issuer ?? '—',
          })}
        </Text>
        <Textarea
          label={t(required ? 'finance.expenses.comment' : 'finance.expenses.commentOptional')}
          required={required}
          autosize
          minRows={3}
          maxLength={5000}
          value={comment}
          error={commentError}
          onChange={(e) => {
            setComment(e.currentTarget.value);
            setCommentError(null);
          }}
          data-autofocus
        />
        <ProblemAlert error={run.error} />
      </Stack>
    </ConfirmDialog>
  );
}
