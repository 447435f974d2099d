import { Button, List, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BodyDetail, BodyRef } from '../../../contract/alliance.ts';
import { patch, post } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../components/use-action.ts';
import { useRefresh } from './common.tsx';
import { FormDialog, fieldError } from './FormDialog.tsx';
import { codeTaken, suggestCode } from './structure-code.ts';

/**
 * The Alianza's structure as the Comisión Rectora (or the platform administrator) keeps it: adding
 * ejes under the commission and mesas de trabajo under an eje, renaming and re-describing a body,
 * and retiring an eje or a mesa. The server checks who may; these forms are offered where the
 * overview (`me.canEditStructure`) or the body (`can.edit`) says so.
 */

/** Where a new body goes: its parent, its kind and the codes already used beside it. */
export interface NewBodyTarget {
  parent: BodyRef;
  kind: 'eje' | 'mesa';
  siblingCodes: string[];
}

/** Limits of the contract (`CreateBodyBody`), kept by the inputs themselves. */
const MAX = { code: 20, name: 300, acuerdo: 2000, description: 5000 } as const;

/** "la mesa IV.3", "el eje VI": the body named as a sentence needs it. */
export function useBodyWhat() {
  const { t } = useTranslation();
  return (b: { kind: string; code: string }) => t(`alliance.structure.what.${b.kind}`, { code: b.code });
}

/** The name, the acuerdo (a mesa's) and the description: the same fields to add a body and to edit one. */
function BodyFields({
  kind,
  value,
  set,
  nameError,
  error,
}: {
  kind: string;
  value: { name: string; acuerdo: string; description: string };
  set: Record<'name' | 'acuerdo' | 'description', (v: string) => void>;
  nameError: string | undefined;
  error: Parameters<typeof fieldError>[0];
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        label={t('alliance.structure.name')}
        required
        maxLength={MAX.name}
        value={value.name}
        onChange={(e) => set.name(e.currentTarget.value)}
        error={nameError ?? fieldError(error, 'name')}
        data-autofocus
      />
      {kind === 'mesa' && (
        <Textarea
          label={t('alliance.structure.acuerdo')}
          description={t('alliance.structure.acuerdoHelp')}
          autosize
          minRows={3}
          maxLength={MAX.acuerdo}
          value={value.acuerdo}
          onChange={(e) => set.acuerdo(e.currentTarget.value)}
          error={fieldError(error, 'acuerdo')}
        />
      )}
      <Textarea
        label={t('alliance.structure.description')}
        autosize
        minRows={3}
        maxLength={MAX.description}
        value={value.description}
        onChange={(e) => set.description(e.currentTarget.value)}
        error={fieldError(error, 'description')}
      />
    </>
  );
}

