export { cn, mergeRefs, type ClassValue } from './cn';
export { Spinner, type SpinnerProps, type SpinnerSize } from './Spinner';
export { Button, type ButtonProps, type ButtonSize, type ButtonVariant } from './Button';
export { FieldChrome, useFieldIds, type FieldChromeProps } from './Field';
export { TextField, type TextFieldProps } from './TextField';
export { TextArea, autoGrow, type TextAreaProps } from './TextArea';
export { StatusDot, DEFAULT_STATUS_LABELS, type Status, type StatusDotProps } from './StatusDot';
export { Avatar, AVATAR_COLOURS, avatarColour, initialsOf, type AvatarProps, type AvatarSize } from './Avatar';
export { Badge, MAX_BADGE_COUNT, badgeText, defaultBadgeLabel, type BadgeProps, type BadgeVariant } from './Badge';
export { Dialog, DialogClose, type DialogProps, type DialogSize } from './Dialog';
export { ConfirmDialog, useConfirm, type ConfirmDialogProps, type ConfirmOptions } from './ConfirmDialog';
export { Tooltip, TooltipProvider, type TooltipProps } from './Tooltip';
export { Menu, MenuItem, MenuLabel, MenuSeparator, type MenuItemProps, type MenuProps } from './Menu';
export {
  toast,
  toastStore,
  useToasts,
  DEFAULT_TOAST_DURATION,
  ERROR_TOAST_DURATION,
  MAX_TOASTS,
  type Toast,
  type ToastKind,
  type ToastOptions,
  type ToastState,
} from './toast';
export { Toaster, type ToasterProps } from './Toaster';
