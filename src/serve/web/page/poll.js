/**
 * The page's feed: polls `/inspector/state` (every view at once, the data `troupe inspect
 * --json` reads) and hands each snapshot on. The bearer token, when the server wants one, is
 * read from the page address's `#token=` (never sent to a server by the browser) and kept for
 * the tab; so are `#agent=` and `#agent_token=`, to read as that agent (the workflow runs it
 * started). A poll that fails is shown on the connection line; polling goes on.
 */

const KEPT = ['token', 'agent', 'agent_token'];

const EVERY_MS = 500;

/** The credentials of the address's fragment (kept for the tab, then taken off the address). */
function credentialsFromAddress() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const found = KEPT.filter((name) => fragment.has(name));
  for (const name of found) sessionStorage.setItem(`troupe-${name}`, fragment.get(name));
  if (found.length > 0) history.replaceState(null, '', location.pathname + location.search);
  return new Map(KEPT.map((name) => [name, sessionStorage.getItem(`troupe-${name}`)]));
}

/** Poll until the page goes; `onSnapshot(snapshot)` per answer, `onTrouble(text)` per failure. */
export function startPolling(onSnapshot, onTrouble) {
  const kept = credentialsFromAddress();
  const headers = {};
  if (kept.get('token')) headers.authorization = `Bearer ${kept.get('token')}`;
  if (kept.get('agent')) headers['x-troupe-agent'] = kept.get('agent');
  if (kept.get('agent_token')) headers['x-troupe-agent-token'] = kept.get('agent_token');
  const once = async () => {
    try {
      const answer = await fetch('/inspector/state', { headers, cache: 'no-store' });
      if (answer.status === 401) onTrouble('this server needs its token: open the page as /#token=<token>');
      else if (!answer.ok) onTrouble(`the server answered ${answer.status}`);
      else onSnapshot(await answer.json());
    } catch (error) {
      onTrouble(`troupe does not answer (${error.message})`);
    }
  };
  const loop = async () => {
    if (!document.hidden) await once();
    setTimeout(loop, EVERY_MS);
  };
  void loop();
}
