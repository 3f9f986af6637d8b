/**
 * What the post office tells its observers: one `posted` event per message it put in an
 * inbox, with the path it came by. Observers (the change watch, the traffic counter) are
 * plain actors that accept this event among their messages; the post office knows
 * nothing else about them.
 */
import type { InboxMessage } from './inbox.js';

/** How a message came to be posted: a tool's path, or a notice from another domain actor. */
export type PostPath = 'send' | 'broadcast' | 'request-assistance' | 'notice';

export interface PostEvent {
  readonly type: 'posted';
  readonly via: PostPath;
  readonly message: InboxMessage;
}
