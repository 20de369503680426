// PLACEHOLDER: replaced by the real screen.
export default function ChannelScreen() {
  return <div>ChannelScreen</div>;
}
