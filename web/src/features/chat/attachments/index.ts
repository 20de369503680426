// Attachments: the upload queue of the message being written (useUploads, AttachmentTray,
// drop and paste), and how a sent message shows its files (AttachmentList, Lightbox).
export { useUploads, type UploadItem, type Uploads, type UploadState } from './useUploads';
export { AttachmentTray, type AttachmentTrayProps } from './AttachmentTray';
export { useFileDrop, type FileDrop, type FileDropProps } from './useFileDrop';
export { DropOverlay } from './DropOverlay';
export { filesFromPaste } from './paste';
export { AttachmentList, type AttachmentListProps } from './AttachmentList';
export { Lightbox, type LightboxProps } from './Lightbox';
export { attachmentKind, type AttachmentKind } from './kind';
export { MAX_ATTACHMENTS, MAX_UPLOAD_BYTES, screenFiles } from './limits';
export { FileIcon } from './FileIcon';
