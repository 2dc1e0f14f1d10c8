import { useRef, useState, type FormEvent } from 'react';
import { ConfirmButton, Empty, ErrorNote, Field, fieldError, Loading } from '../../components/ui';
import { useChannels, useDeleteChannel, useSaveChannel, useTestChannel, type Channel, type ChannelKind } from './alerts';

const KINDS: Record<ChannelKind, { label: string; url: string; token: string; tokenHint: string }> = {
  ntfy: { label: 'ntfy', url: 'Topic address, such as http://ntfy.lan/budget', token: 'Access token', tokenHint: 'Only if the topic is protected.' },
  gotify: { label: 'Gotify', url: 'Server address, such as http://gotify.lan', token: 'Application token', tokenHint: 'From the Apps tab of Gotify.' },
  webhook: { label: 'Webhook', url: 'Address to POST to', token: 'Signing key', tokenHint: 'Optional: signs each body (X-Budget-Signature, HMAC-SHA256).' },
};

/** The Account screen's list of where alerts are pushed: add, edit, delete, send a test. */
export function NotificationChannels() {
  const channels = useChannels();
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  return (
    <section className="card" aria-labelledby="channels-heading">
      <div className="heading-row">
        <h2 id="channels-heading">Notifications</h2>
        {editing === null && <button type="button" onClick={() => setEditing('new')}>Add channel</button>}
      </div>
      <p className="hint">
        Alerts can be pushed to an ntfy topic, a Gotify server or a webhook, including ones on your home network
        (http or https addresses, without a password in them).
      </p>
      {editing !== null && <ChannelForm channel={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {channels.isPending ? (
        <Loading what="channels" />
      ) : channels.isError ? (
        <ErrorNote error={channels.error} />
      ) : channels.data.length === 0 ? (
        <Empty title="No channels yet" />
      ) : (
        <ul className="list">
          {channels.data.map((channel) => (
            <ChannelItem key={channel.id} channel={channel} onEdit={() => setEditing(channel)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ChannelItem({ channel, onEdit }: { channel: Channel; onEdit: () => void }) {
  const remove = useDeleteChannel();
  const test = useTestChannel();
  return (
    <li className="channel">
      <div className="row">
        <strong className="grow">{channel.name}</strong>
        <span className="badge">{KINDS[channel.kind].label}</span>
        {!channel.enabled && <span className="badge">off</span>}
      </div>
      <p className="hint channel-url">{channel.url}</p>
      <p className="small" role="status">
        {channel.lastError
          ? <span className="error">Last delivery failed: {channel.lastError}{channel.lastErrorAt ? ` at ${new Date(channel.lastErrorAt).toLocaleString()}` : ''}</span>
          : channel.lastDeliveredAt
            ? `Last delivered ${new Date(channel.lastDeliveredAt).toLocaleString()}`
            : 'Nothing sent yet.'}
        {test.isSuccess && ' Test message queued.'}
      </p>
      <ErrorNote error={test.error ?? remove.error} />
      <div className="actions">
        <button type="button" onClick={() => test.mutate(channel.id)} disabled={test.isPending}>Send test</button>
        <button type="button" onClick={onEdit}>Edit</button>
        <ConfirmButton label="Delete" question={`Delete ${channel.name}?`} onConfirm={() => remove.mutate(channel.id)} disabled={remove.isPending} />
      </div>
    </li>
  );
}

function ChannelForm({ channel, onDone }: { channel: Channel | null; onDone: () => void }) {
  const save = useSaveChannel();
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? 'ntfy');
  const [name, setName] = useState(channel?.name ?? '');
  const [url, setUrl] = useState(channel?.url ?? '');
  // The stored token is never sent back: blank keeps it, unless the user removes it.
  const [token, setToken] = useState('');
  const [removeToken, setRemoveToken] = useState(false);
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [version] = useState(channel?.version);
  // A create's Idempotency-Key belongs to the body it was sent with: an unchanged retry after a lost answer reuses it
  // (the same channel, not a second one); a changed body is another request to the API (which answers 409 to a key
  // reused with a different body), so it gets a new key.
  const sent = useRef<{ key: string; body: string } | null>(null);
  const texts = KINDS[kind];

  function keyFor(body: unknown): string {
    const json = JSON.stringify(body);
    if (sent.current?.body !== json) sent.current = { key: crypto.randomUUID(), body: json };
    return sent.current.key;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const tokenField = removeToken ? { token: '' } : token.length > 0 ? { token } : {};
    const body = { kind, name, url, enabled, ...tokenField, ...(channel ? { version } : {}) };
    save.mutate({ ...(channel ? { id: channel.id } : {}), body, key: keyFor(body) }, { onSuccess: onDone });
  }

  return (
    <form onSubmit={submit} noValidate className="channel-form">
      <h3>{channel ? `Edit ${channel.name}` : 'New channel'}</h3>
      <Field label="Service" name="kind" error={fieldError(save.error, 'kind')}>
        {(props) => (
          <select {...props} value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>
            <option value="ntfy">ntfy</option>
            <option value="gotify">Gotify</option>
            <option value="webhook">Webhook</option>
          </select>
        )}
      </Field>
      <Field label="Name" name="name" error={fieldError(save.error, 'name')}>
        {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} placeholder="My phone" />}
      </Field>
      <Field label={texts.url} name="url" error={fieldError(save.error, 'url')}>
        {(props) => <input {...props} type="url" inputMode="url" value={url} onChange={(e) => setUrl(e.target.value)} />}
      </Field>
      <Field
        label={texts.token}
        name="token"
        error={fieldError(save.error, 'token')}
        hint={channel?.tokenHint ? `Stored (ends ${channel.tokenHint}); leave blank to keep it.` : texts.tokenHint}
      >
        {(props) => <input {...props} type="password" autoComplete="off" value={token} disabled={removeToken} onChange={(e) => setToken(e.target.value)} />}
      </Field>
      {channel?.tokenHint && (
        <label className="row">
          <input type="checkbox" checked={removeToken} onChange={(e) => setRemoveToken(e.target.checked)} /> Remove the stored {texts.token.toLowerCase()}
        </label>
      )}
      <label className="row">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Send alerts here
      </label>
      <ErrorNote error={save.error} shown={['kind', 'name', 'url', 'token']} />
      <div className="actions">
        <button className="primary" type="submit" disabled={save.isPending}>Save channel</button>
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
