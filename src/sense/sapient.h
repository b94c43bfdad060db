/* SPDX-License-Identifier: MIT */
/* sapient.h — the SAPIENT (BSI Flex 335 v2.0) decoder: a fusion node's side of a SAPIENT TCP
 * connection, and a simulated node's side for `vigil sim --live`.
 *
 * Units are SapientMessages, each after a 4-byte little-endian length (VG_FRAMING_LEN32LE).
 * Use it through vg_decoder_find("sapient") (decoder.h); formats.md's SAPIENT section says
 * which messages are understood and how they become detections. */
#ifndef VG_SENSE_SAPIENT_H
#define VG_SENSE_SAPIENT_H

#include "sense/decoder.h"

/* Largest SapientMessage accepted, bytes. Detection and status reports are hundreds of bytes
 * and a rich Registration a few kilobytes; 1 MiB leaves room for an Error quoting a packet. */
#define VG_SAPIENT_UNIT_MAX ((size_t)1 << 20)

extern const struct vg_decoder_ops vg_decoder_sapient;

#endif
