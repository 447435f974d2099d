import { Anchor, Box, Container, Group, Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/**
 * The frame of the pages one sees signed out: sign in, forgotten password, set password, and the
 * public transparency pages (wider, `size`). Every one links to the public pages.
 */
export function PublicLayout({
  title,
  children,
  size = 440,
}: {
  title: string;
  children: ReactNode;
  size?: number;
}) {
  const { t } = useTranslation();
  return (
    <Box component="main" id="main" py="xl">
      <Container size={size}>
        <Group justify="space-between" mb="md" wrap="nowrap">
          <div>
            <Text fw={700} size="xl" component="p">
              {t('app.name')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('app.tagline')}
            </Text>
          </div>
          <LanguageSwitch signedIn={false} />
        </Group>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          <Title order={1} size="h3" mb="md">
            {title}
          </Title>
          {children}
        </Paper>
        <Group component="nav" aria-label={t('public.nav')} gap="md" mt="md" justify="center">
          <Text size="sm">{t('public.transparency')}:</Text>
          <Anchor href="/transparencia/alianza" size="sm">
            {t('public.alliance')}
          </Anchor>
          <Anchor href="/transparencia/pec" size="sm">
            {t('public.pec')}
          </Anchor>
        </Group>
      </Container>
    </Box>
  );
}
