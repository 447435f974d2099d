import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReturnInfo } from '../../../contract/finance.ts';
import { useMoneyPost } from '../../components/money-post.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { useRefresh } from './common.tsx';

/**
 * Records a school's return (reintegro) to the state trust fund: the whole amount due, with the
 * deposit's reference. The school's director or the state coordination records it, once.
 */
export function PayReturnForm({
  ret,
  onDone,
  onCancel,
}: {
  ret: ReturnInfo;
  onDone: (paid: ReturnInfo) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const action = useMoneyPost();
  const [reference, setReference] = useState('');
  const [refError, setRefError] = useState<string | null>(null);
  const submit = () => {
    const body = { reference: reference.trim() };
    if (!body.reference) {
      setRefError(t('yearEnd.returns.referenceRequired'));
      return;
    }
    void action
      .send<ReturnInfo>(`/api/pec/returns/${ret.id}/pay`, body, { id: ret.id, ...body })
      .then((paid) => {
        if (!paid) return;
        onDone(paid);
        void refresh();
      });
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label={t('yearEnd.returns.formLabel', { cct: ret.school.code })}
    >
      <Stack>
        <Text>
          {t('yearEnd.returns.formIntro', {
            amount: fmt.pesos(ret.amount),
            date: fmt.day(ret.dueOn),
          })}
        </Text>
        <TextInput
          label={t('yearEnd.returns.reference')}
          description={t('yearEnd.returns.referenceHelp')}
          required
          maxLength={300}
          value={reference}
          error={refError}
          onChange={(e) => {
            setReference(e.currentTarget.value);
            setRefError(null);
          }}
        />
        <ProblemAlert error={action.error} title={t('yearEnd.returns.refused')} />
        <Group justify={onCancel ? 'flex-end' : 'flex-start'}>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={action.busy}>
            {t('yearEnd.returns.record', { amount: fmt.pesos(ret.amount) })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
