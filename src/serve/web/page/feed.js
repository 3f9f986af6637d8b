/**
 * The page's feed: follows `/inspector/events` (every view at once, the data `troupe inspect
 * --json` reads, pushed by the server at once, on every change it hears of and every second)
 * and hands each snapshot on. The stream is read with `fetch` rather than `EventSource`,
 * which cannot send the bearer token. The token, when the server wants one, is read from the
 * page address's `#token=` (never sent to a server by the browser) and kept for the tab; so
 * are `#agent=` and `#agent_token=`, to read as that agent (the workflow runs it started).
 * A stream that fails or ends is shown on the connection line and followed again after
 * `RETRY_MS`.
 */

const KEPT = ['token', 'agent', 'agent_token'];

const RETRY_MS = 1_000;

/** The credentials of the address's fragment (kept for the tab, then taken off the address). */
function credentialsFromAddress() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const found = KEPT.filter((name) => fragment.has(name));
  for (const name of found) sessionStorage.setItem(`troupe-${name}`, fragment.get(name));
  if (found.length > 0) history.replaceState(null, '', location.pathname + location.search);
  return new Map(KEPT.map((name) => [name, sessionStorage.getItem(`troupe-${name}`)]));
}

/** What an answer that is not a snapshot means, for the connection line. */
function troubleOf(answer) {
  return answer.status === 401
    ? 'this server needs its token: open the page as /#token=<token>'
    : `the server answered ${answer.status}`;
}

/** The events of a `text/event-stream` body, as `{ event, data }`, until it ends. */
async function* eventsOf(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0) yield { event, data: JSON.parse(data.join('\n')) };
    }
  }
}

/** Follow until the page goes; `onSnapshot(snapshot)` per snapshot, `onTrouble(text)` per failure. */
export function startFeed(onSnapshot, onTrouble) {
  const kept = credentialsFromAddress();
  const headers = {};
  if (kept.get('token')) headers.authorization = `Bearer ${kept.get('token')}`;
  if (kept.get('agent')) headers['x-troupe-agent'] = kept.get('agent');
  if (kept.get('agent_token')) headers['x-troupe-agent-token'] = kept.get('agent_token');

  const follow = async () => {
    try {
      const answer = await fetch('/inspector/events', { headers, cache: 'no-store' });
      if (!answer.ok || !answer.body) onTrouble(troubleOf(answer));
      else {
        for await (const { event, data } of eventsOf(answer.body)) {
          if (event === 'snapshot') onSnapshot(data);
          else if (event === 'trouble') onTrouble(`troupe cannot be read (${data.reason})`);
        }
        onTrouble('troupe closed the stream');
      }
    } catch (error) {
      onTrouble(`troupe does not answer (${error.message})`);
    }
    setTimeout(follow, RETRY_MS);
  };
  void follow();
}
