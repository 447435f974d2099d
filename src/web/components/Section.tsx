import { Group, Title } from '@mantine/core';
import { type ReactNode, useId } from 'react';

/** A titled part of a page (a landmark named by its heading), with optional actions beside the title. */
export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </section>
  );
}

/** A heading inside a Section. */
export function SubTitle({ children }: { children: ReactNode }) {
  return (
    <Title order={3} size="h5" mt="sm" mb={4}>
      {children}
    </Title>
  );
}
