/**
 * What an agent actor tells each session (and project, and standalone goal) it takes part in
 * when the agent deregisters: its participation ends — it is no longer a participant,
 * invited, coordinator, lead, member or owner — so a later registration of the same id
 * starts with nothing. The agent area's `presence-news.ts` defines the same shape; this is
 * the receivers' copy until it lands (structurally the same message).
 */
export interface ParticipantGone {
  readonly type: 'participant-gone';
  readonly agentId: string;
  /** Why (`deregistered`, …): kept for the record, it changes nothing. */
  readonly reason: string;
}
