import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  List,
  NativeSelect,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_MAX_BYTES, DOCUMENT_TYPES } from '../../../contract/enrollment.ts';
import type { ExpenseList, SchoolMoneyView } from '../../../contract/finance.ts';
import type { PlanDetail } from '../../../contract/planning.ts';
import { ApiError, get, post, qs, uploadFile } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { useAction } from '../../components/use-action.ts';
import { parsePesos } from './amounts.ts';
import {
  ALERT_OK_STYLES,
  ALERT_STYLES,
  CONTRAST_VARS,
  ExpenseStateBadge,
  FK,
  LINK_COLOR,
  ProblemAlert,
  Section,
  SortTh,
  todayMx,
  useFmt,
  useIntentKey,
  useRefresh,
  useSorted,
} from './common.tsx';

type Expense = ExpenseList['expenses'][number];
interface Registered {
  id: string;
  amount: number;
  uuid: string;
  warnings: string[];
}

const CFDI_MAX_BYTES = 2 * 1024 * 1024;
const APPROVED = ['approved', 'approved_with_observations'];
/** The states in which the school may still attach the CFDI's printed PDF. */
const UNDER_REVIEW = ['submitted', 'observed'];
/** The workflow requires a comment for these; accepting may go without one. */
const COMMENT_REQUIRED = ['observe', 'answer', 'reject'];
/** The first part of a check's path names what was checked ("cfdi.amounts.total" → amounts). */
const CHECK_GROUPS = [
  'input',
  'xml',
  'structure',
  'format',
  'type',
  'currency',
  'amounts',
  'dates',
  'rfc',
  'timbre',
] as const;

class LocalError extends Error {}

/** A file's type as the server takes it: a scan's own type when it is one it accepts; otherwise the server reads its content. */
const scanType = (f: File) =>
  (DOCUMENT_TYPES as readonly string[]).includes(f.type) ? f.type : 'application/octet-stream';

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

/** A 422 for an invoice: each check it failed, grouped by what was checked, in plain words. */
function CfdiProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof LocalError)
    return (
      <Alert color="red" role="alert">
        {error.message}
      </Alert>
    );
  if (!(error instanceof ApiError) || !(error.problem.errors ?? []).some((e) => e.path.startsWith('cfdi.')))
    return <ProblemAlert error={error} title={t('finance.expenses.refused')} />;
  const checks = (error.problem.errors ?? []).filter((e) => e.path.startsWith('cfdi.'));
  return (
    <Alert
      color="red"
      role="alert"
      title={t('finance.expenses.cfdiRefused', { count: checks.length })}
      styles={ALERT_STYLES}
    >
      <Text size="sm">{error.message}</Text>
      <List size="sm" mt="xs" spacing={4}>
        {checks.map((c) => {
          const group = c.path.split('.')[1] ?? '';
          const label = (CHECK_GROUPS as readonly string[]).includes(group)
            ? t(`finance.cfdiCheck.${group}`)
            : group;
          return (
            <List.Item key={`${c.path}:${c.message}`}>
              <strong>{label}:</strong> {c.message}
            </List.Item>
          );
        })}
      </List>
      <Text size="sm" mt="xs">
        {t('finance.expenses.cfdiHelp')}
      </Text>
    </Alert>
  );
}

type PatAction = PlanDetail['content']['pat']['actions'][number];

/** The PAT action an expense is proven against and its category (by default the action's own, when the rules allow it). */
function usePatChoice(actions: PatAction[], data: ExpenseList) {
  const allowed = data.byCategory;
  const defaultCategory = (actionId: string) => {
    const c = actions.find((a) => a.id === actionId)?.category;
    return allowed.some((x) => x.category === c) ? (c as string) : (allowed[0]?.category ?? '');
  };
  const [actionId, setActionId] = useState(actions[0]?.id ?? '');
  const [category, setCategory] = useState(defaultCategory(actions[0]?.id ?? ''));
  const fields = (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <ActionSelect
        actions={actions}
        value={actionId}
        onChange={(next) => {
          setActionId(next);
          setCategory(defaultCategory(next));
        }}
      />
      <CategorySelect data={data} value={category} onChange={setCategory} />
    </SimpleGrid>
  );
  return { actionId, category, fields };
}

