// The design the app replaced, as its own process: Express with passport-jwt verifying the Bearer
// token (HS256), the same session-checked query through pg, res.json of the same user object.
import { createSecretKey } from 'node:crypto';
import express from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import pg from 'pg';
import { claimsOf, findUserBySession, toUser } from './baseline-user-query.mjs';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
passport.use(
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: createSecretKey(Buffer.from(process.env.JWT_SECRET ?? '', 'utf8')),
      algorithms: ['HS256'],
    },
    (payload, done) => {
      const claims = claimsOf(payload);
      if (!claims) return done(null, false);
      findUserBySession(pool, claims.userId, claims.sid, new Date()).then(
        (row) => done(null, row ?? false),
        (error) => done(error),
      );
    },
  ),
);

const app = express();
app.use(passport.initialize());
app.get('/api/ready', (_request, response) => response.json({ status: 'ready' }));
app.get('/api/bench/user', passport.authenticate('jwt', { session: false }), (request, response) => {
  response.json(toUser(request.user));
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
