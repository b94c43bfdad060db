/* SPDX-License-Identifier: MIT */
/* sort.h — the qsort comparators more than one stage needs. */
#ifndef VG_SORT_H
#define VG_SORT_H

/* Ascending doubles (NaNs compare equal to everything: keep them out). */
static inline int vg_cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

#endif
