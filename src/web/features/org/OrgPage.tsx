import { Badge, Button, Group, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgUnit, UnitRef } from '../../../contract/api.ts';
import { get, qs } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { UnitLink } from '../../components/UnitLink.tsx';
import { UnitPath } from '../../components/UnitPath.tsx';

type Item = OrgUnit & { path: UnitRef[] };
type Page = { items: Item[]; total: number };
const PAGE = 50;

function UnitLabel({ unit }: { unit: Item }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <UnitLink id={unit.id} small>
        {unit.name}
      </UnitLink>
      <Text size="xs" c="dimmed">
        {unit.code}
      </Text>
      {!unit.active && (
        <Badge size="xs" color="gray">
          {t('org.inactive')}
        </Badge>
      )}
    </Group>
  );
}

function Children({ parent }: { parent: Item }) {
  const { t } = useTranslation();
  const q = useInfiniteQuery({
    queryKey: ['units', 'children', parent.id],
    queryFn: ({ pageParam }) =>
      get<Page>(`/api/org/units${qs({ parentId: parent.id, limit: PAGE, offset: pageParam })}`),
    initialPageParam: 0,
    getNextPageParam: (last, all) => {
      const loaded = all.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total ? loaded : undefined;
    },
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  return (
    <ul style={{ listStyle: 'none', paddingLeft: 20, margin: 0 }}>
      {q.data.pages
        .flatMap((p) => p.items)
        .map((u) => (
          <TreeNode key={u.id} unit={u} />
        ))}
      {q.hasNextPage && (
        <li>
          <Button
            variant="default"
            size="xs"
            onClick={() => void q.fetchNextPage()}
            loading={q.isFetchingNextPage}
          >
            {t('common.loadMore')}
          </Button>
        </li>
      )}
    </ul>
  );
}

function TreeNode({ unit }: { unit: Item }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const label = open ? t('org.collapse', { name: unit.name }) : t('org.expand', { name: unit.name });
  return (
    <li>
      <Group gap={4} wrap="nowrap" py={2}>
        {unit.childCount > 0 ? (
          <UnstyledButton
            aria-expanded={open}
            aria-label={label}
            title={label}
            onClick={() => setOpen(!open)}
            w={24}
            ta="center"
            fw={700}
          >
            {open ? '−' : '+'}
          </UnstyledButton>
        ) : (
          <span style={{ width: 24, display: 'inline-block' }} />
        )}
        <Badge size="xs" variant="outline" miw={90}>
          {t(`kinds.${unit.kind}`)}
        </Badge>
        <UnitLabel unit={unit} />
        {unit.childCount > 0 && (
          <Text size="xs" c="dimmed">
            ({unit.childCount})
          </Text>
        )}
      </Group>
      {open && <Children parent={unit} />}
    </li>
  );
}

export function OrgPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const roots = useQuery({ queryKey: ['units', 'roots'], queryFn: () => get<Page>('/api/org/units') });
  const found = useQuery({
    queryKey: ['units', 'search', debounced],
    queryFn: () => get<Page>(`/api/org/units${qs({ q: debounced, limit: 50 })}`),
    enabled: debounced.length >= 2,
  });
  return (
    <Stack>
      <Title order={1}>{t('org.title')}</Title>
      <TextInput
        label={t('org.searchLabel')}
        placeholder={t('org.searchPlaceholder')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        type="search"
      />
      {debounced.length >= 2 ? (
        <section aria-live="polite">
          {found.isPending ? (
            <Loading />
          ) : found.error ? (
            <ErrorAlert error={found.error} />
          ) : found.data.items.length === 0 ? (
            <Text>{t('common.none')}</Text>
          ) : (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('common.total', { count: found.data.total })}
              </Text>
              {found.data.items.map((u) => (
                <div key={u.id}>
                  <Group gap="xs">
                    <Badge size="xs" variant="outline">
                      {t(`kinds.${u.kind}`)}
                    </Badge>
                    <UnitLabel unit={u} />
                  </Group>
                  <UnitPath path={u.path} />
                </div>
              ))}
            </Stack>
          )}
        </section>
      ) : roots.isPending ? (
        <Loading />
      ) : roots.error ? (
        <ErrorAlert error={roots.error} />
      ) : (
        <nav aria-label={t('org.tree')}>
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {roots.data.items.map((u) => (
              <TreeNode key={u.id} unit={u} />
            ))}
          </ul>
        </nav>
      )}
    </Stack>
  );
}
