import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  List,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, OrgUnitDetail } from '../../../contract/api.ts';
import {
  type CallInfo,
  type Commitment,
  DOCUMENT_MAX_BYTES,
  DOCUMENT_TYPES,
  type RegistrationDetail,
  type RegistrationSummary,
} from '../../../contract/enrollment.ts';
import { ApiError, del, get, patch, post, qs, uploadFile } from '../../api/client.ts';
import { AppLink } from '../../components/AppLink.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CONTRAST_VARS, GREEN, LINK_COLOR, RED, WRAP_BADGE } from '../../components/contrast.ts';
import { CycleSelect } from '../../components/cycles.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { Section } from '../../components/Section.tsx';
import { useAction } from '../../components/use-action.ts';
import { useFmt } from '../../components/use-fmt.ts';
import { RK, useCycleChoice, useRefresh, YesNoBadge } from './common.tsx';
import { OpenPlanButton } from './PlanLink.tsx';

const EMPTY: Commitment = {
  directorName: '',
  cepsPresidentName: '',
  cteEndorsedOn: '',
  signedOn: '',
  schoolRfc: '',
};

/** `/pec/registros/$registrationId` (the address in the selection e-mail): the registration's school page. */
export function RegistrationRedirectPage() {
  const { registrationId } = useParams({ strict: false }) as { registrationId: string };
  const navigate = useNavigate();
  const reg = useQuery({
    queryKey: [RK, 'registration', registrationId],
    queryFn: () => get<RegistrationDetail>(`/api/pec/registrations/${registrationId}`),
  });
  useEffect(() => {
    if (reg.data)
      void navigate({
        to: '/pec/escuelas/$schoolId/registro',
        params: { schoolId: String(reg.data.school.id) },
        search: { ciclo: reg.data.cycleId } as never,
        replace: true,
      });
  }, [reg.data, navigate]);
  return <QueryView query={reg}>{() => null}</QueryView>;
}

/** The school's registration in the cycle: the call, the commitment letter, documents, eligibility and priority. */
export function RegistrationPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { schoolId } = useParams({ strict: false }) as { schoolId: string };
  const { cycles, cycle, setCycle } = useCycleChoice();
  const unit = useQuery({
    queryKey: [RK, 'unit', schoolId],
    queryFn: () => get<OrgUnitDetail>(`/api/org/units/${schoolId}`),
  });
  const cycleId = cycle?.id;
  const regs = useQuery({
    queryKey: [RK, 'registrations', cycleId, Number(schoolId)],
    queryFn: () =>
      get<RegistrationSummary[]>(`/api/pec/cycles/${cycleId}/registrations${qs({ unitId: schoolId })}`),
    enabled: cycleId !== undefined,
  });
  const summary = regs.data?.find((r) => r.status === 'registered') ?? regs.data?.[0];
  const detail = useQuery({
    queryKey: [RK, 'registration', summary?.id],
    queryFn: () => get<RegistrationDetail>(`/api/pec/registrations/${summary?.id}`),
    enabled: !!summary,
  });
  const calls = useQuery({
    queryKey: [RK, 'calls', cycleId],
    queryFn: () => get<CallInfo[]>(`/api/pec/cycles/${cycleId}/calls`),
    enabled: cycleId !== undefined,
  });
  const stateId = unit.data?.ancestors.find((a) => a.kind === 'state')?.id;
  const call = calls.data?.find((c) => c.status === 'published' && c.state.id === stateId);
  const isDirector = me.assignments.some(
    (a) => a.role === 'school_director' && (a.unit.id === Number(schoolId) || false),
  );
  return (
    <Stack style={CONTRAST_VARS}>
      <QueryView query={unit}>
        {(u) => (
          <>
            <Title order={1}>{t('enrollment.reg.title', { cct: u.code, name: u.name })}</Title>
            <Text>{u.ancestors.map((a) => a.name).join(' › ')}</Text>
          </>
        )}
      </QueryView>
      <Group align="flex-end">
        {cycles.data && <CycleSelect cycles={cycles.data} value={cycleId} onChange={setCycle} />}
        <AppLink to="/pec" search={{ ciclo: cycleId }}>
          {t('enrollment.backHome')}
        </AppLink>
      </Group>
      {cycleId !== undefined && (
        <>
          <Section title={t('enrollment.reg.call')}>
            <QueryView query={calls}>
              {() =>
                call ? <CallCard call={call} /> : <Text role="status">{t('enrollment.reg.noCall')}</Text>
              }
            </QueryView>
          </Section>
          <QueryView query={regs}>
            {() =>
              !summary || summary.status === 'withdrawn' ? (
                <NewRegistration
                  cycleId={cycleId}
                  schoolId={Number(schoolId)}
                  withdrawn={!!summary}
                  canRegister={isDirector && !!call}
                  isDirector={isDirector}
                />
              ) : (
                <QueryView query={detail}>
                  {(d) => <RegistrationView reg={d} isDirector={isDirector} />}
                </QueryView>
              )
            }
          </QueryView>
        </>
      )}
    </Stack>
  );
}

