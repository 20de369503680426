// PLACEHOLDER: replaced by the real dialog.
export function CreateZoneDialog(_props: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return null;
}
