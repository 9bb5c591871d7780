import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { GRIEVANCE_GROUPS, REPORT_GROUPS, SERVICE_ORDER_GROUPS } from '../../lambdas/domain/staff';
import { ApiError, createApi, type StaffProfile } from '../shared/api';
import { ComplaintForm, type ComplaintValues, complaintBody, emptyComplaint } from '../shared/complaint-form';
import { formatTime } from '../shared/format';
import { ErrorSummary, ScreenHeading, SelectField, TextField } from '../shared/ui';
import { GrievanceScreen } from './grievance';
import { QueueScreen } from './queue';
import { ReportsScreen } from './reports';
import { NewOrderScreen, OrderScreen, OrdersScreen } from './service-orders';
import {
  beginCognitoSignIn,
  type ConsoleConfig,
  cognitoSignOut,
  completeCognitoSignIn,
  keepFresh,
  localSignIn,
  STAFF_GROUPS,
  type StaffGroup,
  type StaffSession,
} from './sign-in';
import { staffApi } from './staff-api';

type Screen =
  | { name: 'queue' }
  | { name: 'grievance'; id: string }
  | { name: 'walk-in' }
  | { name: 'orders' }
  | { name: 'reports' }
  | { name: 'new-order' }
  | { name: 'order'; id: string; created?: boolean; fromGrievance?: string };

const ROLE_LABELS: Record<StaffGroup, string> = {
  'grievance-desk': 'Grievance Desk (level 1)',
  'customer-service-head': 'Head of Customer Service (level 2)',
  'president-office': 'Office of the President (level 3)',
  'service-centre': 'Service centre',
  admin: 'Administrator',
};

/** The staff console. The token lives in memory only. */
export function App({ config }: { config: ConsoleConfig }) {
  const [session, setSession] = useState<StaffSession>();
  const [me, setMe] = useState<StaffProfile>();
  const [screen, setScreen] = useState<Screen>({ name: 'queue' });
  const [notice, setNotice] = useState<string>();
  const [walkIn, setWalkIn] = useState<ComplaintValues>(emptyComplaint());
  const current = useRef<StaffSession | undefined>(undefined);
  const stopRenewing = useRef<(() => void) | undefined>(undefined);

  const signOut = (why?: string) => {
    stopRenewing.current?.();
    current.current = undefined;
    setSession(undefined);
    setMe(undefined);
    setNotice(why);
    if (config.signIn.kind === 'cognito' && !why) cognitoSignOut(config.signIn);
  };

  const api = useMemo(
    () =>
      staffApi(
        createApi(
          () => current.current?.token,
          (e) =>
            signOut(
              e.code === 'token_expired'
                ? 'Your session has expired. Sign in again.'
                : 'Your session has ended. Sign in again.',
            ),
        ),
      ),
    [],
  );

  /**
   * What the console offers follows GET /staff/me — the groups and level the
   * API reads from the token — not what the sign-in screen asked for.
   */
  const start = async (s: StaffSession) => {
    current.current = s;
    setNotice(undefined);
    try {
      const who = await api.me();
      setSession(s);
      setMe(who);
      // Renewed in memory before it ends; the API client reads current.current for every call.
      stopRenewing.current?.();
      stopRenewing.current = keepFresh(
        s,
        (next) => {
          current.current = next;
        },
        () => signOut('Your session has ended. Sign in again.'),
      );
      setScreen(who.level ? { name: 'queue' } : { name: 'orders' });
    } catch (error) {
      current.current = undefined;
      if (!(error instanceof ApiError && error.status === 401))
        setNotice(
          `Could not read your staff profile: ${error instanceof Error ? error.message : 'try again'}`,
        );
    }
  };

  useEffect(() => {
    if (config.signIn.kind !== 'cognito') return;
    completeCognitoSignIn(config.signIn).then(
      (s) => s && void start(s),
      (e: Error) => setNotice(e.message),
    );
  }, []);

  if (!session || !me)
    return (
      <Shell>
        {config.signIn.kind === 'local' ? (
          <LocalSignIn notice={notice} onSignedIn={(s) => void start(s)} />
        ) : (
          <>
            <ScreenHeading>Staff sign-in</ScreenHeading>
            {notice && <p role="alert">{notice}</p>}
            <button
              type="button"
              onClick={() => config.signIn.kind === 'cognito' && void beginCognitoSignIn(config.signIn)}
            >
              Sign in
            </button>
          </>
        )}
      </Shell>
    );

  const level = me.level ?? 0;
  const groups = me.groups;
  const worksGrievances = groups.some((g) => GRIEVANCE_GROUPS.includes(g));
  const mayFile = worksGrievances || groups.includes('service-centre');
  const changesOrders = groups.some((g) => SERVICE_ORDER_GROUPS.includes(g));
  const readsReports = groups.some((g) => REPORT_GROUPS.includes(g));
  const nav: { label: string; screen: Screen; active: boolean; show: boolean }[] = [
    {
      label: 'Grievance queue',
      screen: { name: 'queue' },
      active: screen.name === 'queue' || screen.name === 'grievance',
      show: level > 0,
    },
    {
      label: 'File for a walk-in customer',
      screen: { name: 'walk-in' },
      active: screen.name === 'walk-in',
      show: mayFile,
    },
    {
      label: 'Service orders',
      screen: { name: 'orders' },
      active: ['orders', 'order', 'new-order'].includes(screen.name),
      show: true,
    },
    { label: 'Reports', screen: { name: 'reports' }, active: screen.name === 'reports', show: readsReports },
  ];

  return (
    <Shell
      header={
        <>
          <nav class="app-nav" aria-label="Console">
            <ul>
              {nav
                .filter((n) => n.show)
                .map((n) => (
                  <li key={n.label}>
                    <button
                      type="button"
                      class="header-button"
                      aria-current={n.active ? 'page' : undefined}
                      onClick={() => setScreen(n.screen)}
                    >
                      {n.label}
                    </button>
                  </li>
                ))}
            </ul>
          </nav>
          <span>
            {me.sub}{' '}
            <button type="button" class="header-button" onClick={() => signOut()}>
              Sign out
            </button>
          </span>
        </>
      }
    >
      {screen.name === 'queue' && level > 0 && (
        <QueueScreen
          api={api}
          level={level}
          me={me.sub}
          onOpen={(id) => setScreen({ name: 'grievance', id })}
        />
      )}
      {screen.name === 'grievance' && (
        <GrievanceScreen
          api={api}
          id={screen.id}
          level={level}
          me={me}
          onBack={() => setScreen({ name: 'queue' })}
          onOpenOrder={(id) => setScreen({ name: 'order', id, fromGrievance: screen.id })}
        />
      )}
      {screen.name === 'walk-in' && (
        <>
          <ScreenHeading>File for a walk-in customer</ScreenHeading>
          <ComplaintForm
            values={walkIn}
            onChange={setWalkIn}
            withPhone
            nameLabel="Customer name"
            submitLabel="Submit complaint"
            submit={(v, key) =>
              api.fileWalkIn({ ...complaintBody(v), phone: v.phone.trim(), channel: 'SERVICE_CENTRE' }, key)
            }
            onFiled={(g) => {
              setWalkIn(emptyComplaint());
              setNotice(`Filed ${g.id} with the ${g.levelName}, due ${g.dueAt ? formatTime(g.dueAt) : '—'}.`);
              setScreen(level > 0 ? { name: 'grievance', id: g.id } : { name: 'orders' });
            }}
          />
        </>
      )}
      {screen.name === 'reports' && readsReports && <ReportsScreen api={api} />}
      {screen.name === 'orders' && (
        <OrdersScreen
          api={api}
          canChange={changesOrders}
          onOpen={(id) => setScreen({ name: 'order', id })}
          onNew={() => setScreen({ name: 'new-order' })}
        />
      )}
      {screen.name === 'new-order' && changesOrders && (
        <NewOrderScreen
          api={api}
          onCreated={(o) => setScreen({ name: 'order', id: o.id, created: true })}
          onCancel={() => setScreen({ name: 'orders' })}
        />
      )}
      {screen.name === 'order' && (
        <OrderScreen
          key={screen.id}
          api={api}
          id={screen.id}
          canChange={changesOrders}
          {...(screen.created ? { created: true } : {})}
          backLabel={
            screen.fromGrievance ? `Back to grievance ${screen.fromGrievance}` : 'Back to service orders'
          }
          onBack={() =>
            setScreen(
              screen.fromGrievance ? { name: 'grievance', id: screen.fromGrievance } : { name: 'orders' },
            )
          }
        />
      )}
    </Shell>
  );
}

