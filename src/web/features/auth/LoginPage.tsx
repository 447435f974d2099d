import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../contract/api.ts';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PublicLayout } from '../../components/PublicLayout.tsx';
import { useAction } from '../../components/use-action.ts';
import { useSetMe } from './use-me.ts';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const setMe = useSetMe();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { run, busy, error } = useAction();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await run(async () => setMe(await post<Me>('/api/auth/login', { email, password })))) {
      void navigate({ to: '/' });
    }
  };
  return (
    <PublicLayout title={t('login.title')}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Text size="sm">{t('login.intro')}</Text>
          <ErrorAlert error={error} />
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('login.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            {t('login.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('login.forgot')}
          </Anchor>
        </Stack>
      </form>
    </PublicLayout>
  );
}
