// PLACEHOLDER: replaced by the real panel.
export function UserPanel() {
  return null;
}
