// PLACEHOLDER: replaced by the real screen.
export default function VerifyEmailScreen() {
  return <div>VerifyEmailScreen</div>;
}