function Shell(props: { header?: preact.ComponentChildren; children: preact.ComponentChildren }) {
  return (
    <>
      <header class="site-header">
        <div class="inner">
          <p class="site-name">Redress staff console</p>
          {props.header}
        </div>
      </header>
      <main id="main">{props.children}</main>
    </>
  );
}

/** The local host's development sign-in: "Staff ID", "Role", "Sign in" (POST /_local/token). */
function LocalSignIn(props: { notice: string | undefined; onSignedIn: (s: StaffSession) => void }) {
  const [sub, setSub] = useState('');
  const [role, setRole] = useState<StaffGroup>('grievance-desk');
  const [error, setError] = useState<string>();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!sub.trim()) return setError('Enter your staff ID');
    try {
      props.onSignedIn(await localSignIn(sub.trim(), [role]));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <>
      <ScreenHeading>Staff sign-in (local development)</ScreenHeading>
      {props.notice && (
        <div class="panel" role="alert">
          {props.notice}
        </div>
      )}
      <ErrorSummary
        problem={error ? { fields: { 'staff-id': error } } : undefined}
        labels={{ 'staff-id': 'Staff ID' }}
      />
      <p>On the local host any staff ID works. In AWS staff sign in with the company's identity provider.</p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="staff-id"
          label="Staff ID"
          autoComplete="username"
          spellcheck={false}
          width="medium"
          value={sub}
          onInput={setSub}
          error={error}
        />
        <SelectField
          id="staff-role"
          label="Role"
          value={role}
          onChange={(v) => setRole(v as StaffGroup)}
          options={STAFF_GROUPS.map((g) => ({ value: g, label: ROLE_LABELS[g] }))}
        />
        <button type="submit">Sign in</button>
      </form>
    </>
  );
}
