import { Button, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert.tsx';

/**
 * A form on a bordered card; submitting runs `onSubmit` instead of reloading the page. `noValidate`
 * where the form checks its fields itself and says what is missing next to each.
 */
export function FormCard({
  onSubmit,
  label,
  noValidate,
  children,
}: {
  onSubmit: () => void;
  label?: string;
  noValidate?: boolean;
  children: ReactNode;
}) {
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      noValidate={noValidate}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </Paper>
  );
}

/** The foot of a form: the server's refusal, what went through (announced by screen readers), the submit button. */
export function FormFoot({
  error,
  done,
  busy,
  submitLabel,
}: {
  error: unknown;
  done: string | null;
  busy: boolean;
  submitLabel: string;
}) {
  return (
    <>
      <ProblemAlert error={error} />
      {done && (
        <Text role="status" fw={600}>
          {done}
        </Text>
      )}
      <Group>
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
