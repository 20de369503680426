// PLACEHOLDER: replaced by the real sidebar.
export function ChannelSidebar({ zoneId }: { zoneId: string }) {
  return <div className="flex-1">{zoneId}</div>;
}
