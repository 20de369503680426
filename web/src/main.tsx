// Entry point: the theme first (no flash of the wrong colours), then the app.
import '@/styles/theme.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Toaster, TooltipProvider } from '@/components/ui';
import { queryClient } from '@/app/api';
import { App } from '@/app/App';
import { applyTheme, themeStore } from '@/app/theme';

applyTheme(themeStore.getState().theme);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TooltipProvider>
        <App />
        <Toaster />
      </TooltipProvider>
    </QueryClientProvider>
  </StrictMode>,
);
