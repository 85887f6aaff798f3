// A client-only SPA: the server serves the static shell, the device holds the data.
export const ssr = false;
export const prerender = false;
