import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicLayout } from '../../components/PublicLayout.tsx';
import { useAction } from '../../components/use-action.ts';

export function ForgotPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { run, busy, error } = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await run(() => post('/api/auth/password-reset/request', { email }))) setSent(true);
  };
  return (
    <PublicLayout title={t('forgot.title')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          {sent ? (
            <Alert color="green" role="status">
              {t('forgot.sent')}
            </Alert>
          ) : (
            <>
              <Text size="sm">{t('forgot.intro')}</Text>
              <ErrorAlert error={error} />
              <TextInput
                label={t('login.email')}
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
              />
              <Button type="submit" loading={busy}>
                {t('forgot.submit')}
              </Button>
            </>
          )}
          <Anchor component={Link} to="/login" size="sm">
            {t('forgot.backToLogin')}
          </Anchor>
        </Stack>
      </form>
    </PublicLayout>
  );
}
