import { useEffect, useState } from 'preact/hooks';
import { type FormProblem, type Grievance, type StaffProfile, toFormProblem } from '../shared/api';
import { formatTime } from '../shared/format';
import { Checkbox, ErrorSummary, ScreenHeading, StatusMessage, TextArea, useNow } from '../shared/ui';
import { Ownership } from './ownership';
import { DueCell } from './queue';
import type { StaffApi } from './staff-api';

/** A grievance with everything, staff notes included; "Reply" with "Resolve" and "Internal note". */
export function GrievanceScreen(props: {
  api: StaffApi;
  id: string;
  level: number;
  /** The caller (GET /staff/me): who may claim, release or take over. */
  me: StaffProfile;
  onBack: () => void;
  /** Opens the service order the grievance is about (read-only for grievance staff). */
  onOpenOrder: (id: string) => void;
}) {
  const [g, setG] = useState<Grievance>();
  const [loadError, setLoadError] = useState<string>();
  const [reply, setReply] = useState('');
  const [resolve, setResolve] = useState(false);
  const [internal, setInternal] = useState(false);
  const [problem, setProblem] = useState<FormProblem>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const now = useNow();

  useEffect(() => {
    props.api.grievance(props.id).then(setG, (e: Error) => setLoadError(e.message));
  }, [props.id]);

  const send = async (e: Event) => {
    e.preventDefault();
    if (!reply.trim()) return setProblem({ fields: { reply: 'Write a reply or a note' } });
    if (resolve && internal)
      return setProblem({ fields: { reply: 'An internal note cannot resolve the grievance: untick one' } });
    setBusy(true);
    try {
      const next = await props.api.respond(props.id, {
        message: reply.trim(),
        ...(resolve ? { resolve: true } : {}),
        ...(internal ? { internal: true } : {}),
      });
      setG(next);
      setReply('');
      setResolve(false);
      setInternal(false);
      setProblem(undefined);
      setMessage(
        internal ? 'Note added.' : resolve ? 'Resolved. The customer has been told.' : 'Reply sent.',
      );
    } catch (error) {
      setProblem(toFormProblem(error, { message: 'reply' }));
    } finally {
      setBusy(false);
    }
  };

  const mayRespond = g && g.status !== 'CLOSED' && g.level <= props.level;
  return (
    <>
      <ScreenHeading>Grievance {props.id}</ScreenHeading>
      <StatusMessage message={message} />
      {loadError && <p role="alert">{loadError}</p>}
      {g && (
        <>
          <dl class="facts">
            <dt>Status</dt>
            <dd>{g.statusLabel}</dd>
            <dt>Level</dt>
            <dd>
              {g.level} · {g.levelName}
            </dd>
            <dt>Due</dt>
            <dd>
              <DueCell g={g} now={now} />
            </dd>
            <dt>Customer</dt>
            <dd>
              {g.customer.name}, {g.customer.phone}
              {g.customer.email ? `, ${g.customer.email}` : ''}
            </dd>
            <dt>Category</dt>
            <dd>{g.categoryLabel}</dd>
            {g.serviceOrderId && (
              <>
                <dt>Service order</dt>
                <dd>
                  <button
                    type="button"
                    class="link"
                    onClick={() => g.serviceOrderId && props.onOpenOrder(g.serviceOrderId)}
                  >
                    Service order {g.serviceOrderId}
                  </button>
                </dd>
              </>
            )}
            <dt>Channel</dt>
            <dd>{g.channel}</dd>
            <dt>Filed</dt>
            <dd>{formatTime(g.createdAt)}</dd>
          </dl>
          <Ownership api={props.api} g={g} me={props.me} onChange={setG} />
          <h2>Description</h2>
          <p>{g.description}</p>
          {g.resolution && (
            <>
              <h2>Resolution</h2>
              <p>{g.resolution.message}</p>
            </>
          )}
          {g.feedback && (
            <p>
              Customer feedback: {g.feedback.satisfied ? 'satisfied' : 'not satisfied'}
              {g.feedback.rating ? `, ${g.feedback.rating} of 5` : ''}
              {g.feedback.comment ? ` — “${g.feedback.comment}”` : ''}
            </p>
          )}
          {mayRespond && (
            <form onSubmit={send} noValidate class="panel">
              <h2>Respond</h2>
              <ErrorSummary problem={problem} labels={{ reply: 'Reply' }} />
              <TextArea
                id="reply"
                label="Reply"
                hint="Sent to the customer by SMS, unless it is an internal note."
                rows={4}
                value={reply}
                onInput={setReply}
                error={problem?.fields.reply}
              />
              <Checkbox id="resolve" label="Resolve" checked={resolve} onChange={setResolve} />
              <Checkbox id="internal" label="Internal note" checked={internal} onChange={setInternal} />
              <button type="submit" disabled={busy}>
                Send
              </button>
            </form>
          )}
          <h2>Timeline</h2>
          <ol class="timeline">
            {[...g.timeline].reverse().map((t) => (
              <li key={`${t.at}-${t.type}`} class={t.type === 'NOTE' ? 'note' : undefined}>
                <time dateTime={t.at}>{formatTime(t.at)}</time> — <strong>{t.label}</strong>
                {t.staffId && <span class="muted"> by {t.staffId}</span>}
                {t.message && <span>: {t.message}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
      <p>
        <button type="button" class="secondary" onClick={props.onBack}>
          Back to the queue
        </button>
      </p>
    </>
  );
}
