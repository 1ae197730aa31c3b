import { Providers } from './providers.jsx';

export const metadata = { title: 'Jobs' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
