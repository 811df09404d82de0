// SPDX-License-Identifier: GPL-2.0
/*
 * dump.c - printing parcels for people (bipc_parcel_dump()), in the
 * format of Android's "service call" output.
 */

#include <string.h>

#include "binderipc.h"

#define WORDS_PER_LINE	4

static void dump_line(FILE *f, const uint8_t *data, size_t size, size_t off)
{
	size_t i, n = size - off < WORDS_PER_LINE * 4 ? size - off : WORDS_PER_LINE * 4;
	uint32_t word;

	fprintf(f, "  0x%08zx: ", off);
	for (i = 0; i < WORDS_PER_LINE * 4; i += 4) {
		if (i < n) {
			word = 0;
			memcpy(&word, data + off + i, n - i < 4 ? n - i : 4);
			fprintf(f, "%08x ", word);
		} else {
			fputs("         ", f);
		}
	}
	fputc('\'', f);
	for (i = 0; i < n; i++)
		fputc(data[off + i] >= 0x20 && data[off + i] < 0x7f ? data[off + i] : '.', f);
	fputc('\'', f);
}

static void dump_object(FILE *f, const struct bipc_parcel *p, size_t i)
{
	size_t off = bipc_parcel_object_offset(p, i);
	struct flat_binder_object o;

	fprintf(f, "  object at 0x%04zx: ", off);
	if (off > bipc_parcel_size(p) || bipc_parcel_size(p) - off < sizeof(o)) {
		fputs("outside the data\n", f);
		return;
	}
	memcpy(&o, bipc_parcel_data(p) + off, sizeof(o));
	switch (o.hdr.type) {
	case BINDER_TYPE_HANDLE:
		fprintf(f, "handle %u\n", o.handle);
		break;
	case BINDER_TYPE_WEAK_HANDLE:
		fprintf(f, "weak handle %u\n", o.handle);
		break;
	case BINDER_TYPE_BINDER:
		fprintf(f, "local binder %#llx\n", (unsigned long long)o.binder);
		break;
	case BINDER_TYPE_WEAK_BINDER:
		fprintf(f, "weak local binder %#llx\n", (unsigned long long)o.binder);
		break;
	case BINDER_TYPE_FD:
		fprintf(f, "fd %d\n", (int)o.handle);
		break;
	default:
		fprintf(f, "type %#x\n", o.hdr.type);
		break;
	}
}

void bipc_parcel_dump(FILE *f, const struct bipc_parcel *p)
{
	size_t size = bipc_parcel_size(p), off, i;

	if (!size) {
		fputs("Parcel(empty)\n", f);
		return;
	}
	fputs("Parcel(\n", f);
	for (off = 0; off < size; off += WORDS_PER_LINE * 4) {
		dump_line(f, bipc_parcel_data(p), size, off);
		fputs(off + WORDS_PER_LINE * 4 >= size ? ")\n" : "\n", f);
	}
	for (i = 0; i < bipc_parcel_objects(p); i++)
		dump_object(f, p, i);
}
