/* SPDX-License-Identifier: MIT */
/* cop_files.c — the page's files, embedded at build time (CMakeLists.txt, cmake/embed.cmake):
 * web/ and Debian's Leaflet (libjs-leaflet), so the page works where there is no internet
 * and nothing is fetched from a CDN. Leaflet's CSS refers to its images as images/NAME,
 * relative to /leaflet/leaflet.css. */
#include <string.h>

#include "publish/cop_internal.h"

#define EMBEDDED(sym)                                                                    \
    extern const unsigned char sym[];                                                    \
    extern const size_t sym##_len;
EMBEDDED(vg_web_index_html)
EMBEDDED(vg_web_cop_js)
EMBEDDED(vg_web_cop_css)
EMBEDDED(vg_web_leaflet_js)
EMBEDDED(vg_web_leaflet_css)
EMBEDDED(vg_web_layers_png)
EMBEDDED(vg_web_layers_2x_png)
EMBEDDED(vg_web_marker_icon_png)
EMBEDDED(vg_web_marker_icon_2x_png)
EMBEDDED(vg_web_marker_shadow_png)
#undef EMBEDDED

static const struct vg__cop_file files[] = {
    {"/", "text/html; charset=utf-8", vg_web_index_html, &vg_web_index_html_len},
    {"/index.html", "text/html; charset=utf-8", vg_web_index_html, &vg_web_index_html_len},
    {"/cop.js", "text/javascript; charset=utf-8", vg_web_cop_js, &vg_web_cop_js_len},
    {"/cop.css", "text/css; charset=utf-8", vg_web_cop_css, &vg_web_cop_css_len},
    {"/leaflet/leaflet.js", "text/javascript; charset=utf-8", vg_web_leaflet_js,
     &vg_web_leaflet_js_len},
    {"/leaflet/leaflet.css", "text/css; charset=utf-8", vg_web_leaflet_css,
     &vg_web_leaflet_css_len},
    {"/leaflet/images/layers.png", "image/png", vg_web_layers_png, &vg_web_layers_png_len},
    {"/leaflet/images/layers-2x.png", "image/png", vg_web_layers_2x_png,
     &vg_web_layers_2x_png_len},
    {"/leaflet/images/marker-icon.png", "image/png", vg_web_marker_icon_png,
     &vg_web_marker_icon_png_len},
    {"/leaflet/images/marker-icon-2x.png", "image/png", vg_web_marker_icon_2x_png,
     &vg_web_marker_icon_2x_png_len},
    {"/leaflet/images/marker-shadow.png", "image/png", vg_web_marker_shadow_png,
     &vg_web_marker_shadow_png_len},
};

const struct vg__cop_file *vg__cop_file_find(const char *path)
{
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if (!strcmp(files[i].path, path))
            return &files[i];
    return NULL;
}
