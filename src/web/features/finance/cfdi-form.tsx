import { Alert, Button, FileInput, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExpenseList } from '../../../contract/finance.ts';
import type { PlanDetail } from '../../../contract/planning.ts';
import { ApiError, qs, uploadFile } from '../../api/client.ts';
import { ALERT_STYLES, CONTRAST_VARS } from '../../components/contrast.ts';
import { FormCard } from '../../components/FormCard.tsx';
import { useIntentKey } from '../../components/money-post.ts';
import { LocalError, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { useRefresh } from './common.tsx';
import { DescriptionField, RegisteredAlert, usePatChoice } from './expense-fields.tsx';
import { UploadProgress } from './UploadProgress.tsx';

interface Registered {
  id: string;
  amount: number;
  uuid: string;
  warnings: string[];
}

const CFDI_MAX_BYTES = 2 * 1024 * 1024;
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

/** A 422 for an invoice: each check it failed, grouped by what was checked, in plain words. */
function CfdiProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
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

/** Registers an expense by its CFDI (the invoice's XML), proven against an action of the PAT. */
export function CfdiForm({ plan, data, balance }: { plan: PlanDetail; data: ExpenseList; balance: number }) {
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
    <FormCard onSubmit={submit}>
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
            <DescriptionField
              value={description}
              error={descriptionError}
              onChange={(v) => {
                setDescription(v);
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
              <RegisteredAlert>
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
              </RegisteredAlert>
            )}
            <Group>
              <Button type="submit" loading={action.busy}>
                {t('finance.expenses.submit')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </FormCard>
  );
}
