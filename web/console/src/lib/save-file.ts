/**
 * Saves a file the API answered: the API needs the bearer token, so the
 * console fetches the bytes itself and hands them to the browser's save
 * dialog through a short-lived blob URL.
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; the blob can go once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Opens a page the API answered (a letter to print) in a new window, and asks it to print once loaded. */
export function printPage(html: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const view = window.open(url, '_blank');
  view?.addEventListener('load', () => view.print(), { once: true });
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
