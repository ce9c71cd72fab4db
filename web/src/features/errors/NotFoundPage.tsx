import { Link } from 'react-router';
import { usePageTitle } from '../../lib/page-title';

export default function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <main className="not-found" id="main">
      <div className="code">404</div>
      <h1>Page not found</h1>
      <p className="muted">The page you asked for does not exist or has moved.</p>
      <p>
        <Link to="/" className="btn btn-primary">
          Back to overview
        </Link>
      </p>
    </main>
  );
}
