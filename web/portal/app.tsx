import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  createApi,
  type Grievance,
  type GrievanceSummary,
  type Schemas,
  type ServiceOrder,
  type VerifiedSession,
} from '../shared/api';
import { ComplaintForm, type ComplaintValues, complaintBody, emptyComplaint } from '../shared/complaint-form';
import { formatTime } from '../shared/format';
import { ScreenHeading, StatusMessage } from '../shared/ui';
import { ComplaintList, ComplaintPage } from './complaints';
import { customerApi } from './customer-api';
import { OrderCard } from './orders';
import { type Lookup, LookupScreen, OtpScreen } from './sign-in';

type Screen =
  | { name: 'lookup' }
  | { name: 'otp'; challenge: Schemas['OtpChallenge'] }
  | { name: 'home' }
  | { name: 'file' }
  | { name: 'filed'; grievance: Grievance }
  | { name: 'complaint'; id: string };

interface Session {
  token: string;
  expiresAt: string;
  phone: string;
}

/**
 * The customer portal. The token lives in memory only (this component's
 * state): a reload or a closed tab signs the customer out, which is what an
 * OTP session on a shared phone should do.
 */
export function App() {
  const [screen, setScreen] = useState<Screen>({ name: 'lookup' });
  const [session, setSession] = useState<Session>();
  const [notice, setNotice] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [lookup, setLookup] = useState<Lookup>({ identifierType: 'PHONE', identifier: '' });
  const [orders, setOrders] = useState<ServiceOrder[]>([]);
  const [grievances, setGrievances] = useState<GrievanceSummary[]>([]);
  const [complaint, setComplaint] = useState<ComplaintValues>(emptyComplaint());
  const token = useRef<string | undefined>(undefined);

  const endSession = (why: string | undefined) => {
    token.current = undefined;
    setSession(undefined);
    setOrders([]);
    setGrievances([]);
    setMessage(undefined);
    setNotice(why);
    setScreen({ name: 'lookup' });
  };

  const api = useMemo(
    () =>
      customerApi(
        createApi(
          () => token.current,
          // Any 401 to a signed-in customer is the token's end: it expired (token_expired),
          // or it is no longer known (the only revocation is this app's own sign-out).
          () => endSession('Your session has expired. Enter your number again to get a new code.'),
        ),
        () => token.current,
      ),
    [],
  );

  // The token's own end: back to step 1 when it expires, even without a request.
  useEffect(() => {
    if (!session) return;
    const ms = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(
      () => endSession('Your session has expired. Enter your number again to get a new code.'),
      Math.max(0, Math.min(ms, 2_147_483_000)),
    );
    return () => clearTimeout(timer);
  }, [session]);

  const refresh = async (known: readonly ServiceOrder[] = orders) => {
    try {
      const [o, g] = await Promise.all([api.listOrders(known), api.listGrievances()]);
      setOrders(o);
      setGrievances(g);
    } catch {
      // the screen keeps what it has; a 401 already ended the session
    }
  };

  const onVerified = (v: VerifiedSession) => {
    token.current = v.accessToken;
    setSession({ token: v.accessToken, expiresAt: v.expiresAt, phone: v.phone });
    setOrders(v.serviceOrders);
    setGrievances(v.grievances);
    setNotice(undefined);
    setScreen({ name: 'home' });
    void refresh(v.serviceOrders);
  };

  const signOut = async () => {
    try {
      await api.logout();
    } finally {
      endSession('You have signed out.');
    }
  };

  const goHome = (msg?: string) => {
    setMessage(msg);
    setScreen({ name: 'home' });
    void refresh();
  };

  return (
    <>
      <header class="site-header">
        <div class="inner">
          <p class="site-name">Redress · Repairs and complaints</p>
          {session && (
            <button type="button" class="header-button" onClick={signOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main">
        {screen.name === 'lookup' && (
          <LookupScreen
            api={api}
            lookup={lookup}
            onChange={setLookup}
            notice={notice}
            onChallenge={(challenge) => setScreen({ name: 'otp', challenge })}
          />
        )}
        {screen.name === 'otp' && (
          <OtpScreen
            api={api}
            lookup={lookup}
            challenge={screen.challenge}
            onChallenge={(challenge) => setScreen({ name: 'otp', challenge })}
            onVerified={onVerified}
            onBack={() => setScreen({ name: 'lookup' })}
          />
        )}
        {screen.name === 'home' && session && (
          <>
            <ScreenHeading>Your repairs and complaints</ScreenHeading>
            <StatusMessage message={message} />
            <p class="muted">Signed in with {session.phone}.</p>
            {orders.length === 0 ? (
              <p>We found no service orders for this number.</p>
            ) : (
              orders.map((o) => <OrderCard key={o.id} order={o} />)
            )}
            <h2 id="complaints-heading">Your complaints</h2>
            <ComplaintList grievances={grievances} onOpen={(id) => setScreen({ name: 'complaint', id })} />
            <p>
              <button type="button" onClick={() => setScreen({ name: 'file' })}>
                File a complaint
              </button>
            </p>
          </>
        )}
        {screen.name === 'file' && (
          <>
            <ScreenHeading>File a complaint</ScreenHeading>
            <ComplaintForm
              values={complaint}
              onChange={setComplaint}
              orders={orders.map((o) => ({ id: o.id, label: `${o.id} (${o.device.model})` }))}
              submitLabel="Submit complaint"
              submit={(v, key) => api.fileGrievance({ ...complaintBody(v), channel: 'WEB' }, key)}
              onFiled={(grievance) => {
                setComplaint(emptyComplaint());
                setScreen({ name: 'filed', grievance });
                void refresh();
              }}
              onCancel={() => goHome()}
            />
          </>
        )}
        {screen.name === 'filed' && (
          <>
            <ScreenHeading>Complaint filed</ScreenHeading>
            <div class="panel">
              <p>
                Your complaint number is <strong>{screen.grievance.id}</strong>.
              </p>
              <p>
                It is with the <strong>{screen.grievance.levelName}</strong>
                {screen.grievance.dueAt && (
                  <>
                    , who will answer by <strong>{formatTime(screen.grievance.dueAt)}</strong>
                  </>
                )}
                . We have sent you an SMS with these details.
              </p>
            </div>
            <div class="actions">
              <button type="button" onClick={() => setScreen({ name: 'complaint', id: screen.grievance.id })}>
                View your complaint
              </button>
              <button type="button" class="secondary" onClick={() => goHome()}>
                Back to your repairs and complaints
              </button>
            </div>
          </>
        )}
        {screen.name === 'complaint' && (
          <ComplaintPage api={api} id={screen.id} onBack={() => goHome()} onChanged={() => void refresh()} />
        )}
      </main>
    </>
  );
}
