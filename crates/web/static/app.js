// Progressive enhancement only: every page works without this file.
// Copies an API token to the clipboard when the browser allows it.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button || !navigator.clipboard) return;
  const source = document.getElementById(button.getAttribute("data-copy"));
  if (source) {
    navigator.clipboard.writeText(source.textContent.trim()).then(() => {
      button.setAttribute("aria-live", "polite");
      button.textContent = button.getAttribute("data-copied") || button.textContent;
    });
  }
});