function ActionSelect({
  actions,
  value,
  onChange,
}: {
  actions: PatAction[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('finance.expenses.action')}
      data={actions.map((a, i) => ({ value: a.id, label: `${i + 1}. ${a.text}` }))}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

function CategorySelect({
  data,
  value,
  onChange,
}: {
  data: ExpenseList;
  value: string;
  onChange: (code: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('finance.expenses.category')}
      data={data.byCategory.map((c) => ({ value: c.category, label: c.name }))}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

function UploadProgress({ sent, label }: { sent: number | null; label: string }) {
  const { t } = useTranslation();
  if (sent === null) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" role="status">
        {t('finance.uploading', { percent: Math.round(sent * 100) })}
      </Text>
      <Progress value={sent * 100} aria-label={label} />
    </Stack>
  );
}

function CfdiForm({ plan, data, balance }: { plan: PlanDetail; data: ExpenseList; balance: number }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const action = useAction();
  const intent = useIntentKey();
  const actions = plan.content.pat.actions;
  const choice = usePatChoice(actions, data);
  const [description, setDescription] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [done, setDone] = useState<Registered | null>(null);
  const [descriptionError, setDescriptionError] = useState<string | null>(null);
  const submit = () => {
    setDone(null);
    if (!description.trim()) {
      setDescriptionError(t('finance.expenses.descriptionRequired'));
      return;
    }
    void action
      .run(async () => {
        if (!file) throw new LocalError(t('finance.expenses.fileRequired'));
        if (file.size > CFDI_MAX_BYTES) throw new LocalError(t('finance.expenses.fileTooLarge'));
        const query = {
          actionId: choice.actionId,
          category: choice.category,
          description: description.trim(),
        };
        const key = intent.keyFor({ ...query, file: [file.name, file.size, file.lastModified] });
        setSent(0);
        try {
          // The server takes the invoice as XML whatever type the browser guessed for the file.
          const xml = new File([file], file.name, { type: 'application/xml' });
          const r = await uploadFile<Registered>(
            `/api/pec/plans/${plan.id}/expenses/cfdi${qs(query)}`,
            xml,
            setSent,
            'POST',
            { 'idempotency-key': key },
          );
          setDone(r);
        } finally {
          setSent(null);
        }
      })
      .then((ok) => {
        if (ok) {
          intent.done();
          setDescription('');
          setFile(null);
          void refresh();
        }
      });
  };
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack style={CONTRAST_VARS}>
        <Title order={3} size="h5">
          {t('finance.expenses.formTitle')}
        </Title>
        <Text size="sm">{t('finance.expenses.formHelp', { balance: fmt.pesos(balance) })}</Text>
        {actions.length === 0 ? (
          <Text>{t('finance.expenses.noActions')}</Text>
        ) : (
          <>
            {choice.fields}
            <Textarea
              label={t('finance.expenses.description')}
              description={t('finance.expenses.descriptionHelp')}
              required
              autosize
              minRows={2}
              maxLength={2000}
              value={description}
              error={descriptionError}
              onChange={(e) => {
                setDescription(e.currentTarget.value);
                setDescriptionError(null);
              }}
            />
            <FileInput
              label={t('finance.expenses.file')}
              description={t('finance.expenses.fileHelp')}
              accept=".xml,application/xml,text/xml"
              required
              value={file}
              onChange={(f) => {
                setFile(f);
                action.setError(null);
              }}
              clearable
              clearButtonProps={{ 'aria-label': t('finance.clearFile') }}
            />
            <UploadProgress sent={sent} label={t('finance.expenses.uploadProgress')} />
            <CfdiProblem error={action.error} />
            {done && (
              <Alert
                color="green"
                role="status"
                title={t('finance.expenses.registered')}
                styles={ALERT_OK_STYLES}
              >
                <Text size="sm">
                  {t('finance.expenses.registeredText', { amount: fmt.pesos(done.amount), uuid: done.uuid })}
                </Text>
                {done.warnings.length > 0 && (
                  <>
                    <Text size="sm" mt="xs" fw={600}>
                      {t('finance.expenses.warnings')}
                    </Text>
                    <List size="sm">
                      {done.warnings.map((w) => (
                        <List.Item key={w}>{w}</List.Item>
                      ))}
                    </List>
                  </>
                )}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={action.busy}>
                {t('finance.expenses.submit')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** The receipt form's fields, as the server names them in a 400's `errors[]` (querystring.<field>). */
const RECEIPT_FIELDS = ['description', 'amount', 'spentOn', 'issuer', 'reason', 'file'] as const;
type ReceiptField = (typeof RECEIPT_FIELDS)[number];
type FieldErrors = Partial<Record<ReceiptField, string>>;

/** The field a server error names, if it is one of the form's. */
function receiptFieldOf(path: string): ReceiptField | null {
  const last = path.split('.').pop() ?? '';
  const field = last === 'fileName' ? 'file' : last;
  return (RECEIPT_FIELDS as readonly string[]).includes(field) ? (field as ReceiptField) : null;
}

/** A refused receipt: the server's explanation, and each field it named under the field's label. */
function ReceiptProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!(error instanceof ApiError)) return <ProblemAlert error={error} />;
  const errors = error.problem.errors ?? [];
  return (
    <Alert color="red" role="alert" title={t('finance.expenses.refused')} styles={ALERT_STYLES}>
      <Text size="sm">{error.message}</Text>
      {errors.length > 0 && (
        <List size="sm" mt="xs" spacing={4}>
          {errors.map((e) => {
            const field = receiptFieldOf(e.path);
            return (
              <List.Item key={`${e.path}:${e.message}`}>
                {field && <strong>{t(`finance.receipt.field.${field}`)}: </strong>}
                {e.message}
              </List.Item>
            );
          })}
        </List>
      )}
      <Text size="sm" mt="xs">
        {t('finance.receipt.nothingMoved')}
      </Text>
    </Alert>
  );
}

/**
 * An expense proven by a simple receipt, where the rules allow it: what was bought, how much, when,
 * who was paid, why there is no CFDI, and the scan. The rules' limit per receipt is shown up front;
 * the server has the last word (and explains a refusal).
 */
function ReceiptForm({ plan, data }: { plan: PlanDetail; data: ExpenseList }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const action = useAction();
  const intent = useIntentKey();
  const actions = plan.content.pat.actions;
  const choice = usePatChoice(actions, data);
  const max = data.receipts.maxAmount;
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [spentOn, setSpentOn] = useState(todayMx());
  const [issuer, setIssuer] = useState('');
  const [reason, setReason] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<{ amount: number; issuer: string } | null>(null);
  const clear = (field: ReceiptField) => {
    setErrors((e) => ({ ...e, [field]: undefined }));
    action.setError(null);
  };
  const submit = () => {
    setDone(null);
    const centavos = parsePesos(amount);
    const found: FieldErrors = {};
    if (!description.trim()) found.description = t('finance.expenses.descriptionRequired');
    if (!centavos) found.amount = t('finance.amountInvalid');
    if (!spentOn) found.spentOn = t('finance.receipt.spentOnRequired');
    if (!issuer.trim()) found.issuer = t('finance.receipt.issuerRequired');
    if (reason.trim().length < 10) found.reason = t('finance.receipt.reasonShort');
    if (!file) found.file = t('finance.receipt.fileRequired');
    else if (file.size > DOCUMENT_MAX_BYTES) found.file = t('finance.receipt.fileTooLarge');
    setErrors(found);
    if (Object.keys(found).length > 0 || !file || !centavos) return;
    const query = {
      actionId: choice.actionId,
      category: choice.category,
      description: description.trim(),
      amount: centavos,
      spentOn,
      issuer: issuer.trim(),
      reason: reason.trim(),
    };
    void action
      .run(async () => {
        const key = intent.keyFor({ ...query, file: [file.name, file.size, file.lastModified] });
        setSent(0);
        try {
          // A scan the browser could not type goes as bytes: the server reads what it is.
          await uploadFile<{ id: string; amount: number }>(
            `/api/pec/plans/${plan.id}/expenses/receipt${qs({ ...query, fileName: file.name })}`,
            new File([file], file.name, { type: scanType(file) }),
            setSent,
            'POST',
            { 'idempotency-key': key },
          );
        } catch (err) {
          if (err instanceof ApiError) {
            const byField: FieldErrors = {};
            for (const e of err.problem.errors ?? []) {
              const field = receiptFieldOf(e.path);
              if (field) byField[field] = e.message;
            }
            if (err.problem.code === 'expense_receipt_cap') byField.amount = t('finance.receipt.overLimit');
            if (err.problem.code === 'expense_date_outside')
              byField.spentOn = t('finance.receipt.dateOutside');
            if (err.status === 415 || err.problem.code === 'enrollment_file_empty')
              byField.file = t('finance.receipt.fileWrong');
            setErrors(byField);
          }
          throw err;
        } finally {
          setSent(null);
        }
      })
      .then((ok) => {
        if (ok) {
          intent.done();
          setDone({ amount: centavos, issuer: query.issuer });
          setDescription('');
          setAmount('');
          setIssuer('');
          setReason('');
          setFile(null);
          void refresh();
        }
      });
  };
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack style={CONTRAST_VARS}>
        <Title order={3} size="h5">
          {t('finance.receipt.title')}
        </Title>
        <Text size="sm">{t('finance.receipt.help')}</Text>
        <Text size="sm" fw={600}>
          {max === null
            ? t('finance.receipt.noLimit')
            : t('finance.receipt.limit', { amount: fmt.pesos(max) })}
        </Text>
        {actions.length === 0 ? (
          <Text>{t('finance.expenses.noActions')}</Text>
        ) : (
          <>
            {choice.fields}
            <Textarea
              label={t('finance.expenses.description')}
              description={t('finance.expenses.descriptionHelp')}
              required
              autosize
              minRows={2}
              maxLength={2000}
              value={description}
              error={errors.description}
              onChange={(e) => {
                setDescription(e.currentTarget.value);
                clear('description');
              }}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('finance.receipt.amount')}
                description={
                  max === null
                    ? t('finance.amountHelp')
                    : t('finance.receipt.amountHelp', { amount: fmt.pesos(max) })
                }
                inputMode="decimal"
                required
                value={amount}
                error={errors.amount}
                onChange={(e) => {
                  setAmount(e.currentTarget.value);
                  clear('amount');
                }}
              />
              <TextInput
                type="date"
                label={t('finance.receipt.spentOn')}
                required
                max={todayMx()}
                value={spentOn}
                error={errors.spentOn}
                onChange={(e) => {
                  setSpentOn(e.currentTarget.value);
                  clear('spentOn');
                }}
              />
            </SimpleGrid>
            <TextInput
              label={t('finance.receipt.issuer')}
              description={t('finance.receipt.issuerHelp')}
              required
              maxLength={300}
              value={issuer}
              error={errors.issuer}
              onChange={(e) => {
                setIssuer(e.currentTarget.value);
                clear('issuer');
              }}
            />
            <Textarea
              label={t('finance.receipt.reason')}
              description={t('finance.receipt.reasonHelp')}
              required
              autosize
              minRows={2}
              maxLength={2000}
              value={reason}
              error={errors.reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                clear('reason');
              }}
            />
            <FileInput
              label={t('finance.receipt.file')}
              description={t('finance.receipt.fileHelp')}
              accept={['.pdf', '.jpg', '.jpeg', '.png', ...DOCUMENT_TYPES].join(',')}
              required
              value={file}
              error={errors.file}
              onChange={(f) => {
                setFile(f);
                clear('file');
              }}
              clearable
              clearButtonProps={{ 'aria-label': t('finance.clearFile') }}
            />
            <UploadProgress sent={sent} label={t('finance.receipt.uploadProgress')} />
            <ReceiptProblem error={action.error} />
            {done && (
              <Alert
                color="green"
                role="status"
                title={t('finance.expenses.registered')}
                styles={ALERT_OK_STYLES}
              >
                <Text size="sm">
                  {t('finance.receipt.registeredText', {
                    amount: fmt.pesos(done.amount),
                    issuer: done.issuer,
                  })}
                </Text>
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={action.busy}>
                {t('finance.receipt.submit')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
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
      <Stack style={CONTRAST_VARS}>
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
      <Stack style={CONTRAST_VARS}>
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
