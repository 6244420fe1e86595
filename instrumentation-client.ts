// Runs in the browser before any of the app's own modules (Next.js
// instrumentation-client). Zod 4 probes `new Function("")` when its first
// object schema is built, to decide whether to compile validators; under our
// CSP (no 'unsafe-eval') the probe is refused and reported as a violation,
// and a console full of those hides a real injection. Jitless parsing is
// just as strict, a little slower. e2e/evidence.spec.ts checks that pages
// report no CSP violation.
import { z } from "zod";

z.config({ jitless: true });
