/** Key patterns of the inbox maps; internal to the inbox modules (not part of the package API). */
export const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
export const chatLabelKey = /^([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})$/;
