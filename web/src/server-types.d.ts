// The API's types come from the server's source (`import type { AppRouter }`). The server declares
// request.cookies and reply.setCookie through @fastify/cookie's type augmentation, which its router
// does not import itself; load it here so the web type-checks that code the same way. Types only.
import type {} from '@fastify/cookie';
