// Starts Pagefind's search interface on the search page; the bundle is served by the site itself.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  new PagefindUI({ element: "#search", showSubResults: false, showImages: false, resetStyles: false });
  var input = element.querySelector("input");
  if (input) input.setAttribute("aria-label", element.dataset.label);
});
