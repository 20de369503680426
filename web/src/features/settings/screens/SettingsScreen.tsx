// PLACEHOLDER: replaced by the real screen.
export default function SettingsScreen() {
  return <div>SettingsScreen</div>;
}
