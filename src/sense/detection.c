/* SPDX-License-Identifier: MIT */
/* detection.c — names of detection kinds and classes, as spelled in formats.md. */
#include "sense/detection.h"

#include <string.h>

static const char *const kind_names[VG_DET_KIND_COUNT] = {
    "xyz", "polar", "bearing", "adsb", "remoteid", "scan",
};

static const char *const class_names[VG_CLASS_COUNT] = {
    "unknown", "drone", "bird", "aircraft", "person", "vehicle",
};

const char *vg_det_kind_name(enum vg_det_kind k)
{
    return (unsigned)k < VG_DET_KIND_COUNT ? kind_names[k] : "?";
}

const char *vg_class_name(enum vg_class c)
{
    return (unsigned)c < VG_CLASS_COUNT ? class_names[c] : "?";
}

static int find_name(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

int vg_det_kind_from_name(const char *s)
{
    return find_name(kind_names, VG_DET_KIND_COUNT, s);
}

int vg_class_from_name(const char *s)
{
    return find_name(class_names, VG_CLASS_COUNT, s);
}
