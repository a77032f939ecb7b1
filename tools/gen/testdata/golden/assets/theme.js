// Sets the page theme before it paints: the reader's choice, kept under the
// same localStorage key as the playground's, or else the system's.
(function () {
  var key = "iamplay.theme";
  var root = document.documentElement;
  var t = null;
  try { t = localStorage.getItem(key); } catch (e) { /* storage may be off */ }
  if (t !== "light" && t !== "dark") {
    t = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  root.setAttribute("data-theme", t);
  document.addEventListener("DOMContentLoaded", function () {
    var b = document.getElementById("theme");
    if (!b) return;
    b.addEventListener("click", function () {
      var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(key, next); } catch (e) { /* ignore */ }
    });
  });
})();
