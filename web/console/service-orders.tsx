import { useEffect, useState } from 'preact/hooks';
import { STATUS_TEXT } from '../../lambdas/domain/service-order';
import { TRANSITIONS } from '../../lambdas/domain/service-order-rules';
import { DeviceFacts, RepairProgress, ServiceOrderTimeline } from '../portal/orders';
import { type FormProblem, type ServiceOrder, toFormProblem } from '../shared/api';
import { localInputToIso } from '../shared/format';
import { ErrorSummary, ScreenHeading, StatusMessage, TextArea, TextField } from '../shared/ui';
import type { StaffApi } from './staff-api';

type Found = Awaited<ReturnType<StaffApi['searchOrders']>>[number];

/** Service orders: a search by id, phone, IMEI or serial; "New service order" for those who may create. */
export function OrdersScreen(props: {
  api: StaffApi;
  canChange: boolean;
  onOpen: (id: string) => void;
  onNew: () => void;
}) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[]>();
  const [problem, setProblem] = useState<FormProblem>();
  const [message, setMessage] = useState<string>();

  const search = async (e: Event) => {
    e.preventDefault();
    if (!q.trim())
      return setProblem({
        fields: { 'order-search': 'Enter an order id, mobile number, IMEI or serial number' },
      });
    try {
      const items = await props.api.searchOrders(q.trim());
      setFound(items);
      setProblem(undefined);
      setMessage(items.length ? `${items.length} found.` : `Nothing found for ${q.trim()}.`);
    } catch (error) {
      setProblem(toFormProblem(error, { q: 'order-search' }));
    }
  };

  return (
    <>
      <ScreenHeading>Service orders</ScreenHeading>
      <StatusMessage message={message} />
      <ErrorSummary problem={problem} labels={{ 'order-search': 'Find a service order' }} />
      {props.canChange && (
        <p>
          <button type="button" onClick={props.onNew}>
            New service order
          </button>
        </p>
      )}
      <search aria-label="Service orders">
        <form onSubmit={search} class="filters">
          <TextField
            id="order-search"
            label="Find a service order"
            hint="Order id, mobile number, IMEI or serial number"
            type="search"
            spellcheck={false}
            value={q}
            onInput={setQ}
            error={problem?.fields['order-search']}
          />
          <div class="field">
            <button type="submit">Find</button>
          </div>
        </form>
      </search>
      {found && found.length > 0 && (
        <ul class="plain" aria-label="Service orders found">
          {found.map((o) => (
            <li key={o.id}>
              <button type="button" class="link" onClick={() => props.onOpen(o.id)}>
                {o.id}
              </button>{' '}
              <span class="muted">
                {o.statusLabel} · {o.device.model} · {o.customer.name}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const FIELDS: Record<string, string> = {
  'customer.name': 'so-name',
  'customer.phone': 'so-phone',
  'device.model': 'so-model',
  'device.imei': 'so-imei',
  'device.serialNumber': 'so-serial',
  issue: 'so-issue',
  serviceCentre: 'so-centre',
  estimatedReadyAt: 'so-ready',
};
const LABELS: Record<string, string> = {
  'so-name': 'Customer name',
  'so-phone': 'Mobile number',
  'so-model': 'Device model',
  'so-imei': 'IMEI',
  'so-serial': 'Serial number',
  'so-issue': 'Issue',
  'so-centre': 'Service centre',
  'so-ready': 'Estimated ready time',
};

/** The "New service order" form; "Create". */
export function NewOrderScreen(props: {
  api: StaffApi;
  onCreated: (o: ServiceOrder) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);
  const value = (id: string) => v[id] ?? '';
  const field = (id: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      id={id}
      label={LABELS[id] ?? id}
      value={value(id)}
      onInput={(x) => setV({ ...v, [id]: x })}
      error={problem?.fields[id]}
      autoComplete="off"
      {...extra}
    />
  );

  const create = async (e: Event) => {
    e.preventDefault();
    const required = ['so-name', 'so-phone', 'so-model', 'so-issue', 'so-centre'];
    const missing = Object.fromEntries(
      required.filter((id) => !value(id).trim()).map((id) => [id, `Enter the ${LABELS[id]?.toLowerCase()}`]),
    );
    if (Object.keys(missing).length) return setProblem({ fields: missing });
    const ready = localInputToIso(value('so-ready'));
    setBusy(true);
    try {
      const order = await props.api.createOrder({
        customer: { name: value('so-name').trim(), phone: value('so-phone').trim() },
        device: {
          model: value('so-model').trim(),
          ...(value('so-imei').trim() ? { imei: value('so-imei').trim() } : {}),
          ...(value('so-serial').trim() ? { serialNumber: value('so-serial').trim() } : {}),
        },
        issue: value('so-issue').trim(),
        serviceCentre: value('so-centre').trim(),
        ...(ready ? { estimatedReadyAt: ready } : {}),
      });
      props.onCreated(order);
    } catch (error) {
      setProblem(toFormProblem(error, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenHeading>New service order</ScreenHeading>
      <ErrorSummary problem={problem} labels={LABELS} />
      <form onSubmit={create} noValidate>
        {field('so-name')}
        {field('so-phone', { type: 'tel', hint: '10-digit mobile number, like 9876543210', width: 'medium' })}
        {field('so-model')}
        {field('so-imei', {
          optional: true,
          inputMode: 'numeric',
          hint: '15 digits',
          width: 'medium',
          spellcheck: false,
        })}
        {field('so-serial', { optional: true, width: 'medium', spellcheck: false })}
        <TextArea
          id="so-issue"
          label="Issue"
          rows={3}
          value={value('so-issue')}
          onInput={(x) => setV({ ...v, 'so-issue': x })}
          error={problem?.fields['so-issue']}
        />
        {field('so-centre')}
        {field('so-ready', { type: 'datetime-local', optional: true, width: 'medium' })}
        <div class="actions">
          <button type="submit" disabled={busy}>
            Create
          </button>
          <button type="button" class="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </>
  );
}

/** An order: one button per allowed next status, named by its label, and a "Note" box. */
export function OrderScreen(props: {
  api: StaffApi;
  id: string;
  canChange: boolean;
  created?: boolean;
  onBack: () => void;
}) {
  const [order, setOrder] = useState<ServiceOrder>();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<FormProblem>();
  const [message, setMessage] = useState<string | undefined>(
    props.created ? 'Service order created. The customer has been sent an SMS.' : undefined,
  );
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    props.api.order(props.id).then(setOrder, (e) => setProblem(toFormProblem(e)));
  }, [props.id]);

  const move = async (status: ServiceOrder['status']) => {
    setBusy(true);
    try {
      const next = await props.api.changeStatus(props.id, status, note.trim() || undefined);
      setOrder(next);
      setNote('');
      setProblem(undefined);
      setMessage(`Status changed to ${next.statusLabel}. The customer has been sent an SMS.`);
    } catch (error) {
      setProblem(toFormProblem(error, { note: 'so-note' }));
    } finally {
      setBusy(false);
    }
  };

  const next = order ? TRANSITIONS[order.status] : [];
  return (
    <>
      <ScreenHeading>Service order {props.id}</ScreenHeading>
      <StatusMessage message={message} />
      <ErrorSummary problem={problem} labels={{ 'so-note': 'Note' }} />
      {order && (
        <>
          <p>
            <strong>{order.statusLabel}</strong> — {order.customer.name}, {order.customer.phone}
          </p>
          <DeviceFacts order={order} masked={false} />
          <RepairProgress order={order} />
          {props.canChange && next.length > 0 && (
            <section class="panel" aria-labelledby="change-heading">
              <h2 id="change-heading">Change the status</h2>
              <TextArea
                id="so-note"
                label="Note"
                optional
                hint="Sent to the customer with the new status."
                rows={2}
                value={note}
                onInput={setNote}
                error={problem?.fields['so-note']}
              />
              <div class="actions">
                {next.map((s) => (
                  <button
                    key={s}
                    type="button"
                    class={s === 'CANCELLED' ? 'danger' : undefined}
                    disabled={busy}
                    onClick={() => void move(s)}
                  >
                    {STATUS_TEXT[s].label}
                  </button>
                ))}
              </div>
            </section>
          )}
          <h2>History</h2>
          <ServiceOrderTimeline order={order} staff />
        </>
      )}
      <p>
        <button type="button" class="secondary" onClick={props.onBack}>
          Back to service orders
        </button>
      </p>
    </>
  );
}
