// Dropping files onto the conversation: handlers for the drop zone and a `dragging` flag for
// the "Drop files to upload" overlay. Only drags that carry files count (not selected text).
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';

export interface FileDropProps {
  onDragEnter(e: DragEvent): void;
  onDragOver(e: DragEvent): void;
  onDragLeave(e: DragEvent): void;
  onDrop(e: DragEvent): void;
}

export interface FileDrop {
  dragging: boolean;
  /** Spread on the element that accepts drops. */
  dropProps: FileDropProps;
}

function carriesFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

export function useFileDrop(onFiles: (files: File[]) => void): FileDrop {
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them to know when the pointer left.
  const depth = useRef(0);
  const onFilesRef = useRef(onFiles);
  onFilesRef.current = onFiles;

  const reset = useCallback(() => {
    depth.current = 0;
    setDragging(false);
  }, []);

  // A drag cancelled with Escape, or dropped elsewhere, never sends dragleave to us.
  useEffect(() => {
    if (!dragging) return;
    window.addEventListener('dragend', reset);
    window.addEventListener('drop', reset);
    return () => {
      window.removeEventListener('dragend', reset);
      window.removeEventListener('drop', reset);
    };
  }, [dragging, reset]);

  const dropProps = useMemo<FileDropProps>(
    () => ({
      onDragEnter(e) {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setDragging(true);
      },
      onDragOver(e) {
        if (!carriesFiles(e)) return;
        e.preventDefault(); // allows the drop
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave(e) {
        if (!carriesFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      },
      onDrop(e) {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        reset();
        const files = Array.from(e.dataTransfer?.files ?? []);
        if (files.length > 0) onFilesRef.current(files);
      },
    }),
    [reset],
  );

  return { dragging, dropProps };
}