export function AddBodyDialog({ target, onClose }: { target: NewBodyTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const [shown, setShown] = useState(false);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [acuerdo, setAcuerdo] = useState('');
  const [description, setDescription] = useState('');
  const example = target ? suggestCode(target.kind, target.parent.code, target.siblingCodes) : '';
  useEffect(() => {
    if (target) {
      setCode(suggestCode(target.kind, target.parent.code, target.siblingCodes));
      setName('');
      setAcuerdo('');
      setDescription('');
      setShown(false);
      setError(null);
    }
  }, [target, setError]);
  const kind = target?.kind ?? 'mesa';
  const codeError = !shown
    ? undefined
    : code.trim() === ''
      ? t('alliance.structure.codeRequired', { example })
      : target && codeTaken(code, target.siblingCodes)
        ? t(`alliance.structure.codeTaken.${kind}`, { code: code.trim() })
        : undefined;
  const nameError = shown && name.trim() === '' ? t('alliance.structure.nameRequired') : undefined;
  const submit = async () => {
    if (!target) return;
    setShown(true);
    if (code.trim() === '' || codeTaken(code, target.siblingCodes) || name.trim() === '') return;
    const ok = await run(() =>
      post<{ id: number }>('/api/alliance/bodies', {
        parentId: target.parent.id,
        kind: target.kind,
        code: code.trim(),
        name: name.trim(),
        ...(target.kind === 'mesa' && acuerdo.trim() ? { acuerdo: acuerdo.trim() } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
      }),
    );
    await refresh();
    if (ok) onClose();
  };
  const label = kind === 'eje' ? t('alliance.structure.addEje') : t('alliance.structure.addMesa');
  return (
    <FormDialog
      opened={target !== null}
      onClose={onClose}
      title={
        kind === 'eje'
          ? t('alliance.structure.newEje')
          : t('alliance.structure.newMesa', { code: target?.parent.code ?? '' })
      }
      onSubmit={() => void submit()}
      busy={busy}
      error={null}
      submitLabel={label}
      size="lg"
    >
      <Stack>
        <ProblemAlert error={error} />
        <TextInput
          label={t('alliance.structure.code')}
          description={t(`alliance.structure.codeHelp.${kind}`, { example })}
          required
          maxLength={MAX.code}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={codeError ?? fieldError(error, 'code')}
        />
        <BodyFields
          kind={kind}
          value={{ name, acuerdo, description }}
          set={{ name: setName, acuerdo: setAcuerdo, description: setDescription }}
          nameError={nameError}
          error={error}
        />
      </Stack>
    </FormDialog>
  );
}

export function EditBodyDialog({
  body,
  opened,
  onClose,
}: {
  body: BodyDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const what = useBodyWhat();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  const [shown, setShown] = useState(false);
  const [name, setName] = useState('');
  const [acuerdo, setAcuerdo] = useState('');
  const [description, setDescription] = useState('');
  // Filled from the body as it opens (a background refetch of the same values changes nothing).
  useEffect(() => {
    if (opened) {
      setName(body.name);
      setAcuerdo(body.acuerdo ?? '');
      setDescription(body.description);
      setShown(false);
      setError(null);
    }
  }, [opened, body.name, body.acuerdo, body.description, setError]);
  const nameError = shown && name.trim() === '' ? t('alliance.structure.nameRequired') : undefined;
  const submit = async () => {
    setShown(true);
    if (name.trim() === '') return;
    const ok = await run(() =>
      patch(`/api/alliance/bodies/${body.id}`, {
        name: name.trim(),
        description: description.trim(),
        ...(body.kind === 'mesa' ? { acuerdo: acuerdo.trim() } : {}),
      }),
    );
    await refresh();
    if (ok) onClose();
  };
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t('alliance.structure.editTitle', { what: what(body) })}
      onSubmit={() => void submit()}
      busy={busy}
      error={null}
      size="lg"
    >
      <Stack>
        <ProblemAlert error={error} />
        <Text size="sm">{t('alliance.structure.codeFixed', { code: body.code })}</Text>
        <BodyFields
          kind={body.kind}
          value={{ name, acuerdo, description }}
          set={{ name: setName, acuerdo: setAcuerdo, description: setDescription }}
          nameError={nameError}
          error={error}
        />
      </Stack>
    </FormDialog>
  );
}

/**
 * Retiring (`PATCH … { retired: true }`) deletes nothing: the body keeps its record and history,
 * its seats stop granting anything (policy.ts reads only seats on bodies not retired) and the
 * public summary leaves it out (with an eje, its mesas too, though they are not retired).
 */
export function RetireBodyDialog({
  body,
  opened,
  onClose,
}: {
  body: BodyDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const what = useBodyWhat();
  const refresh = useRefresh();
  const { run, busy, error, setError } = useAction();
  useEffect(() => {
    if (opened) setError(null);
  }, [opened, setError]);
  const confirm = async () => {
    const ok = await run(() => patch(`/api/alliance/bodies/${body.id}`, { retired: true }));
    await refresh();
    if (ok) onClose();
  };
  const eje = body.kind === 'eje';
  return (
    <ConfirmDialog
      opened={opened}
      title={t('alliance.structure.retireTitle', { what: what(body) })}
      onCancel={onClose}
      onConfirm={() => void confirm()}
      confirmLabel={t('alliance.structure.retire')}
      danger
      busy={busy}
    >
      <Stack gap="xs">
        <ProblemAlert error={error} />
        <Text>{t('alliance.structure.retireIntro', { what: what(body) })}</Text>
        <List size="sm" spacing={4}>
          <List.Item>{t('alliance.structure.retireSeats')}</List.Item>
          <List.Item>
            {eje ? t('alliance.structure.retirePublicEje') : t('alliance.structure.retirePublic')}
          </List.Item>
          {eje && <List.Item>{t('alliance.structure.retireMesasStay')}</List.Item>}
          <List.Item>{t('alliance.structure.retireKeeps')}</List.Item>
        </List>
      </Stack>
    </ConfirmDialog>
  );
}

/** Undoes a retirement (`retired: false`): the body's seats count again and it is public again. */
export function RestoreBodyButton({ body, onDone }: { body: BodyDetail; onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { run, busy, error } = useAction();
  const restore = async () => {
    const ok = await run(() => patch(`/api/alliance/bodies/${body.id}`, { retired: false }));
    await refresh();
    if (ok) onDone(t('alliance.structure.restored'));
  };
  return (
    <Stack gap="xs" align="flex-start">
      <ProblemAlert error={error} />
      <Button size="xs" variant="default" loading={busy} onClick={() => void restore()}>
        {t('alliance.structure.restore')}
      </Button>
    </Stack>
  );
}
