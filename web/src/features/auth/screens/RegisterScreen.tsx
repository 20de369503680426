// PLACEHOLDER: replaced by the real screen.
export default function RegisterScreen() {
  return <div>RegisterScreen</div>;
}
