import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  ApiError,
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
import { customerApi, GRIEVANCE_PAGE } from './customer-api';
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
  expiresAt: string;
  phone: string;
}

const EXPIRED = 'Your session has expired. Enter your number again to get a new code.';
const ENDED = 'Your session has ended. Enter your number again to get a new code.';
/** How often a signed-in screen asks the API whether the session still holds and re-reads the lists. */
const RECHECK_MS = 60_000;

/**
 * The customer portal. The token lives in memory only (a ref, never storage):
 * a reload or a closed tab signs the customer out, which is what an OTP
 * session on a shared phone should do. Whether the session still holds is the
 * API's answer (GET /session, or `token_expired` on any call), not the
 * phone's clock, which may be wrong.
 */
export function App() {
  const [screen, setScreen] = useState<Screen>({ name: 'lookup' });
  const [session, setSession] = useState<Session>();
  const [notice, setNotice] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [lookup, setLookup] = useState<Lookup>({ identifierType: 'PHONE', identifier: '' });
  const [orders, setOrders] = useState<ServiceOrder[]>([]);
  const [grievances, setGrievances] = useState<GrievanceSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [listError, setListError] = useState<string>();
  const [complaint, setComplaint] = useState<ComplaintValues>(emptyComplaint());
  const token = useRef<string | undefined>(undefined);

  const endSession = (why: string | undefined) => {
    token.current = undefined;
    api.forget();
    setSession(undefined);
    setOrders([]);
    setGrievances([]);
    setNextCursor(null);
    setMessage(undefined);
    setListError(undefined);
    setNotice(why);
    setScreen({ name: 'lookup' });
  };

  const api = useMemo(
    () =>
      customerApi(
        createApi(
          () => token.current,
          // The API refused the token: past its end (token_expired) or no longer known (token_invalid).
          (e) => endSession(e.code === 'token_expired' ? EXPIRED : ENDED),
        ),
      ),
    [],
  );

  /** Asks the API about the session and re-reads the orders and the first page of complaints. */
  const refresh = async () => {
    try {
      const [s, o, g] = await Promise.all([api.session(), api.listOrders(), api.listGrievances()]);
      if (!token.current) return;
      setSession(s);
      setOrders(o);
      setGrievances(g.items);
      setNextCursor(g.nextCursor);
      setListError(undefined);
    } catch (error) {
      // a refused token already ended the session; anything else: the screen keeps what it has
      if (token.current && error instanceof ApiError) setListError(error.message);
    }
  };

  // While signed in: recheck every minute the page is visible, and as soon as it is shown again.
  useEffect(() => {
    if (!session) return;
    const visible = () => document.visibilityState === 'visible';
    const timer = setInterval(() => visible() && void refresh(), RECHECK_MS);
    const onShow = () => visible() && void refresh();
    document.addEventListener('visibilitychange', onShow);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onShow);
    };
  }, [session !== undefined]);

  const onVerified = (v: VerifiedSession) => {
    token.current = v.accessToken;
    setSession({ expiresAt: v.expiresAt, phone: v.phone });
    setOrders(v.serviceOrders);
    setGrievances(v.grievances.slice(0, GRIEVANCE_PAGE));
    setNotice(undefined);
    setScreen({ name: 'home' });
    void refresh();
  };

  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await api.listGrievances(nextCursor);
      setGrievances((have) => [...have, ...page.items.filter((g) => !have.some((h) => h.id === g.id))]);
      setNextCursor(page.nextCursor);
      setListError(undefined);
    } catch (error) {
      if (token.current && error instanceof ApiError) setListError(error.message);
    } finally {
      setLoadingMore(false);
    }
  };

  const signOut = async () => {
    let why = 'You have signed out.';
    try {
      await api.logout();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code === 'network' || error.code === 'internal')
        why = `You have signed out on this device, but we could not reach the service to end the session there.${
          session ? ` It ends by itself at ${formatTime(session.expiresAt)}.` : ''
        }`;
    }
    setComplaint(emptyComplaint());
    setLookup({ identifierType: 'PHONE', identifier: '' });
    endSession(why);
  };

  const goHome = (msg?: string) => {
    setMessage(msg);
    setScreen({ name: 'home' });
    void refresh();
  };

  /** The complaint form, once the API says the session still holds (so nothing is typed in vain). */
  const openForm = async () => {
    try {
      await api.session();
      setScreen({ name: 'file' });
    } catch (error) {
      if (token.current && error instanceof ApiError) setListError(error.message);
    }
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
            {listError && <p role="alert">{listError}</p>}
            <ComplaintList grievances={grievances} onOpen={(id) => setScreen({ name: 'complaint', id })} />
            {nextCursor && (
              <p>
                <button
                  type="button"
                  class="secondary"
                  disabled={loadingMore}
                  onClick={() => void loadMore()}
                >
                  Load more complaints
                </button>
              </p>
            )}
            <p>
              <button type="button" onClick={() => void openForm()}>
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
