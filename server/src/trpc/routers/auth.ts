/**
 * `auth.*`: sign in, sign out, who am I, and the person's language.
 *
 * - `auth.login {email, password}` → the user; sets the `fluxo_session` cookie. Unknown email
 *   and wrong password both answer UNAUTHORIZED (`invalid_credentials`); too many failures
 *   answer TOO_MANY_REQUESTS with `Retry-After`. A session the request already had is ended,
 *   so a login never leaves an older session behind in the same browser.
 * - `auth.logout` → `{ ok: true }`; ends the session if there is one and clears the cookie.
 * - `auth.me` → the user, or `null` when not signed in (not an error: the SPA asks at start).
 * - `auth.setLocale {locale}` → the user; `null` goes back to following the browser.
 */
import { LOCALES } from '@fluxo/shared/i18n/translate';
import { z } from 'zod';
import { publicUserSchema, toPublicUser } from '../../auth/accounts.js';
import { MAX_PASSWORD_LENGTH } from '../../auth/passwords.js';
import { clearSessionCookie, serializeSessionCookie } from '../../auth/sessionCookie.js';
import { publicProcedure, router, staffProcedure } from '../trpc.js';

export const loginInputSchema = z.object({
  email: z.string().max(320),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export const authRouter = router({
  login: publicProcedure
    .input(loginInputSchema)
    .output(publicUserSchema)
    .mutation(async ({ ctx, input }) => {
      const { user, session, token } = await ctx.auth.login({ ...input, ip: ctx.ip });
      if (ctx.session) await ctx.auth.logout(ctx.session);
      ctx.response.setCookie(
        serializeSessionCookie(token, ctx.auth.cookieMaxAgeSeconds(session), { secure: ctx.config.secureCookies }),
      );
      ctx.logger.info('login', { user: user.id, ip: ctx.ip });
      return toPublicUser(user);
    }),

  logout: publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    if (ctx.session) await ctx.auth.logout(ctx.session);
    ctx.response.setCookie(clearSessionCookie({ secure: ctx.config.secureCookies }));
    return { ok: true as const };
  }),

  me: publicProcedure.output(publicUserSchema.nullable()).query(({ ctx }) => (ctx.user ? toPublicUser(ctx.user) : null)),

  setLocale: staffProcedure
    .input(z.object({ locale: z.enum(LOCALES).nullable() }))
    .output(publicUserSchema)
    .mutation(async ({ ctx, input }) => toPublicUser(await ctx.store.users.update(ctx.user.id, { locale: input.locale }))),
});
