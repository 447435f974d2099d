import { Anchor, AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../contract/api.ts';
import type { Permission } from '../../contract/roles.ts';
import { post } from '../api/client.ts';
import { useSetMe } from '../features/auth/use-me.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

const NAV: { to: string; key: string; needs?: Permission }[] = [
  { to: '/', key: 'nav.home' },
  { to: '/org', key: 'nav.org', needs: 'org.read' },
  { to: '/schools', key: 'nav.schools', needs: 'org.read' },
  { to: '/catalog/imports', key: 'nav.imports', needs: 'catalog.import' },
  { to: '/pec', key: 'enrollment.nav', needs: 'org.read' },
  { to: '/reglas', key: 'rules.nav', needs: 'org.read' },
  { to: '/alianza', key: 'alliance.nav' },
  { to: '/users', key: 'nav.users', needs: 'users.read' },
  { to: '/audit', key: 'nav.audit', needs: 'audit.read' },
  { to: '/outbox', key: 'nav.outbox', needs: 'outbox.read' },
  { to: '/account', key: 'nav.account' },
];

export function AppLayout({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const setMe = useSetMe();
  const logout = async () => {
    await post('/api/auth/logout').catch(() => undefined);
    setMe(null);
    void navigate({ to: '/login' });
  };
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('app.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.menu')} />
            <Anchor component={Link} to="/" underline="never" c="inherit">
              <Title order={2} size="h4">
                {t('app.name')}
              </Title>
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" fw={500}>
              {me.name}
            </Text>
            <LanguageSwitch signedIn />
            <Button variant="default" size="xs" onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.main')}>
        <ScrollArea>
          {NAV.filter((n) => !n.needs || me.permissions.includes(n.needs)).map((n) => (
            <NavLink
              key={n.to}
              component={Link}
              to={n.to}
              label={t(n.key)}
              active={n.to === '/' ? path === '/' : path.startsWith(n.to)}
              onClick={close}
              variant="filled"
            />
          ))}
          <Anchor href="/api/docs" size="xs" c="dimmed" display="block" mt="lg" px="sm">
            {t('app.apiDocs')}
          </Anchor>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
        <Text size="xs" c="dimmed" mt="xl" component="footer">
          {t('app.legend')}
        </Text>
      </AppShell.Main>
    </AppShell>
  );
}