export function CallCard({ call }: { call: CallInfo }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {call.title}
        </Title>
        <Text size="sm">
          {t('enrollment.calls.meta', {
            state: call.state.name,
            budget: fmt.pesos(call.budget),
            date: fmt.time(call.publishedAt),
          })}
        </Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{call.text}</Text>
      </Stack>
    </Card>
  );
}

function CommitmentFields({
  value,
  onChange,
  disabled,
  problems,
}: {
  value: Commitment;
  onChange: (c: Commitment) => void;
  disabled: boolean;
  problems: Map<string, string>;
}) {
  const { t } = useTranslation();
  const field = (k: keyof Commitment) => problems.get(`commitment.${k}`);
  return (
    <Stack gap="sm">
      <TextInput
        label={t('enrollment.reg.directorName')}
        value={value.directorName}
        onChange={(e) => onChange({ ...value, directorName: e.currentTarget.value })}
        disabled={disabled}
        error={field('directorName')}
        maxLength={200}
      />
      <TextInput
        label={t('enrollment.reg.cepsPresidentName')}
        description={t('enrollment.reg.cepsHelp')}
        value={value.cepsPresidentName}
        onChange={(e) => onChange({ ...value, cepsPresidentName: e.currentTarget.value })}
        disabled={disabled}
        error={field('cepsPresidentName')}
        maxLength={200}
      />
      <Group grow align="flex-start">
        <TextInput
          type="date"
          label={t('enrollment.reg.cteEndorsedOn')}
          description={t('enrollment.reg.cteHelp')}
          value={value.cteEndorsedOn}
          onChange={(e) => onChange({ ...value, cteEndorsedOn: e.currentTarget.value })}
          disabled={disabled}
          error={field('cteEndorsedOn')}
        />
        <TextInput
          type="date"
          label={t('enrollment.reg.signedOn')}
          description={t('enrollment.reg.signedHelp')}
          value={value.signedOn}
          onChange={(e) => onChange({ ...value, signedOn: e.currentTarget.value })}
          disabled={disabled}
          error={field('signedOn')}
        />
      </Group>
      <TextInput
        label={t('enrollment.reg.schoolRfc')}
        description={t('enrollment.reg.schoolRfcHelp')}
        value={value.schoolRfc}
        onChange={(e) => onChange({ ...value, schoolRfc: e.currentTarget.value.toUpperCase() })}
        disabled={disabled}
        error={field('schoolRfc')}
        maxLength={13}
        autoComplete="off"
      />
    </Stack>
  );
}

function problemMap(error: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) out.set(e.path.replace(/^body\./, ''), e.message);
  return out;
}

