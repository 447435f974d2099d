import { Anchor, Button } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { post } from '../../api/client.ts';
import { LINK_COLOR } from '../../components/contrast.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../components/use-action.ts';

/** The plan editor is the planning feature's page; it is linked by address, never imported. */
const PLAN_ROUTE = '/pec/planes/$planId' as never;

export function PlanLink({
  planId,
  children,
  label,
}: {
  planId: string;
  children: ReactNode;
  label?: string;
}) {
  return (
    <Anchor
      renderRoot={(props) => <Link {...props} to={PLAN_ROUTE} params={{ planId } as never} />}
      style={{ color: LINK_COLOR }}
      aria-label={label}
    >
      {children}
    </Anchor>
  );
}

/** Opens (creating on first use) the school's plan for the cycle, then goes to it. */
export function OpenPlanButton({
  cycleId,
  schoolId,
  children,
}: {
  cycleId: number;
  schoolId: number;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const action = useAction();
  return (
    <>
      <Button
        loading={action.busy}
        onClick={() =>
          void action.run(async () => {
            const r = await post<{ id: string }>(`/api/pec/cycles/${cycleId}/schools/${schoolId}/plan`);
            await navigate({ to: PLAN_ROUTE, params: { planId: r.id } as never });
          })
        }
      >
        {children}
      </Button>
      <ProblemAlert error={action.error} />
    </>
  );
}
