import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicLayout } from '../../components/PublicLayout.tsx';
import { useAction } from '../../components/use-action.ts';

/** Sets a password from a reset or invitation link (?token=…&invite=1). */
export function ResetPage() {
  const { t } = useTranslation();
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? '';
  const invite = params.has('invite');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const { run, busy, error } = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (password.length < 10) return setLocalError(t('reset.tooShort'));
    if (password !== confirm) return setLocalError(t('reset.mismatch'));
    setLocalError(null);
    if (await run(() => post('/api/auth/password-reset/confirm', { token, password }))) setDone(true);
  };
  return (
    <PublicLayout title={invite ? t('reset.inviteTitle') : t('reset.title')}>
      {done ? (
        <Stack>
          <Alert color="green" role="status">
            {t('reset.done')}
          </Alert>
          <Anchor component={Link} to="/login">
            {t('forgot.backToLogin')}
          </Anchor>
        </Stack>
      ) : !token ? (
        <Alert color="red" role="alert">
          {t('reset.missingToken')}
        </Alert>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <ErrorAlert error={error} />
            <PasswordInput
              label={t('reset.password')}
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={localError === t('reset.tooShort') ? localError : undefined}
            />
            <PasswordInput
              label={t('reset.confirm')}
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={localError === t('reset.mismatch') ? localError : undefined}
            />
            <Button type="submit" loading={busy}>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </PublicLayout>
  );
}
