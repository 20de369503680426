// PLACEHOLDER: replaced by the real screen.
export default function FriendsScreen() {
  return <div>FriendsScreen</div>;
}
