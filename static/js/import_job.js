/* The progress page of an import reloads itself while its job runs. Without this file the
   page has an "Actualizar" link that does the same. */
(function () {
  "use strict";
  var running = document.querySelector("[data-refresh-seconds]");
  if (!running) {
    return;
  }
  var seconds = parseInt(running.getAttribute("data-refresh-seconds"), 10) || 3;
  window.setTimeout(function () {
    window.location.reload();
  }, seconds * 1000);
})();
