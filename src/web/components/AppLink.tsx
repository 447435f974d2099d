import { Anchor } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { LINK_COLOR } from './contrast.ts';

/** A link inside the app, in an AA-contrast blue; `label` names it for screen readers when the text alone is ambiguous. */
export function AppLink({
  to,
  params,
  search,
  children,
  label,
}: {
  to: string;
  params?: Record<string, string>;
  search?: Record<string, unknown>;
  children: ReactNode;
  label?: string;
}) {
  return (
    <Anchor
      renderRoot={(props) => (
        <Link {...props} to={to as never} params={params as never} search={search as never} />
      )}
      style={{ color: LINK_COLOR }}
      aria-label={label}
    >
      {children}
    </Anchor>
  );
}
