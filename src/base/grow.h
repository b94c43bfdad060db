/* SPDX-License-Identifier: MIT */
/* grow.h — VG_GROW: make an array hold at least `need` elements, doubling its capacity.
 *
 * Scratch arrays of the hot paths are sized at first use and then reused: capacities only
 * grow, geometrically, so a steady stream of scans allocates nothing after warm-up (STYLE:
 * no allocation per detection). On failure the enclosing function returns VG_ENOMEM with
 * the array unchanged, so only functions returning an int error may use it. */
#ifndef VG_GROW_H
#define VG_GROW_H

#include <stdlib.h>

#include "base/err.h"

#define VG_GROW(ptr, cap, need)                                                 \
    do {                                                                       \
        if ((size_t)(need) > (cap)) {                                          \
            size_t nc_ = (cap) ? (cap) : 64;                                    \
            while (nc_ < (size_t)(need))                                        \
                nc_ *= 2;                                                      \
            void *np_ = realloc((ptr), nc_ * sizeof *(ptr));                    \
            if (!np_)                                                          \
                return VG_ENOMEM;                                              \
            (ptr) = np_;                                                       \
            (cap) = nc_;                                                       \
        }                                                                      \
    } while (0)

#endif
