// PLACEHOLDER: replaced by the real screen.
export default function ForgotPasswordScreen() {
  return <div>ForgotPasswordScreen</div>;
}
