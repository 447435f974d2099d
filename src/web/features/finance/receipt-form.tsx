import {
  Alert,
  Button,
  FileInput,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_MAX_BYTES, DOCUMENT_TYPES } from '../../../contract/enrollment.ts';
import type { ExpenseList } from '../../../contract/finance.ts';
import type { PlanDetail } from '../../../contract/planning.ts';
import { ApiError, qs, uploadFile } from '../../api/client.ts';
import { ALERT_STYLES, CONTRAST_VARS } from '../../components/contrast.ts';
import { FormCard } from '../../components/FormCard.tsx';
import { todayMx } from '../../components/format.ts';
import { useIntentKey } from '../../components/money-post.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { parsePesos } from './amounts.ts';
import { useRefresh } from './common.tsx';
import { DescriptionField, RegisteredAlert, usePatChoice } from './expense-fields.tsx';
import { UploadProgress } from './UploadProgress.tsx';

/** A file's type as the server takes it: a scan's own type when it is one it accepts; otherwise the server reads its content. */
const scanType = (f: File) =>
  (DOCUMENT_TYPES as readonly string[]).includes(f.type) ? f.type : 'application/octet-stream';

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
export function ReceiptForm({ plan, data }: { plan: PlanDetail; data: ExpenseList }) {
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
    <FormCard onSubmit={submit} noValidate>
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
            <DescriptionField
              value={description}
              error={errors.description}
              onChange={(v) => {
                setDescription(v);
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
              <RegisteredAlert>
                <Text size="sm">
                  {t('finance.receipt.registeredText', {
                    amount: fmt.pesos(done.amount),
                    issuer: done.issuer,
                  })}
                </Text>
              </RegisteredAlert>
            )}
            <Group>
              <Button type="submit" loading={action.busy}>
                {t('finance.receipt.submit')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </FormCard>
  );
}
