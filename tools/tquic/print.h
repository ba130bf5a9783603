/* SPDX-License-Identifier: GPL-2.0 */
#ifndef TQUIC_TOOL_PRINT_H
#define TQUIC_TOOL_PRINT_H

#include <stdio.h>

#include "link.h"

/* Text for people, or one JSON array (with no devices: []) for programs. */
void print_links_text(FILE *f, const struct tquic_links *links);
void print_links_json(FILE *f, const struct tquic_links *links);

#endif /* TQUIC_TOOL_PRINT_H */
