/**
 * The service's icon (a letter on the red of a government office), for the
 * browser tab of the staff console and the citizens' pages. Inlined as a data
 * URI so a page never asks for /favicon.ico, which locally is the API's path
 * (answered 401) and on AWS a miss in the console's bucket.
 */
export const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#a8071a"/>' +
  '<path d="M7 10h18v12H7zM7 10l9 7 9-7" fill="none" stroke="#fff" stroke-width="2" stroke-linejoin="round"/></svg>';

export const ICON_DATA_URI = `data:image/svg+xml,${encodeURIComponent(ICON_SVG)}`;

/** The <link> for a page's head. */
export const ICON_LINK = `<link rel="icon" type="image/svg+xml" href="${ICON_DATA_URI}">`;
