// PLACEHOLDER: replaced by the real screen.
export default function ZoneSettingsScreen() {
  return <div>ZoneSettingsScreen</div>;
}
