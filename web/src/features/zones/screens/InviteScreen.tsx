// PLACEHOLDER: replaced by the real screen.
export default function InviteScreen() {
  return <div>InviteScreen</div>;
}
