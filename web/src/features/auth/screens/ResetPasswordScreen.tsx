// PLACEHOLDER: replaced by the real screen.
export default function ResetPasswordScreen() {
  return <div>ResetPasswordScreen</div>;
}
