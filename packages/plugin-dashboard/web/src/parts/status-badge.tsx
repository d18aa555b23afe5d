/** A plugin's or the bot's status, as a coloured word. */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{status}</span>
}
