// PLACEHOLDER: replaced by the real sidebar.
export function DmSidebar() {
  return <div className="flex-1" />;
}
