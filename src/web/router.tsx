import { createRootRoute, createRoute, createRouter, Navigate, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { Me } from '../contract/api.ts';
import type { Permission } from '../contract/roles.ts';
import { AppLayout } from './components/AppLayout.tsx';
import { ErrorAlert } from './components/ErrorAlert.tsx';
import { Loading } from './components/Loading.tsx';
import { NotFoundPage } from './components/NotFoundPage.tsx';
import { AccountPage } from './features/account/AccountPage.tsx';
import { BodyPage as AllianceBodyPage } from './features/alliance/BodyPage.tsx';
import { DocumentPage as AllianceDocumentPage } from './features/alliance/DocumentPage.tsx';
import { InboxPage as AllianceInboxPage } from './features/alliance/InboxPage.tsx';
import { MeetingPage as AllianceMeetingPage } from './features/alliance/MeetingPage.tsx';
import { OverviewPage as AllianceOverviewPage } from './features/alliance/OverviewPage.tsx';
import { PublicPage as AlliancePublicPage } from './features/alliance/PublicPage.tsx';
import { ResolutionPage as AllianceResolutionPage } from './features/alliance/ResolutionPage.tsx';
import { SynthesisPage as AllianceSynthesisPage } from './features/alliance/SynthesisPage.tsx';
import { TaskPage as AllianceTaskPage } from './features/alliance/TaskPage.tsx';
import { AuditPage } from './features/audit/AuditPage.tsx';
import { ForgotPage } from './features/auth/ForgotPage.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { ResetPage } from './features/auth/ResetPage.tsx';
import { useMe } from './features/auth/use-me.ts';
import { ImportDetailPage } from './features/catalog/ImportDetailPage.tsx';
import { ImportsPage } from './features/catalog/ImportsPage.tsx';
import { SchoolsPage } from './features/catalog/SchoolsPage.tsx';
import { CallsPage as PecCallsPage } from './features/enrollment/CallsPage.tsx';
import { PecHomePage } from './features/enrollment/PecHomePage.tsx';
import { PublicSelectedPage as PecPublicSelectedPage } from './features/enrollment/PublicSelectedPage.tsx';
import {
  RegistrationPage as PecRegistrationPage,
  RegistrationRedirectPage as PecRegistrationRedirectPage,
} from './features/enrollment/RegistrationPage.tsx';
import { SelectionPage as PecSelectionPage } from './features/enrollment/SelectionPage.tsx';
import { AllocationPage as FinanceAllocationPage } from './features/finance/AllocationPage.tsx';
import { SchoolMoneyPage as FinanceSchoolMoneyPage } from './features/finance/SchoolMoneyPage.tsx';
import { StateFundsPage as FinanceStateFundsPage } from './features/finance/StateFundsPage.tsx';
import { HomePage } from './features/home/HomePage.tsx';
import { OrgPage } from './features/org/OrgPage.tsx';
import { UnitDetailPage } from './features/org/UnitDetailPage.tsx';
import { OutboxPage } from './features/outbox/OutboxPage.tsx';
import { PlanPage as PlanningPlanPage } from './features/planning/PlanPage.tsx';
import { AdaptationPage as RulesAdaptationPage } from './features/rules/AdaptationPage.tsx';
import { CyclePage as RulesCyclePage } from './features/rules/CyclePage.tsx';
import { CyclesPage as RulesCyclesPage } from './features/rules/CyclesPage.tsx';
import { EffectivePage as RulesEffectivePage } from './features/rules/EffectivePage.tsx';
import { UsersPage } from './features/users/UsersPage.tsx';
import { AccountabilityPage as YearEndAccountabilityPage } from './features/year-end/AccountabilityPage.tsx';
import { ClosingPage as YearEndClosingPage } from './features/year-end/ClosingPage.tsx';

/** Pages inside the app shell: signed-in only; a missing permission shows the 404 page. */
function Private({ needs, page }: { needs?: Permission; page: (me: Me) => ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorAlert error={me.error} />;
  if (!me.data) return <Navigate to="/login" />;
  if (needs && !me.data.permissions.includes(needs)) return <NotFoundPage />;
  return page(me.data);
}

function Shell() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (!me.data) return <Navigate to="/login" />;
  return <AppLayout me={me.data} />;
}

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFoundPage });
const shell = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: Shell });
const page = (path: string, render: () => ReactNode) =>
  createRoute({ getParentRoute: () => shell, path, component: render });

