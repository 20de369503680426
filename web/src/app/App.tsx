// The route table. Screens load lazily, so the first paint only pays for the screen shown;
// signed-in screens sit inside <RequireAuth>, which opens the live session.
import { type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router';
import { PageSpinner } from './PageSpinner';
import { paths } from './paths';
import { RequireAuth, RequireSignedOut, RequireUnverified } from './RequireAuth';
import { RootRedirect } from './RootRedirect';
import { RouteError } from './RouteError';

import {
  AppShell,
  ChannelScreen,
  DmScreen,
  ForgotPasswordScreen,
  FriendsScreen,
  InviteScreen,
  LoginScreen,
  RegisterScreen,
  ResetPasswordScreen,
  SettingsScreen,
  VerifyEmailScreen,
  ZoneScreen,
  ZoneSettingsScreen,
} from './screens';

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageSpinner />}>{children}</Suspense>;
}

function NotFound() {
  const { pathname } = useLocation();
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-3 bg-chat p-6 text-center text-normal">
      <h1 className="text-2xl font-bold text-heading">Nothing here</h1>
      <p className="text-muted">There is no page at {pathname}.</p>
      <a className="text-link hover:underline" href={paths.home}>
        Go to OpenChat
      </a>
    </div>
  );
}

const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { path: paths.home, element: <RootRedirect /> },
      {
        element: <RequireSignedOut />,
        children: [
          { path: paths.login, element: <Lazy><LoginScreen /></Lazy> },
          { path: paths.register, element: <Lazy><RegisterScreen /></Lazy> },
          { path: paths.forgot, element: <Lazy><ForgotPasswordScreen /></Lazy> },
        ],
      },
      { path: paths.reset, element: <Lazy><ResetPasswordScreen /></Lazy> },
      { path: '/invite/:code', element: <Lazy><InviteScreen /></Lazy> },
      {
        element: <RequireUnverified />,
        children: [{ path: paths.verify, element: <Lazy><VerifyEmailScreen /></Lazy> }],
      },
      {
        element: <RequireAuth />,
        children: [
          { path: '/settings', element: <Navigate to={paths.settings()} replace /> },
          { path: '/settings/:tab', element: <Lazy><SettingsScreen /></Lazy> },
          { path: '/zones/:zoneId/settings', element: <Navigate to="overview" replace /> },
          { path: '/zones/:zoneId/settings/:tab', element: <Lazy><ZoneSettingsScreen /></Lazy> },
          {
            element: <Lazy><AppShell /></Lazy>,
            children: [
              { path: paths.friends, element: <Lazy><FriendsScreen /></Lazy> },
              { path: '/dm/:chatId', element: <Lazy><DmScreen /></Lazy> },
              { path: '/zones/:zoneId', element: <Lazy><ZoneScreen /></Lazy> },
              { path: '/zones/:zoneId/:channelId', element: <Lazy><ChannelScreen /></Lazy> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
