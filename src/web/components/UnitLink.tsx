import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A link to a unit's page. */
export function UnitLink({ id, children, small }: { id: number; children: ReactNode; small?: boolean }) {
  return (
    <Link
      to="/org/$unitId"
      params={{ unitId: String(id) }}
      style={{
        color: 'var(--mantine-color-blue-8)',
        fontSize: small ? 'var(--mantine-font-size-sm)' : undefined,
      }}
    >
      {children}
    </Link>
  );
}
