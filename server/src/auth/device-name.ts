/**
 * A device's name for the Devices list ("Chrome" on "Android"), read from what it sent at sign-in
 * (its user agent). Parsed here, on the server, so the apps carry no parser.
 */
import Bowser from 'bowser';

export interface DeviceName {
  browser: string | null;
  os: string | null;
}

export function deviceName(userAgent: string): DeviceName {
  const parser = Bowser.getParser(userAgent);
  return { browser: parser.getBrowserName() || null, os: parser.getOSName() || null };
}