function NewRegistration({
  cycleId,
  schoolId,
  withdrawn,
  canRegister,
  isDirector,
}: {
  cycleId: number;
  schoolId: number;
  withdrawn: boolean;
  canRegister: boolean;
  isDirector: boolean;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const action = useAction();
  const [c, setC] = useState<Commitment>(EMPTY);
  return (
    <Section title={t('enrollment.reg.letter')}>
      <Stack>
        <Text role="status">
          {withdrawn ? t('enrollment.reg.withdrawnText') : t('enrollment.reg.notRegistered')}
        </Text>
        {canRegister ? (
          <>
            <Text>{t('enrollment.reg.letterHelp')}</Text>
            <CommitmentFields
              value={c}
              onChange={setC}
              disabled={false}
              problems={problemMap(action.error)}
            />
            <ProblemAlert error={action.error} />
            <Group>
              <Button
                loading={action.busy}
                onClick={() =>
                  void action
                    .run(() =>
                      post(`/api/pec/cycles/${cycleId}/registrations`, {
                        schoolUnitId: schoolId,
                        commitment: c,
                      }),
                    )
                    .then((ok) => {
                      if (ok) void refresh();
                    })
                }
              >
                {withdrawn ? t('enrollment.reg.registerAgain') : t('enrollment.reg.register')}
              </Button>
            </Group>
          </>
        ) : (
          <Text>{isDirector ? t('enrollment.reg.noCall') : t('enrollment.reg.onlyDirector')}</Text>
        )}
      </Stack>
    </Section>
  );
}

function RegistrationView({ reg, isDirector }: { reg: RegistrationDetail; isDirector: boolean }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const refresh = useRefresh();
  const save = useAction();
  const withdraw = useAction();
  const [c, setC] = useState<Commitment>(reg.commitment);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => setC(reg.commitment), [reg.commitment]);
  const editable = reg.can.edit;
  const dirty = JSON.stringify(c) !== JSON.stringify(reg.commitment);
  const metCount = reg.checks.filter((x) => x.met).length;
  return (
    <Stack gap="lg">
      <Card withBorder>
        <Stack gap="xs">
          <Group gap="xs">
            <YesNoBadge ok={reg.eligible} yes={t('enrollment.eligible')} no={t('enrollment.notEligible')} />
            {reg.requiresExtraConditions && (
              <Badge color="#8a5a00" variant="filled" styles={WRAP_BADGE}>
                {t('enrollment.extraConditions')}
              </Badge>
            )}
            {reg.selection && (
              <YesNoBadge
                ok={reg.selection === 'selected'}
                yes={t('enrollment.selected')}
                no={t('enrollment.notSelected')}
              />
            )}
          </Group>
          <Text>
            {t('enrollment.reg.summary', {
              date: fmt.time(reg.registeredAt),
              score: reg.score,
              cap: fmt.pesos(reg.grantCap),
              prior: reg.priorCycles,
            })}
          </Text>
          <Text>{t('enrollment.reg.closes', { date: fmt.day(reg.registrationCloses) })}</Text>
          {!editable && <Text role="status">{t('enrollment.reg.readOnly')}</Text>}
          {isDirector && reg.eligible && reg.selection !== 'not_selected' && (
            <Group>
              <OpenPlanButton cycleId={reg.cycleId} schoolId={reg.school.id}>
                {t('enrollment.home.openPlan')}
              </OpenPlanButton>
            </Group>
          )}
        </Stack>
      </Card>

      <Section title={t('enrollment.reg.letter')}>
        <Stack>
          <CommitmentFields
            value={c}
            onChange={(v) => {
              setC(v);
              setSaved(false);
            }}
            disabled={!editable}
            problems={problemMap(save.error)}
          />
          <ProblemAlert error={save.error} />
          {saved && <Text role="status">{t('common.saved')}</Text>}
          {editable && (
            <Group>
              <Button
                disabled={!dirty}
                loading={save.busy}
                onClick={() =>
                  void save
                    .run(() => patch(`/api/pec/registrations/${reg.id}`, { commitment: c }))
                    .then((ok) => {
                      if (ok) {
                        setSaved(true);
                        void refresh();
                      }
                    })
                }
              >
                {t('enrollment.reg.saveLetter')}
              </Button>
            </Group>
          )}
        </Stack>
      </Section>

      <Section title={t('enrollment.reg.documents')}>
        <Stack>
          <Text>{t('enrollment.reg.documentsHelp')}</Text>
          <ScrollTable label={t('enrollment.reg.documents')} minWidth={720}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('enrollment.reg.document')}</Table.Th>
                  <Table.Th>{t('enrollment.reg.file')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {reg.documents.map((d) => (
                  <DocumentRow key={d.code} reg={reg} doc={d} editable={editable} />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Stack>
      </Section>

      <Section title={t('enrollment.reg.eligibility')}>
        <Text mb="xs">
          {t('enrollment.reg.eligibilityCount', { met: metCount, total: reg.checks.length })}
        </Text>
        <List spacing="xs" listStyleType="none" aria-label={t('enrollment.reg.eligibility')}>
          {reg.checks.map((x) => (
            <List.Item key={x.criterion}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <YesNoBadge ok={x.met} yes={t('enrollment.reg.met')} no={t('enrollment.reg.notMet')} />
                <Text>{x.message}</Text>
              </Group>
            </List.Item>
          ))}
        </List>
      </Section>

      <Section title={t('enrollment.reg.priority')}>
        <ScrollTable label={t('enrollment.reg.priority')} minWidth={480}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('enrollment.reg.criterion')}</Table.Th>
                <Table.Th>{t('enrollment.reg.applies')}</Table.Th>
                <Table.Th>{t('enrollment.reg.points')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reg.priority.map((p) => (
                <Table.Tr key={p.criterion}>
                  <Table.Td>{p.label}</Table.Td>
                  <Table.Td>{p.met ? t('common.yes') : t('common.no')}</Table.Td>
                  <Table.Td>{p.points}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th scope="row">{t('enrollment.reg.total')}</Table.Th>
                <Table.Td />
                <Table.Td fw={700}>{reg.score}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </ScrollTable>
        <Text mt="xs">{t('enrollment.reg.grantCap', { cap: fmt.pesos(reg.grantCap) })}</Text>
      </Section>

      {editable && (
        <Section title={t('enrollment.reg.withdrawTitle')}>
          <Stack gap="xs">
            <Text>{t('enrollment.reg.withdrawHelp')}</Text>
            <Group>
              <Button color={RED} onClick={() => setConfirmWithdraw(true)}>
                {t('enrollment.reg.withdraw')}
              </Button>
            </Group>
          </Stack>
        </Section>
      )}
      <ConfirmDialog
        opened={confirmWithdraw}
        title={t('enrollment.reg.withdrawConfirmTitle')}
        onCancel={() => {
          withdraw.setError(null);
          setConfirmWithdraw(false);
        }}
        danger
        busy={withdraw.busy}
        error={withdraw.error}
        confirmLabel={t('enrollment.reg.withdraw')}
        onConfirm={() =>
          void withdraw
            .run(() => post(`/api/pec/registrations/${reg.id}/withdraw`))
            .then((ok) => {
              if (ok) {
                setConfirmWithdraw(false);
                void refresh();
              }
            })
        }
      >
        <Text>{t('enrollment.reg.withdrawConfirm', { cct: reg.school.cct })}</Text>
      </ConfirmDialog>
    </Stack>
  );
}

function DocumentRow({
  reg,
  doc,
  editable,
}: {
  reg: RegistrationDetail;
  doc: RegistrationDetail['documents'][number];
  editable: boolean;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const action = useAction();
  const [sent, setSent] = useState<number | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const url = `/api/pec/registrations/${reg.id}/documents/${doc.code}`;
  const upload = (file: File | null) => {
    if (!file) return;
    void action
      .run(async () => {
        if (file.size > DOCUMENT_MAX_BYTES) throw new LocalError(t('enrollment.reg.tooBig'));
        if (file.type && !(DOCUMENT_TYPES as readonly string[]).includes(file.type))
          throw new LocalError(t('enrollment.reg.wrongType'));
        setSent(0);
        await uploadFile(`${url}${qs({ fileName: file.name })}`, file, setSent, 'PUT');
      })
      .then((ok) => {
        setSent(null);
        if (ok) void refresh();
      });
  };
  const label = doc.file ? t('enrollment.reg.replace') : t('enrollment.reg.upload');
  return (
    <Table.Tr>
      <Table.Td>
        <Text>{doc.name}</Text>
        {!doc.required && <Text size="sm">{t('enrollment.reg.notRequired')}</Text>}
      </Table.Td>
      <Table.Td>
        {doc.file ? (
          <Group gap="xs" wrap="nowrap">
            <Badge color={GREEN} variant="filled" style={{ flexShrink: 0 }}>
              {t('enrollment.reg.delivered')}
            </Badge>
            <Anchor
              href={url}
              style={{ color: LINK_COLOR }}
              aria-label={t('enrollment.reg.download', { name: doc.name })}
            >
              {doc.file.name}
            </Anchor>
          </Group>
        ) : (
          <Badge color={RED} variant="filled">
            {t('enrollment.reg.missing')}
          </Badge>
        )}
        {sent !== null && (
          <Stack gap={2} mt={4}>
            <Text size="sm" role="status">
              {t('enrollment.reg.uploading', { percent: Math.round(sent * 100) })}
            </Text>
            <Progress
              value={sent * 100}
              aria-label={t('enrollment.reg.uploadProgress', { name: doc.name })}
            />
          </Stack>
        )}
        {action.error instanceof LocalError ? (
          <Alert color="red" role="alert" mt={4}>
            {action.error.message}
          </Alert>
        ) : (
          action.error !== null && (
            <div style={{ marginTop: 4 }}>
              <ProblemAlert error={action.error} />
            </div>
          )
        )}
      </Table.Td>
      <Table.Td>
        {editable ? (
          <Group gap="xs" wrap="nowrap">
            <FileButton onChange={upload} accept={DOCUMENT_TYPES.join(',')}>
              {(props) => (
                <Button {...props} size="xs" loading={action.busy} aria-label={`${label}: ${doc.name}`}>
                  {label}
                </Button>
              )}
            </FileButton>
            {doc.file && (
              <Button
                size="xs"
                variant="default"
                onClick={() => setConfirmRemove(true)}
                aria-label={`${t('enrollment.reg.remove')}: ${doc.name}`}
              >
                {t('enrollment.reg.remove')}
              </Button>
            )}
          </Group>
        ) : (
          '—'
        )}
        <ConfirmDialog
          opened={confirmRemove}
          title={t('enrollment.reg.removeTitle')}
          onCancel={() => setConfirmRemove(false)}
          danger
          busy={action.busy}
          confirmLabel={t('enrollment.reg.remove')}
          onConfirm={() =>
            void action
              .run(() => del(url))
              .then((ok) => {
                setConfirmRemove(false);
                if (ok) void refresh();
              })
          }
        >
          <Text>{t('enrollment.reg.removeConfirm', { name: doc.name })}</Text>
        </ConfirmDialog>
      </Table.Td>
    </Table.Tr>
  );
}

class LocalError extends Error {}
