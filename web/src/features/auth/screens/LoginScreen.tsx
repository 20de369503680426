// PLACEHOLDER: replaced by the real screen.
export default function LoginScreen() {
  return <div>LoginScreen</div>;
}
