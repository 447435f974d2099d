import { Alert, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchoolStaff, StaffRole } from '../../../contract/staff.ts';
import { del, post } from '../../api/client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/use-action.ts';

/**
 * Invites a person onto the school with one staff role through POST /api/users/invite (which also
 * simply grants the role to someone who already has an account). Recording a director when the
 * school has one offers to replace them: grant the new one first, then revoke the old assignment,
 * so the school is never left without a director by a failed invitation.
 */
export function StaffInviteDialog({
  role,
  data,
  onClose,
  onDone,
}: {
  role: StaffRole | null;
  data: SchoolStaff;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { run, busy, error, setError } = useAction();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [replace, setReplace] = useState(true);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (role) {
      setEmail('');
      setName('');
      setReplace(true);
      setConfirming(false);
      setError(null);
    }
  }, [role, setError]);

  const previous = role === 'school_director' ? data.staff.school_director : [];
  const replacing = previous.length > 0 && replace;
  const submit = async () => {
    const ok = await run(async () => {
      try {
        await post('/api/users/invite', { email, name, role, unitId: data.unit.id });
        if (replacing) {
          for (const p of previous) await del(`/api/users/${p.userId}/roles/${p.assignmentId}`);
        }
      } finally {
        // A revocation may fail after the grant succeeded; the list must show what really happened.
        await onDone();
      }
    });
    if (ok) onClose();
    else setConfirming(false);
  };

  const title = role ? t(`staff.invite.${role}`) : '';
  return (
    <Dialog
      opened={role !== null}
      onClose={onClose}
      title={confirming ? t('staff.confirmReplaceTitle') : title}
    >
      <Stack>
        <ErrorAlert error={error} />
        {confirming ? (
          <>
            <Text>
              {t('staff.confirmReplace', {
                name,
                email,
                school: data.unit.name,
                previous: previous.map((p) => p.name).join(', '),
              })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
              <Button color="red" loading={busy} onClick={() => void submit()}>
                {t('common.confirm')}
              </Button>
            </Group>
          </>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (replacing) setConfirming(true);
              else void submit();
            }}
          >
            <Stack>
              <Text size="sm">{t('staff.inviteHelp')}</Text>
              <TextInput
                label={t('staff.email')}
                type="email"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                data-autofocus
              />
              <TextInput
                label={t('staff.name')}
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
              />
              {previous.length > 0 && (
                <Alert color="yellow" role="status">
                  <Stack gap="xs">
                    <Text size="sm">
                      {t('staff.hasDirector', { names: previous.map((p) => p.name).join(', ') })}
                    </Text>
                    <Checkbox
                      label={t('staff.replace')}
                      checked={replace}
                      onChange={(e) => setReplace(e.currentTarget.checked)}
                    />
                  </Stack>
                </Alert>
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={busy}>
                  {title}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Dialog>
  );
}
