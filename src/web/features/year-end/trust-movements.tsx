import { Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClosingReport } from '../../../contract/finance.ts';
import { FormCard, FormFoot } from '../../components/FormCard.tsx';
import { useMoneyPost } from '../../components/money-post.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useFmt } from '../../components/use-fmt.ts';
import { parsePesos, useRefresh } from './common.tsx';

/** What a closed state's trust fund gives back to the Federation (TESOFE), and the interest it earned. */
export function TrustMovements({ report }: { report: ClosingReport }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <Section title={t('yearEnd.trust.title', { state: report.unit.name })}>
      <Stack>
        <Text>{t('yearEnd.trust.intro', { amount: fmt.pesos(report.totals.trustBalance) })}</Text>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {report.can.recordFederalReturn ? (
            <MovementForm report={report} movement="federal-return" />
          ) : (
            <Paper withBorder p="md">
              <Title order={3} size="h5" mb="xs">
                {t('yearEnd.trust.federalTitle')}
              </Title>
              <Text>{t('yearEnd.trust.federalAfterClose')}</Text>
            </Paper>
          )}
          <MovementForm report={report} movement="interest" />
        </SimpleGrid>
        {report.movements.length > 0 && (
          <ScrollTable label={t('yearEnd.trust.history')} minWidth={560}>
            <Table>
              <Table.Caption>{t('yearEnd.trust.history')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('yearEnd.trust.historyDate')}</Table.Th>
                  <Table.Th>{t('yearEnd.trust.historyKind')}</Table.Th>
                  <Table.Th>{t('yearEnd.trust.historyReference')}</Table.Th>
                  <Table.Th ta="right">{t('yearEnd.trust.historyAmount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.movements.map((m) => (
                  <Table.Tr key={m.entryId}>
                    <Table.Td>{fmt.dateOf(m.at)}</Table.Td>
                    <Table.Td>
                      {m.kind === 'interest'
                        ? t('yearEnd.trust.interestTitle')
                        : t('yearEnd.trust.federalTitle')}
                    </Table.Td>
                    <Table.Td>{m.reference}</Table.Td>
                    <Table.Td ta="right">{fmt.pesos(m.amount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </Section>
  );
}

/** Records one movement of the trust fund: its amount and the bank's reference. */
function MovementForm({
  report,
  movement,
}: {
  report: ClosingReport;
  movement: 'federal-return' | 'interest';
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const action = useMoneyPost();
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<{ amount?: string; reference?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const k = movement === 'interest' ? 'interest' : 'federal';
  const submit = () => {
    setDone(null);
    const centavos = parsePesos(amount);
    const next = {
      amount: centavos ? undefined : t('yearEnd.amountInvalid'),
      reference: reference.trim() ? undefined : t('yearEnd.trust.referenceRequired'),
    };
    setErrors(next);
    if (!centavos || next.reference) return;
    const body = { amount: centavos, reference: reference.trim() };
    void action
      .send<{ entryId: number; trustBalance: number }>(
        `/api/pec/cycles/${report.cycleId}/states/${report.unit.id}/${movement}`,
        body,
      )
      .then((r) => {
        if (!r) return;
        setDone(
          t(`yearEnd.trust.${k}Done`, { amount: fmt.pesos(centavos), balance: fmt.pesos(r.trustBalance) }),
        );
        setAmount('');
        setReference('');
        void refresh();
      });
  };
  return (
    <FormCard onSubmit={submit} noValidate label={t(`yearEnd.trust.${k}Title`)}>
      <Stack>
        <Title order={3} size="h5">
          {t(`yearEnd.trust.${k}Title`)}
        </Title>
        <Text size="sm">{t(`yearEnd.trust.${k}Intro`)}</Text>
        <TextInput
          label={t(`yearEnd.trust.${k}Amount`)}
          description={t('yearEnd.amountHelp')}
          inputMode="decimal"
          required
          value={amount}
          error={errors.amount}
          onChange={(e) => {
            setAmount(e.currentTarget.value);
            setErrors((x) => ({ ...x, amount: undefined }));
          }}
        />
        <TextInput
          label={t(`yearEnd.trust.${k}Reference`)}
          description={t(`yearEnd.trust.${k}ReferenceHelp`)}
          required
          maxLength={300}
          value={reference}
          error={errors.reference}
          onChange={(e) => {
            setReference(e.currentTarget.value);
            setErrors((x) => ({ ...x, reference: undefined }));
          }}
        />
        <FormFoot
          error={action.error}
          done={done}
          busy={action.busy}
          submitLabel={t(`yearEnd.trust.${k}Submit`)}
        />
      </Stack>
    </FormCard>
  );
}
