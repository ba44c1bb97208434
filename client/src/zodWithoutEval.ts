/**
 * Zod without `new Function`, for the browser. Zod 4 compiles object parsers with `new Function`
 * when the page allows it, and finds out by trying once. Under our Content-Security-Policy
 * (`script-src 'self'`, no `'unsafe-eval'`) the try is refused, and the browser reports it as a
 * `securitypolicyviolation` (and logs an error) on every page load — noise that would hide a real
 * violation, such as markup that got through and was stopped only by the CSP. `jitless` skips the
 * probe and the compiled path; parsing gives the same results. Each entry point (`main.tsx`,
 * `share/main.tsx`) imports this module first, before anything parses.
 */
import { config } from 'zod';

config({ jitless: true });
