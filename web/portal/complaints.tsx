import { useEffect, useState } from 'preact/hooks';
import { type FormProblem, type Grievance, type GrievanceSummary, toFormProblem } from '../shared/api';
import { formatTime, timeLeft } from '../shared/format';
import { ErrorSummary, ScreenHeading, SelectField, StatusMessage, TextArea, useNow } from '../shared/ui';
import type { CustomerApi } from './customer-api';

/** The list "Your complaints": each opens its page. */
export function ComplaintList(props: {
  grievances: readonly GrievanceSummary[];
  onOpen: (id: string) => void;
}) {
  if (props.grievances.length === 0) return <p>You have not filed a complaint.</p>;
  return (
    <ul class="plain" aria-labelledby="complaints-heading">
      {props.grievances.map((g) => (
        <li key={g.id}>
          <button type="button" class="link" onClick={() => props.onOpen(g.id)}>
            Complaint {g.id}
          </button>
          <br />
          <span class="muted">
            {g.categoryLabel} · {g.statusLabel} · {g.levelName}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Who has it now and by when: "Grievance Desk, answer by …". */
export function Deadline({ g, now }: { g: GrievanceSummary; now: number }) {
  if (g.status !== 'OPEN' || !g.dueAt) return null;
  const left = timeLeft(g.dueAt, now);
  return (
    <>
      <dt>Answer due</dt>
      <dd>
        {formatTime(g.dueAt)} —{' '}
        {left.overdue ? <span class="tag tag-overdue">Overdue</span> : <span>{left.text}</span>}
      </dd>
    </>
  );
}

/** A complaint's page: status, level, time left, the timeline (no staff notes), resolution and feedback. */
export function ComplaintPage(props: {
  api: CustomerApi;
  id: string;
  onBack: () => void;
  onChanged: () => void;
}) {
  const [g, setG] = useState<Grievance>();
  const [loadError, setLoadError] = useState<string>();
  const [message, setMessage] = useState<string>();
  const now = useNow();
  useEffect(() => {
    props.api.getGrievance(props.id).then(setG, (e: Error) => setLoadError(e.message));
  }, [props.id]);

  return (
    <>
      <ScreenHeading>Complaint {props.id}</ScreenHeading>
      <StatusMessage message={message} />
      {loadError && <p role="alert">{loadError}</p>}
      {!g && !loadError && <p>Loading…</p>}
      {g && (
        <>
          <dl class="facts">
            <dt>Status</dt>
            <dd>{g.statusLabel}</dd>
            <dt>With</dt>
            <dd>{g.levelName}</dd>
            <Deadline g={g} now={now} />
            <dt>Category</dt>
            <dd>{g.categoryLabel}</dd>
            {g.serviceOrderId && (
              <>
                <dt>Service order</dt>
                <dd>{g.serviceOrderId}</dd>
              </>
            )}
            <dt>Filed</dt>
            <dd>{formatTime(g.createdAt)}</dd>
          </dl>
          <h2>Your description</h2>
          <p>{g.description}</p>
          {g.resolution && (
            <section class="panel" aria-labelledby="resolution-heading">
              <h2 id="resolution-heading">Resolution</h2>
              <p>{g.resolution.message}</p>
              <p class="muted">{formatTime(g.resolution.at)}</p>
            </section>
          )}
          {g.status === 'RESOLVED' && (
            <Feedback
              api={props.api}
              id={g.id}
              onDone={(next) => {
                setG(next);
                setMessage(
                  next.status === 'CLOSED'
                    ? 'Thank you. Your complaint is closed.'
                    : `Your complaint is open again with the ${next.levelName}.`,
                );
                props.onChanged();
              }}
            />
          )}
          {g.feedback && (
            <p>
              Your feedback: {g.feedback.satisfied ? 'satisfied' : 'not satisfied'}
              {g.feedback.rating ? `, rated ${g.feedback.rating} of 5` : ''}.
            </p>
          )}
          <h2>What has happened</h2>
          <ol class="timeline">
            {[...g.timeline]
              .filter((t) => t.type !== 'NOTE')
              .reverse()
              .map((t) => (
                <li key={`${t.at}-${t.type}`}>
                  <time dateTime={t.at}>{formatTime(t.at)}</time> — <strong>{t.label}</strong>
                  {t.message && <span>: {t.message}</span>}
                </li>
              ))}
          </ol>
        </>
      )}
      <p>
        <button type="button" class="secondary" onClick={props.onBack}>
          Back to your repairs and complaints
        </button>
      </p>
    </>
  );
}

/** "I'm satisfied" / "I'm not satisfied" (which asks for a "Comment"), and an optional rating. */
function Feedback(props: { api: CustomerApi; id: string; onDone: (g: Grievance) => void }) {
  const [rating, setRating] = useState('');
  const [unhappy, setUnhappy] = useState(false);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);

  const send = async (satisfied: boolean) => {
    if (!satisfied && !comment.trim()) {
      setProblem({ fields: { 'feedback-comment': 'Tell us what is still wrong' } });
      return;
    }
    setBusy(true);
    try {
      props.onDone(
        await props.api.feedback(props.id, {
          satisfied,
          ...(rating ? { rating: Number(rating) } : {}),
          ...(!satisfied ? { comment: comment.trim() } : {}),
        }),
      );
    } catch (error) {
      setProblem(toFormProblem(error, { comment: 'feedback-comment', rating: 'feedback-rating' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="feedback-heading">
      <h2 id="feedback-heading">Are you happy with this answer?</h2>
      <ErrorSummary
        problem={problem}
        labels={{ 'feedback-comment': 'Comment', 'feedback-rating': 'Rating' }}
      />
      <SelectField
        id="feedback-rating"
        label="Rating"
        optional
        hint="5 is best."
        value={rating}
        onChange={setRating}
        options={[
          { value: '', label: 'No rating' },
          ...[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: `${n} of 5` })),
        ]}
        error={problem?.fields['feedback-rating']}
      />
      {unhappy ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send(false);
          }}
          noValidate
        >
          <TextArea
            id="feedback-comment"
            label="Comment"
            hint="What is still wrong? Your complaint goes to the next level."
            rows={4}
            value={comment}
            onInput={setComment}
            error={problem?.fields['feedback-comment']}
          />
          <div class="actions">
            <button type="submit" disabled={busy}>
              Send feedback
            </button>
            <button type="button" class="secondary" onClick={() => setUnhappy(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div class="actions">
          <button type="button" disabled={busy} onClick={() => void send(true)}>
            I'm satisfied
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => {
              setUnhappy(true);
              setTimeout(() => document.getElementById('feedback-comment')?.focus(), 0);
            }}
          >
            I'm not satisfied
          </button>
        </div>
      )}
    </section>
  );
}
