// PLACEHOLDER: replaced by the real screen.
export default function DmScreen() {
  return <div>DmScreen</div>;
}
