/**
 * The sign-in code straight from the SMS where the browser has the WebOTP API (Chrome on
 * Android): the SMS ends with `@host #code`, which binds it to this origin, and the browser asks
 * the person before handing it over. Null where there is no WebOTP, on refusal or when aborted —
 * typing the code always works.
 */
export async function receiveSmsCode(signal: AbortSignal): Promise<string | null> {
  if (typeof window === 'undefined' || !('OTPCredential' in window)) return null;
  try {
    // `otp` is not in TypeScript's DOM types yet.
    const options = { otp: { transport: ['sms'] }, signal } as CredentialRequestOptions;
    const credential = (await navigator.credentials.get(options)) as { code?: unknown } | null;
    const code = credential?.code;
    return typeof code === 'string' && /^\d{6}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}
