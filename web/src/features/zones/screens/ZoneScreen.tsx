// PLACEHOLDER: replaced by the real screen.
export default function ZoneScreen() {
  return <div>ZoneScreen</div>;
}
