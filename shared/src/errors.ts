/** The error codes the API answers with; the web maps each one to a human message. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Messages the server sends verbatim; the web shows them as they are. */
export const AUTH_MESSAGES = {
  registered: 'User registered successfully',
  loggedIn: 'User logged in successfully',
  userExists: 'User already exists',
  invalidCredentials: 'Email/password not found',
  notAuthenticated: 'Not authenticated',
  sessionExpired: 'Your session has expired. Please sign in again.',
  tooManyAttempts: 'Too many attempts. Please try again later.',
  originRefused: 'Request origin not allowed',
  wrongPassword: 'Current password is incorrect',
} as const;
