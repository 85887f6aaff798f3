// The business app's home is /business/, inside its service worker's scope (/business/): a bare
// /business would be a page no worker of the app's controls.
export const trailingSlash = 'always';
