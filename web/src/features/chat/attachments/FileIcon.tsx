// The icon that stands for a file by its type (lists and the upload tray).
import { File, FileArchive, FileAudio, FileImage, FileText, FileVideo } from 'lucide-react';
import { cn } from '@/components/ui';

export function FileIcon({ contentType, className }: { contentType: string; className?: string }) {
  const Icon = contentType.startsWith('image/')
    ? FileImage
    : contentType.startsWith('video/')
      ? FileVideo
      : contentType.startsWith('audio/')
        ? FileAudio
        : contentType === 'application/zip'
          ? FileArchive
          : contentType.startsWith('text/') || contentType === 'application/pdf'
            ? FileText
            : File;
  return <Icon aria-hidden="true" className={cn('shrink-0 text-muted', className)} />;
}