const routeTree = rootRoute.addChildren([
  createRoute({ getParentRoute: () => rootRoute, path: '/login', component: LoginPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/forgot-password', component: ForgotPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/reset-password', component: ResetPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/transparencia/alianza',
    component: AlliancePublicPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/transparencia/pec',
    component: PecPublicSelectedPage,
  }),
  shell.addChildren([
    page('/', () => <Private page={(me) => <HomePage me={me} />} />),
    page('/org', () => <Private needs="org.read" page={() => <OrgPage />} />),
    page('/org/$unitId', () => <Private needs="org.read" page={(me) => <UnitDetailPage me={me} />} />),
    page('/schools', () => <Private needs="org.read" page={() => <SchoolsPage />} />),
    page('/catalog/imports', () => <Private needs="catalog.import" page={() => <ImportsPage />} />),
    page('/catalog/imports/$importId', () => (
      <Private needs="catalog.import" page={() => <ImportDetailPage />} />
    )),
    page('/users', () => <Private needs="users.read" page={(me) => <UsersPage me={me} />} />),
    page('/audit', () => <Private needs="audit.read" page={() => <AuditPage />} />),
    page('/outbox', () => <Private needs="outbox.read" page={() => <OutboxPage />} />),
    page('/account', () => <Private page={() => <AccountPage />} />),
    // Escuelas de Calidad: rules of operation and state adaptations (the server decides who edits).
    page('/reglas', () => <Private needs="org.read" page={(me) => <RulesCyclesPage me={me} />} />),
    page('/reglas/$cycleId', () => <Private needs="org.read" page={() => <RulesCyclePage />} />),
    page('/reglas/$cycleId/estados/$stateId', () => (
      <Private needs="org.read" page={() => <RulesAdaptationPage />} />
    )),
    page('/reglas/$cycleId/efectivas', () => (
      <Private needs="org.read" page={(me) => <RulesEffectivePage me={me} />} />
    )),
    // Escuelas de Calidad: a school's plan (self-evaluation, PETE, PAT) and its review.
    page('/pec/planes/$planId', () => <Private needs="org.read" page={() => <PlanningPlanPage />} />),
    // Escuelas de Calidad: calls, registration, selection and dashboards (the server decides who acts).
    page('/pec', () => <Private needs="org.read" page={(me) => <PecHomePage me={me} />} />),
    page('/pec/convocatorias', () => <Private needs="org.read" page={(me) => <PecCallsPage me={me} />} />),
    page('/pec/escuelas/$schoolId/registro', () => (
      <Private needs="org.read" page={(me) => <PecRegistrationPage me={me} />} />
    )),
    page('/pec/registros/$registrationId', () => (
      <Private needs="org.read" page={() => <PecRegistrationRedirectPage />} />
    )),
    page('/pec/seleccion/$stateId', () => <Private needs="org.read" page={() => <PecSelectionPage />} />),
    // Escuelas de Calidad money: the federal allocation, a state's trust fund, a school's money and expenses.
    page('/pec/recursos/$cycleId', () => <Private needs="org.read" page={() => <FinanceAllocationPage />} />),
    page('/pec/recursos/$cycleId/estados/$stateId', () => (
      <Private needs="org.read" page={() => <FinanceStateFundsPage />} />
    )),
    page('/pec/recursos/$cycleId/escuelas/$schoolId', () => (
      <Private needs="org.read" page={() => <FinanceSchoolMoneyPage />} />
    )),
    // Escuelas de Calidad year end (features/year-end): the closing report of a state or the nation, a school's accountability report.
    page('/pec/cierre/$cycleId/$unitId', () => (
      <Private needs="org.read" page={() => <YearEndClosingPage />} />
    )),
    page('/pec/rendicion/$cycleId/$schoolId', () => (
      <Private needs="org.read" page={() => <YearEndAccountabilityPage />} />
    )),
    // Alianza: every signed-in person may open it; the server decides what their seats let them see.
    page('/alianza', () => <Private page={() => <AllianceOverviewPage />} />),
    page('/alianza/pendientes', () => <Private page={() => <AllianceInboxPage />} />),
    page('/alianza/organos/$bodyId', () => <Private page={() => <AllianceBodyPage />} />),
    page('/alianza/documentos/$id', () => <Private page={() => <AllianceDocumentPage />} />),
    page('/alianza/sintesis/$id', () => <Private page={() => <AllianceSynthesisPage />} />),
    page('/alianza/sesiones/$id', () => <Private page={() => <AllianceMeetingPage />} />),
    page('/alianza/resoluciones/$id', () => <Private page={() => <AllianceResolutionPage />} />),
    page('/alianza/tareas/$id', () => <Private page={() => <AllianceTaskPage />} />),
  ]),
]);

export const router = createRouter({ routeTree });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
