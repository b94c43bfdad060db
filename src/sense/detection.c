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

static const char *const link_names[VG_LINK_COUNT] = {
    "analog-video", "elrs", "dji-ocusync", "fibre", "autonomous", "none", "other",
};

const char *vg_link_name(int link)
{
    return link >= 0 && link < VG_LINK_COUNT ? link_names[link] : "none";
}

int vg_link_from_name(const char *s)
{
    int k = find_name(link_names, VG_LINK_COUNT, s);
    return k < 0 || k == VG_LINK_NONE ? VG_LINK_OTHER : k;
}

int vg_link_emits(int link)
{
    /* "other" is a named link someone heard: it radiates. */
    return link == VG_LINK_ANALOG_VIDEO || link == VG_LINK_ELRS ||
           link == VG_LINK_DJI_OCUSYNC || link == VG_LINK_OTHER;
}
