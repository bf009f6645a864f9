/* Point the widget manager's AMD module at the folder it is served from.
 *
 * embed-amd.js (webpack) loads its icon fonts from the directory of its AMD module
 * "@jupyter-widgets/html-manager/dist/libembed-amd". Without this mapping require.js places that
 * module beside the page (chapters/@jupyter-widgets/...), and the font requests fail.
 * Loaded after require.js and before embed-amd.js (see nb_ipywidgets_js in _config.yml).
 */
(function () {
  var root = document.documentElement.getAttribute("data-content_root") || "./";
  require.config({
    paths: { "@jupyter-widgets/html-manager/dist": root + "_static/jupyter-widgets/html-manager" },
  });
})();
